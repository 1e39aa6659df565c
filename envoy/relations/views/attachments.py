"""Files attached to relations records (an agreement's text, a presentation's slides),
served by the views that check the reader — media is never served as is."""

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404


def file_name(attached: FieldFile) -> str:
    """The name the file was uploaded as (without its folder); empty when there is none."""
    return attached.name.rsplit("/", 1)[-1] if attached else ""


def download(attached: FieldFile, content_types: dict[str, str]) -> FileResponse:
    """The file as a download, typed by its suffix from ``content_types`` (``.pdf`` →
    ``application/pdf``; anything else as bytes). 404 when there is no file, or it is gone
    from storage."""
    if not attached:
        raise Http404
    name = file_name(attached)
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    try:
        handle = attached.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=name,
        content_type=content_types.get(suffix, "application/octet-stream"),
    )
