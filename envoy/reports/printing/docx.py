def render_docx(document: dict) -> bytes:
    raise NotImplementedError
