"""Files written by management commands: whole or not at all."""

from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _


def write_whole(output: Path, data: bytes) -> None:
    """Write ``data`` to ``output`` beside it first, so a failure never leaves half a file;
    a path that cannot be written is a ``CommandError`` saying why."""
    partial = output.with_name(output.name + ".partial")
    try:
        partial.write_bytes(data)
        partial.replace(output)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise CommandError(
            _("無法寫入「%(path)s」：%(reason)s") % {"path": output, "reason": error.strerror}
        ) from None
