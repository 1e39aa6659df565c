"""The public copy of a report as PDF, and the photos of its figures.

Uploaded files are never served from /media/: each view here first checks that the report is
published and, for a photo, that its figure group is not classified (限閱). Anything else
answers the archive's 404, as a missing one does.
"""

from django.http import FileResponse
from django.urls import path
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from envoy.reports.views.files import image_content_type, report_filename

from .. import catalogue
from ..public_pdf import public_pdf
from .pages import not_found

# A report taken back from the public disappears from shared caches within this time.
PUBLIC_MAX_AGE = 300


def _public(response):
    response["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
def report_pdf(request, pk):
    """``/archive/reports/<id>.pdf``: the published copy, typeset once per change."""
    report = catalogue.published_reports().filter(pk=pk).only("id", "title").first()
    if report is None:
        return not_found(request)
    try:
        handle = public_pdf(report).open("rb")
    except FileNotFoundError:
        # Replaced by a newer copy (and removed) between finding it and opening it.
        handle = public_pdf(report).open("rb")
    response = FileResponse(handle, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        False, report_filename(report, "pdf")
    )
    return _public(response)


@require_safe
def photo(request, pk, size):
    """``/archive/photos/<id>/thumb/`` or ``…/full/``: a photo of a published report's
    figure group that is not classified."""
    item = catalogue.public_photo(pk) if size in ("thumb", "full") else None
    if item is None:
        return not_found(request)
    field = item.thumbnail if size == "thumb" and item.thumbnail else item.image
    try:
        handle = field.open("rb")
    except (FileNotFoundError, ValueError):
        return not_found(request)
    content_type = image_content_type(handle.read(16))
    handle.seek(0)
    if content_type is None:
        # Not an image a browser shows: never served as something else.
        handle.close()
        return not_found(request)
    return _public(FileResponse(handle, content_type=content_type))


urlpatterns = [
    path("reports/<int:pk>.pdf", report_pdf, name="report_pdf"),
    path("photos/<int:pk>/<str:size>/", photo, name="photo"),
]
