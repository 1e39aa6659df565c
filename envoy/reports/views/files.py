"""Printing and downloading a report, and the photos of its figure groups.

Files are never served from /media/: each view here first asks ``permissions`` whether the
user may see the report they belong to.
"""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from ..enums import BlockKind
from ..models import Block, Photo
from ..permissions import can_edit_report, get_report_for_user
from ..photos import PhotoRejected, add_photo, move_photo, remove_photo
from ..review import review_sheet
from ..services import export_report, export_review_form

# What each download is, and the extension of its file.
FORMATS = {
    "pdf": ("application/pdf", "pdf"),
    "odt": ("application/vnd.oasis.opendocument.text", "odt"),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
    ),
    "json": ("application/json; charset=utf-8", "json"),
}

# The downloads the print page offers: format, label, what it is for.
DOWNLOADS = [
    ("pdf", "PDF", gettext_lazy("正式版本，供列印、存檔與上傳公務出國報告資訊網")),
    ("odt", "ODT", gettext_lazy("ODF 文字文件，可再編輯（政府文件標準格式）")),
    ("docx", "DOCX", gettext_lazy("Word 文件，可再編輯")),
    ("json", "JSON", gettext_lazy("Envoy 資料檔，含照片，可匯入另一套 Envoy")),
]

# Characters no file system or browser likes in a file name.
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')


def report_filename(report, extension: str) -> str:
    """The report's title as a file name: 赴日本東京出席…出國報告.pdf."""
    name = _UNSAFE.sub(" ", report.title)
    name = " ".join(name.split()).strip(" .")[:120].strip(" .")
    return f"{name or f'report-{report.pk}'}.{extension}"


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-cache"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_safe
def print_page(request, pk):
    report = get_report_for_user(request.user, pk)
    context = {
        "report": report,
        "mission": report.mission,
        "formats": DOWNLOADS,
        "sheet": review_sheet(report),
    }
    return render(request, "reports/print.html", context)


@login_required
@require_safe
def preview(request, pk):
    """The report's PDF, shown inline in the print page's frame."""
    report = get_report_for_user(request.user, pk)
    response = HttpResponse(export_report(report.pk, "pdf"), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        False, report_filename(report, "pdf")
    )
    return _private(response)


@login_required
@require_safe
def download(request, pk, fmt):
    if fmt not in FORMATS:
        raise Http404
    report = get_report_for_user(request.user, pk)
    content_type, extension = FORMATS[fmt]
    response = HttpResponse(export_report(report.pk, fmt), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(
        True, report_filename(report, extension)
    )
    return _private(response)


# The review form (審核表) prints as PDF and ODT.
REVIEW_FORM_FORMATS = ("pdf", "odt")


@login_required
@require_safe
def review_form_download(request, pk, fmt):
    """The report's review form (出國報告審核表) as a file, for whoever may see the report."""
    if fmt not in REVIEW_FORM_FORMATS:
        raise Http404
    report = get_report_for_user(request.user, pk)
    content_type, extension = FORMATS[fmt]
    response = HttpResponse(export_review_form(report.pk, fmt), content_type=content_type)
    name = report_filename(report, extension)
    response["Content-Disposition"] = content_disposition_header(True, f"審核表-{name}")
    return _private(response)


# ----- Photos -----

_IMAGE_TYPES = [
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
]


def image_content_type(head: bytes) -> str | None:
    """The content type of an image from its first bytes; None when it is not one we show.
    Photos uploaded here are always JPEG or PNG; ones that came inside an imported JSON file
    were stored as they were, so their name is not trusted."""
    for magic, content_type in _IMAGE_TYPES:
        if head.startswith(magic):
            return content_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


@login_required
@require_safe
def photo(request, pk, size):
    if size not in ("thumb", "full"):
        raise Http404
    item = get_object_or_404(Photo.objects.select_related("figure_group__chapter"), pk=pk)
    get_report_for_user(request.user, item.figure_group.chapter.report_id)
    field = item.thumbnail if size == "thumb" and item.thumbnail else item.image
    try:
        handle = field.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    head = handle.read(16)
    handle.seek(0)
    content_type = image_content_type(head)
    response = FileResponse(handle, content_type=content_type or "application/octet-stream")
    if content_type is None:
        response["Content-Disposition"] = content_disposition_header(
            True, item.original_filename or f"photo-{item.pk}"
        )
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _figure_group(request, pk, *, write: bool):
    """The figure group ``pk`` with its report, if the user may see it (404) and, with
    ``write``, change it (403)."""
    block = get_object_or_404(
        Block.objects.select_related("chapter"), pk=pk, kind=BlockKind.FIGURES
    )
    block.chapter.report = get_report_for_user(request.user, block.chapter.report_id, write=write)
    return block


def _render_photos(request, block, *, errors=(), status=200):
    """The figure group's photos as ``figure_photos.html`` draws them, fetched afresh."""
    report = block.chapter.report
    block = Block.objects.prefetch_related("photos").select_related("chapter").get(pk=block.pk)
    block.chapter.report = report
    return render(
        request,
        "reports/photos/figure_photos.html",
        {
            "block": block,
            "can_edit": can_edit_report(request.user, report),
            "photo_errors": list(errors),
        },
        status=status,
    )


def _figures_changed(response: HttpResponse) -> HttpResponse:
    """Adding or removing photos renumbers the figures of this group and every later one:
    the event lets the page around the photos refresh what shows those numbers."""
    response["HX-Trigger"] = "figures-renumbered"
    return response


def _back_to_editing(block):
    return redirect(
        reverse("reports:edit", args=[block.chapter.report_id]) + f"#figure-photos-{block.pk}"
    )


@login_required
def photo_upload(request, pk):
    """GET: the photos of a figure group. POST: add the uploaded photos to it, in order;
    each file refused is named with its reason, the others are kept."""
    block = _figure_group(request, pk, write=request.method == "POST")
    if request.method != "POST":
        return _render_photos(request, block)
    uploads = request.FILES.getlist("photos")
    errors = []
    if not uploads:
        errors.append(_("請選擇要上傳的照片。"))
    added = 0
    for upload in uploads:
        try:
            add_photo(user=request.user, block=block, upload=upload)
            added += 1
        except PhotoRejected as rejected:
            errors.append(rejected.message)
    if request.htmx:
        response = _render_photos(
            request, block, errors=errors, status=422 if errors and not added else 200
        )
        return _figures_changed(response) if added else response
    for error in errors:
        messages.error(request, error)
    return _back_to_editing(block)


def _photo_for_change(request, pk):
    item = get_object_or_404(Photo.objects.select_related("figure_group__chapter"), pk=pk)
    block = item.figure_group
    block.chapter.report = get_report_for_user(request.user, block.chapter.report_id, write=True)
    return item, block


@login_required
@require_POST
def photo_delete(request, pk):
    item, block = _photo_for_change(request, pk)
    remove_photo(user=request.user, photo=item)
    if request.htmx:
        return _figures_changed(_render_photos(request, block))
    return _back_to_editing(block)


@login_required
@require_POST
def photo_move(request, pk):
    item, block = _photo_for_change(request, pk)
    direction = request.POST.get("direction")
    if direction not in ("left", "right"):
        return HttpResponse(status=400)
    move_photo(user=request.user, photo=item, direction=direction)
    if request.htmx:
        return _render_photos(request, block)
    return _back_to_editing(block)


urlpatterns = [
    path("<int:pk>/print/", print_page, name="print"),
    path("<int:pk>/preview.pdf", preview, name="preview"),
    path("<int:pk>/download/<str:fmt>/", download, name="download"),
    path(
        "<int:pk>/review-form/download/<str:fmt>/",
        review_form_download,
        name="review_form_download",
    ),
    path("photos/<int:pk>/delete/", photo_delete, name="photo_delete"),
    path("photos/<int:pk>/move/", photo_move, name="photo_move"),
    path("photos/<int:pk>/<str:size>/", photo, name="photo"),
    path("figures/<int:pk>/photos/", photo_upload, name="photo_upload"),
]
