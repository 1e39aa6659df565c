"""Text as Envoy keeps it: what people typed or pasted, without the control characters that no
document format can hold (Word's manual line break pastes as a vertical tab; a NUL cannot be
stored in PostgreSQL text; XML refuses both). A line break stays a line break."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_LINE_BREAKS = str.maketrans(
    {"\v": "\n", "\f": "\n", "\x1c": "\n", "\x1d": "\n", "\x1e": "\n", "\x85": "\n", "\u2028": "\n"}
)
# C0 controls but tab and line feed, DEL, the noncharacters U+FFFE/U+FFFF, lone surrogates.
_UNPRINTABLE = re.compile("[\x00-\x08\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


def clean_text(text: str) -> str:
    """``text`` with line breaks of every kind as \\n and the characters no document format
    can hold removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2029", "\n\n")
    return _UNPRINTABLE.sub("", text.translate(_LINE_BREAKS))


def clean_strings(value):
    """``value`` (a document: dicts, lists, strings, numbers) with every string cleaned."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {key: clean_strings(item) for key, item in value.items()}
    if isinstance(value, list):
        return [clean_strings(item) for item in value]
    return value


def check_lengths(rows) -> None:
    """Refuse rows (model instances not saved yet) whose text is longer than its field holds
    — a 600-character title from a file — before the database refuses it half-way through."""
    for row in rows:
        for field in row._meta.concrete_fields:
            value = getattr(row, field.attname)
            if field.max_length and isinstance(value, str) and len(value) > field.max_length:
                raise ValidationError(
                    _("「%(field)s」超過 %(limit)d 字（%(length)d 字），無法匯入。")
                    % {"field": field.verbose_name, "limit": field.max_length, "length": len(value)}
                )
