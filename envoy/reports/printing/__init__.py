"""Printing a report: PDF (Typst), ODT (odfdo) and DOCX (python-docx), all filled from the
same ``envoy.report`` document and the labels in :mod:`.common`."""

FORMATS = ("pdf", "odt", "docx")


def render(document: dict, fmt: str) -> bytes:
    if fmt == "pdf":
        from .pdf import render_pdf

        return render_pdf(document)
    if fmt == "odt":
        from .odt import render_odt

        return render_odt(document)
    if fmt == "docx":
        from .docx import render_docx

        return render_docx(document)
    raise ValueError(f"unknown format {fmt!r}")
