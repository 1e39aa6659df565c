"""The print page, the PDF preview and the downloads."""

import io
import json
import re
import zipfile
from urllib.parse import quote

import pypdfium2
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from envoy.reports.views.files import report_filename
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

SEE = {
    "officer": 200,
    "owner": 200,
    "colleague": 200,
    "outsider": 404,
    "reviewer": 200,
    "viewer": 200,
    "admin": 200,
    "anonymous": "sign-in",
}


def outcome(response) -> int | str:
    if response.status_code == 302 and response["Location"].startswith(reverse("login")):
        return "sign-in"
    return response.status_code


def squashed(text: str) -> str:
    """Text without white space: the PDF breaks long lines where it must."""
    return re.sub(r"\s+", "", text)


def pdf_text(data: bytes) -> str:
    document = pypdfium2.PdfDocument(data)
    try:
        return "".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


@pytest.mark.parametrize(("who", "expected"), SEE.items())
def test_who_may_open_the_print_page(mission_report, cast, who, expected):
    response = client_for(cast[who]).get(reverse("reports:print", args=[mission_report.pk]))
    assert outcome(response) == expected


@pytest.mark.parametrize(("who", "expected"), SEE.items())
def test_who_may_see_the_pdf_preview(mission_report, cast, who, expected):
    response = client_for(cast[who]).get(reverse("reports:preview", args=[mission_report.pk]))
    assert outcome(response) == expected


@pytest.mark.parametrize(("who", "expected"), SEE.items())
def test_who_may_download_the_report(mission_report, cast, who, expected):
    response = client_for(cast[who]).get(
        reverse("reports:download", args=[mission_report.pk, "json"])
    )
    assert outcome(response) == expected


def test_the_print_page_frames_the_preview_and_offers_every_download(mission_report, cast):
    response = client_for(cast["viewer"]).get(reverse("reports:print", args=[mission_report.pk]))
    html = response.content.decode()
    preview = reverse("reports:preview", args=[mission_report.pk])
    assert f'<iframe id="pdf-preview" class="pdf-preview" src="{preview}"' in html
    assert 'data-print-frame="pdf-preview"' in html
    assert ">列印</button>" in html
    for fmt in ("pdf", "odt", "docx", "json"):
        assert reverse("reports:download", args=[mission_report.pk, fmt]) in html
    assert mission_report.title in html
    assert "本報告尚未核定，列印或下載的版本僅供內部檢閱。" in html


def test_the_print_page_takes_a_fixed_number_of_queries(mission_report, cast):
    client = client_for(cast["viewer"])
    url = reverse("reports:print", args=[mission_report.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    # The session, the user and the report; then the review form (審核表): the form, the
    # review events, the delegation, and the checks' chapters and blocks.
    assert len(queries) <= 9


def test_the_preview_is_the_pdf_shown_inline_in_a_frame_of_envoy(mission_report, cast):
    response = client_for(cast["owner"]).get(reverse("reports:preview", args=[mission_report.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == "inline; filename*=utf-8''" + quote(
        mission_report.title + ".pdf"
    )
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert response.content.startswith(b"%PDF")


def test_the_pdf_download_is_a_pdf_with_the_reports_title(mission_report, cast):
    response = client_for(cast["viewer"]).get(
        reverse("reports:download", args=[mission_report.pk, "pdf"])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''" + quote(
        mission_report.title + ".pdf"
    )
    assert response["Cache-Control"] == "private, no-cache"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert squashed(mission_report.title) in squashed(pdf_text(response.content))


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [
        ("odt", "application/vnd.oasis.opendocument.text"),
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ],
)
def test_the_office_downloads_are_documents_of_their_kind(mission_report, cast, fmt, content_type):
    response = client_for(cast["viewer"]).get(
        reverse("reports:download", args=[mission_report.pk, fmt])
    )
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''" + quote(
        f"{mission_report.title}.{fmt}"
    )
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        names = archive.namelist()
    assert ("content.xml" if fmt == "odt" else "word/document.xml") in names


def test_the_json_download_is_the_envoy_report_document(mission_report, cast):
    response = client_for(cast["viewer"]).get(
        reverse("reports:download", args=[mission_report.pk, "json"])
    )
    assert response["Content-Type"] == "application/json; charset=utf-8"
    document = json.loads(response.content)
    assert (document["format"], document["id"], document["report"]["title"]) == (
        "envoy.report",
        mission_report.pk,
        mission_report.title,
    )


def test_an_unknown_format_is_not_found(mission_report, cast):
    response = client_for(cast["owner"]).get(
        reverse("reports:download", args=[mission_report.pk, "exe"])
    )
    assert response.status_code == 404


def test_an_outsider_learns_nothing_of_an_unknown_format_either(mission_report, cast):
    response = client_for(cast["outsider"]).get(
        reverse("reports:download", args=[mission_report.pk, "pdf"])
    )
    assert response.status_code == 404


def test_a_file_name_keeps_the_title_but_not_characters_file_systems_refuse(mission_report):
    mission_report.title = '新北市/東京: "G-Nets"  出國報告?'
    assert report_filename(mission_report, "pdf") == "新北市 東京 G-Nets 出國報告.pdf"
    mission_report.title = "  "
    assert report_filename(mission_report, "odt") == f"report-{mission_report.pk}.odt"


def test_the_printed_report_stays_in_chinese_for_a_user_who_reads_english(mission_report, cast):
    import pypdfium2 as pdfium

    owner = cast["owner"]
    owner.language = "en"
    owner.save()
    response = client_for(owner).get(f"/reports/{mission_report.pk}/download/pdf/")
    pdf = pdfium.PdfDocument(
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    cover = pdf[0].get_textpage().get_text_range()
    pdf.close()
    assert "出國報告（出國類別：其他(出席國際會議)）" in cover.replace("\r\n", "")
    assert "Other" not in cover
