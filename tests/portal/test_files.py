"""The public PDF of a report (typeset once per change, classified parts left out) and the
photos of its figures."""

import pypdfium2 as pdfium
import pytest

from envoy.portal.public_pdf import folder
from envoy.reports.models import Block, Report
from envoy.reports.services import export_report, move_report
from tests.conftest import client_for

from .corpus import PUBLISHED_TEXT, RESTRICTED_CAPTION, RESTRICTED_CHAPTER, RESTRICTED_TEXT

CAST = ["officer", "owner", "colleague", "outsider", "reviewer", "viewer", "admin", "anonymous"]


def pdf_text(data: bytes) -> str:
    """Every page's text, whitespace removed (CJK lines break anywhere)."""
    pdf = pdfium.PdfDocument(data)
    return "".join("".join(page.get_textpage().get_text_range().split()) for page in pdf)


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def cached(report: Report) -> list[str]:
    return sorted(p.name for p in folder().glob(f"{report.pk}-*.pdf"))


@pytest.mark.parametrize("who", CAST)
def test_anyone_downloads_the_public_pdf_of_a_published_report(archive, cast, who):
    seed = archive["seed"]
    response = client_for(cast[who]).get(f"/archive/reports/{seed.pk}.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "inline; filename*=utf-8''%E8%B5%B4%E6%97%A5%E6%9C%AC%E6%9D%B1%E4%BA%AC%E5%87%BA%E5%B8%AD"
        "%202026%20%E5%85%A8%E7%90%83%E5%9F%8E%E5%B8%82%E6%B0%B8%E7%BA%8C%E7%B6%B2%E7%B5%A1"
        "%28G-Nets%29%E9%A6%96%E9%95%B7%E9%AB%98%E5%B3%B0%E6%9C%83%E5%87%BA%E5%9C%8B%E5%A0%B1"
        "%E5%91%8A.pdf"
    )
    assert response["Cache-Control"] == "public, max-age=300"


def test_the_public_pdf_leaves_classified_parts_out_and_the_staff_pdf_keeps_them(archive):
    seed = archive["seed"]
    public = pdf_text(body(client_for(None).get(f"/archive/reports/{seed.pk}.pdf")))
    staff = pdf_text(export_report(seed.pk, "pdf"))
    for marker in (RESTRICTED_TEXT, RESTRICTED_CHAPTER, RESTRICTED_CAPTION):
        assert (marker in public, marker in staff) == (False, True)
    assert PUBLISHED_TEXT in public
    assert "本章內容限閱，不予公開。" in public


def test_the_pdf_is_typeset_once_and_again_only_when_the_report_changes(archive):
    seed = archive["seed"]
    client = client_for(None)
    first = body(client.get(f"/archive/reports/{seed.pk}.pdf"))
    (name,) = cached(seed)
    stamp = (folder() / name).stat().st_mtime_ns
    assert body(client.get(f"/archive/reports/{seed.pk}.pdf")) == first
    assert cached(seed) == [name]
    assert (folder() / name).stat().st_mtime_ns == stamp
    # A word changed in a block: neither the report's version nor its updated_at moves.
    block = Block.objects.filter(chapter__report=seed, kind="paragraph", restricted=False).first()
    Block.objects.filter(pk=block.pk).update(text="改寫後的公開段落PdfChangedMarker")
    changed = body(client.get(f"/archive/reports/{seed.pk}.pdf"))
    (new_name,) = cached(seed)
    assert new_name != name
    assert "PdfChangedMarker" in pdf_text(changed)


def test_no_temporary_file_is_left_behind(archive):
    seed = archive["seed"]
    client_for(None).get(f"/archive/reports/{seed.pk}.pdf")
    assert sorted(p.name for p in folder().iterdir()) == cached(seed)


def test_copies_go_when_the_report_is_taken_back_from_the_public_or_deleted(
    archive, cast, django_capture_on_commit_callbacks
):
    seed = archive["seed"]
    client_for(None).get(f"/archive/reports/{seed.pk}.pdf")
    assert len(cached(seed)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        move_report(user=cast["officer"], report=seed, to_status="approved")
    assert cached(seed) == []
    assert client_for(None).get(f"/archive/reports/{seed.pk}.pdf").status_code == 404
    other = archive["published"][1]
    client_for(None).get(f"/archive/reports/{other.pk}.pdf")
    assert len(cached(other)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        other.mission.delete()
    assert cached(other) == []


@pytest.mark.parametrize("status", ["draft", "submitted", "returned", "approved"])
def test_no_pdf_of_a_report_not_published(archive, status):
    hidden = archive["hidden"][status]
    response = client_for(None).get(f"/archive/reports/{hidden.pk}.pdf")
    assert response.status_code == 404
    assert not folder().exists() or cached(hidden) == []


# ----- Photos -----


def seed_photos(archive):
    from envoy.reports.models import Photo

    return list(Photo.objects.filter(figure_group__chapter__report=archive["seed"]).order_by("id"))


@pytest.mark.parametrize("size", ["thumb", "full"])
def test_a_photo_of_a_published_figure_is_served(archive, size):
    shown = seed_photos(archive)[0]
    response = client_for(None).get(f"/archive/photos/{shown.pk}/{size}/")
    assert response.status_code == 200
    assert response["Content-Type"] == ("image/jpeg" if size == "thumb" else "image/png")


@pytest.mark.parametrize("who", CAST)
def test_a_photo_of_a_classified_figure_is_not_served_to_anyone(archive, cast, who):
    hidden, client = archive["hidden_photo"], client_for(cast[who])
    assert client.get(f"/archive/photos/{hidden.pk}/full/").status_code == 404
    assert client.get(f"/archive/photos/{hidden.pk}/thumb/").status_code == 404


def test_a_photo_of_a_report_not_published_is_not(archive):
    shown = seed_photos(archive)[0]
    Report.objects.filter(pk=archive["seed"].pk).update(status="approved")
    assert client_for(None).get(f"/archive/photos/{shown.pk}/full/").status_code == 404


def test_a_photo_in_an_unknown_size_is_not_found(archive):
    shown = seed_photos(archive)[0]
    assert client_for(None).get(f"/archive/photos/{shown.pk}/huge/").status_code == 404
