"""The photo pages: serving a photo, the figure group's photos, upload, remove and move."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from envoy.reports.enums import BlockKind
from envoy.reports.models import Block, Photo
from envoy.reports.photos import add_photo
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}

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
CHANGE = {
    "officer": 200,
    "owner": 200,
    "colleague": 200,
    "outsider": 404,
    "reviewer": 403,
    "viewer": 403,
    "admin": 200,
    "anonymous": "sign-in",
}


def jpeg(size=(160, 120), color=(30, 90, 160)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG")
    return buffer.getvalue()


def upload(name="photo.jpg", data=None):
    return SimpleUploadedFile(name, data if data is not None else jpeg(), "image/jpeg")


def outcome(response) -> int | str:
    """The status, or "sign-in": the redirect to the sign-in page, or the 401 an htmx
    request gets in its place (core/middleware.py: HtmxSignedOutMiddleware)."""
    if response.status_code == 302 and response["Location"].startswith(reverse("login")):
        return "sign-in"
    if response.status_code == 401 and response.wsgi_request.htmx:
        return "sign-in"
    return response.status_code


@pytest.fixture
def group(mission_report) -> Block:
    return (
        Block.objects.select_related("chapter__report__mission")
        .filter(chapter__report=mission_report, kind=BlockKind.FIGURES)
        .order_by("chapter__number", "position")
        .first()
    )


@pytest.fixture
def photo(group, cast) -> Photo:
    return add_photo(user=cast["owner"], block=group, upload=upload("會場.jpg"))


# ----- Serving -----


@pytest.mark.parametrize(("who", "expected"), SEE.items())
@pytest.mark.parametrize("size", ["thumb", "full"])
def test_who_may_see_a_photo(photo, cast, who, expected, size):
    response = client_for(cast[who]).get(reverse("reports:photo", args=[photo.pk, size]))
    assert outcome(response) == expected


@pytest.mark.parametrize(("size", "field"), [("thumb", "thumbnail"), ("full", "image")])
def test_a_photo_is_served_as_what_it_is_privately_and_unsniffed(photo, cast, size, field):
    response = client_for(cast["viewer"]).get(reverse("reports:photo", args=[photo.pk, size]))
    with getattr(photo, field).open("rb") as handle:
        expected = handle.read()
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == expected
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "private, max-age=3600"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_transparent_png_is_served_as_png(group, cast):
    buffer = io.BytesIO()
    Image.new("RGBA", (50, 50), (0, 0, 0, 0)).save(buffer, "PNG")
    item = add_photo(user=cast["owner"], block=group, upload=upload("logo.png", buffer.getvalue()))
    response = client_for(cast["owner"]).get(reverse("reports:photo", args=[item.pk, "full"]))
    assert response["Content-Type"] == "image/png"


def test_a_stored_file_that_is_not_an_image_is_only_offered_as_a_download(group, cast):
    # Photos inside an imported JSON file are kept as they came: their name proves nothing.
    item = Photo(figure_group=group, original_filename="x.jpg", sha256="0" * 64)
    item.image.save("x.jpg", ContentFile(b"<html><script>alert(1)</script></html>"), save=False)
    item.save()
    response = client_for(cast["owner"]).get(reverse("reports:photo", args=[item.pk, "thumb"]))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == 'attachment; filename="x.jpg"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_photo_is_not_reachable_under_media(photo, cast):
    response = client_for(cast["admin"]).get("/media/" + photo.image.name)
    assert response.status_code == 404


def test_an_unknown_photo_size_is_not_found(photo, cast):
    response = client_for(cast["owner"]).get(reverse("reports:photo", args=[photo.pk, "huge"]))
    assert response.status_code == 404


# ----- The figure group's photos -----


@pytest.mark.parametrize(("who", "expected"), SEE.items())
def test_who_may_see_a_figure_groups_photos(group, photo, cast, who, expected):
    response = client_for(cast[who]).get(reverse("reports:photo_upload", args=[group.pk]), **HTMX)
    assert outcome(response) == expected


def test_an_editor_sees_the_upload_form_and_each_photos_tools(group, photo, cast):
    response = client_for(cast["owner"]).get(reverse("reports:photo_upload", args=[group.pk]))
    html = response.content.decode()
    assert f'id="figure-photos-{group.pk}"' in html
    assert 'accept="image/jpeg,image/png,image/webp" multiple' in html
    assert 'hx-encoding="multipart/form-data"' in html
    assert (
        html.count(reverse("reports:photo_move", args=[photo.pk])) == 4
    )  # action + hx-post, twice
    assert reverse("reports:photo_delete", args=[photo.pk]) in html
    assert reverse("reports:photo", args=[photo.pk, "thumb"]) in html
    assert "圖 1" in html


def test_a_viewer_sees_the_photos_without_any_form(group, photo, cast):
    response = client_for(cast["viewer"]).get(reverse("reports:photo_upload", args=[group.pk]))
    html = response.content.decode()
    assert reverse("reports:photo", args=[photo.pk, "thumb"]) in html
    assert "<form" not in html


def test_the_partial_given_only_a_block_is_read_only(group, photo):
    block = Block.objects.prefetch_related("photos").get(pk=group.pk)
    html = render_to_string("reports/photos/figure_photos.html", {"block": block})
    assert reverse("reports:photo", args=[photo.pk, "thumb"]) in html
    assert "<form" not in html


def test_showing_a_figure_group_takes_as_many_queries_for_one_photo_as_for_six(group, cast):
    client = client_for(cast["owner"])
    url = reverse("reports:photo_upload", args=[group.pk])
    add_photo(user=cast["owner"], block=group, upload=upload())
    client.get(url)  # the session and the like, once
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(5):
        add_photo(user=cast["owner"], block=group, upload=upload())
    with CaptureQueriesContext(connection) as six:
        response = client.get(url)
    assert response.content.decode().count("<figure>") == 6
    assert len(six) == len(one)


# ----- Uploading -----


@pytest.mark.parametrize(("who", "expected"), CHANGE.items())
def test_who_may_upload_a_photo(group, cast, who, expected):
    response = client_for(cast[who]).post(
        reverse("reports:photo_upload", args=[group.pk]), {"photos": upload()}, **HTMX
    )
    assert outcome(response) == expected
    assert group.photos.count() == (1 if expected == 200 else 0)


def test_uploading_several_photos_keeps_the_good_ones_and_names_each_refused_one(group, cast):
    response = client_for(cast["owner"]).post(
        reverse("reports:photo_upload", args=[group.pk]),
        {"photos": [upload("a.jpg"), upload("notes.jpg", "會議筆記".encode()), upload("b.jpg")]},
        **HTMX,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert list(group.photos.values_list("original_filename", flat=True)) == ["a.jpg", "b.jpg"]
    assert "「notes.jpg」不是 JPEG、PNG 或 WebP 圖片，無法上傳。" in html
    assert html.count("<figure>") == 2
    assert response["HX-Trigger"] == "figures-renumbered"


def test_an_upload_with_only_refused_files_answers_422_with_the_reason_in_place(group, cast):
    response = client_for(cast["owner"]).post(
        reverse("reports:photo_upload", args=[group.pk]),
        {"photos": upload("notes.jpg", b"plain text")},
        **HTMX,
    )
    assert response.status_code == 422
    assert "HX-Trigger" not in response
    assert "「notes.jpg」不是 JPEG、PNG 或 WebP 圖片，無法上傳。" in response.content.decode()
    assert f'id="figure-photos-{group.pk}"' in response.content.decode()
    assert group.photos.count() == 0


def test_an_upload_without_a_file_asks_for_one(group, cast):
    response = client_for(cast["owner"]).post(
        reverse("reports:photo_upload", args=[group.pk]), {}, **HTMX
    )
    assert response.status_code == 422
    assert "請選擇要上傳的照片。" in response.content.decode()


def test_without_javascript_an_upload_returns_to_the_editing_page(group, cast):
    client = client_for(cast["owner"])
    response = client.post(
        reverse("reports:photo_upload", args=[group.pk]),
        {"photos": [upload("a.jpg"), upload("notes.jpg", b"text")]},
    )
    assert response.status_code == 302
    assert response["Location"] == (
        reverse("reports:edit", args=[group.chapter.report_id]) + f"#figure-photos-{group.pk}"
    )
    assert [str(m) for m in response.wsgi_request._messages] == [
        "「notes.jpg」不是 JPEG、PNG 或 WebP 圖片，無法上傳。"
    ]
    assert group.photos.count() == 1


def test_a_block_that_is_not_a_figure_group_has_no_photo_page(mission_report, cast):
    paragraph = Block.objects.filter(
        chapter__report=mission_report, kind=BlockKind.PARAGRAPH
    ).first()
    response = client_for(cast["owner"]).get(reverse("reports:photo_upload", args=[paragraph.pk]))
    assert response.status_code == 404


# ----- Removing and moving -----


@pytest.mark.parametrize(("who", "expected"), CHANGE.items())
def test_who_may_remove_a_photo(photo, cast, who, expected):
    response = client_for(cast[who]).post(reverse("reports:photo_delete", args=[photo.pk]), **HTMX)
    assert outcome(response) == expected
    assert Photo.objects.filter(pk=photo.pk).exists() == (expected != 200)


def test_removing_a_photo_with_htmx_answers_the_groups_photos(group, photo, cast):
    response = client_for(cast["owner"]).post(
        reverse("reports:photo_delete", args=[photo.pk]), **HTMX
    )
    html = response.content.decode()
    assert f'id="figure-photos-{group.pk}"' in html
    assert "這個圖組還沒有照片。" in html
    assert response["HX-Trigger"] == "figures-renumbered"


def test_a_photo_cannot_be_removed_with_a_get(photo, cast):
    response = client_for(cast["owner"]).get(reverse("reports:photo_delete", args=[photo.pk]))
    assert response.status_code == 405
    assert Photo.objects.filter(pk=photo.pk).exists()


@pytest.mark.parametrize(("who", "expected"), CHANGE.items())
def test_who_may_move_a_photo(group, photo, cast, who, expected):
    second = add_photo(user=cast["owner"], block=group, upload=upload("second.jpg"))
    response = client_for(cast[who]).post(
        reverse("reports:photo_move", args=[second.pk]), {"direction": "left"}, **HTMX
    )
    assert outcome(response) == expected
    order = list(group.photos.values_list("original_filename", flat=True))
    assert order == (["second.jpg", "會場.jpg"] if expected == 200 else ["會場.jpg", "second.jpg"])


def test_without_javascript_moving_returns_to_the_editing_page(group, photo, cast):
    add_photo(user=cast["owner"], block=group, upload=upload("second.jpg"))
    response = client_for(cast["owner"]).post(
        reverse("reports:photo_move", args=[photo.pk]), {"direction": "right"}
    )
    assert response.status_code == 302
    assert list(group.photos.values_list("original_filename", flat=True)) == [
        "second.jpg",
        "會場.jpg",
    ]


def test_an_unknown_direction_is_a_bad_request(photo, cast):
    response = client_for(cast["owner"]).post(
        reverse("reports:photo_move", args=[photo.pk]), {"direction": "up"}
    )
    assert response.status_code == 400
