import zipfile

from django.utils.translation import gettext as _
from lxml.etree import LxmlError

# How python-docx, odfdo and lxml fail on a damaged package: a broken zip, a missing part, a
# part that is not the XML it should be.
DAMAGED = (
    zipfile.BadZipFile,
    KeyError,
    ValueError,
    AttributeError,
    SyntaxError,
    NotImplementedError,
    EOFError,
    TypeError,
    IndexError,
    LxmlError,
)


class UnreadableReport(Exception):
    """A file Envoy cannot import. The message is for the user, in their language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def too_large(size: int, limit: int) -> UnreadableReport:
    return UnreadableReport(
        _("檔案太大（%(size).1f MB），上限為 %(limit).0f MB。")
        % {"size": size / 1024 / 1024, "limit": limit / 1024 / 1024}
    )
