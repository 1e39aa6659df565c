"""Punctuation that joins or frames pieces of text on screen, as the reader's language writes
it: 東京、大阪 and （秘書處） in Chinese; "Tokyo, Osaka" and "(Secretariat)" in English.

Every list, aside and label-value pair Envoy builds for a page goes through here (templates
through the filters of ``envoy.core.templatetags.punctuation``), so that an English screen
never shows 、，：（） around its own words. Each mark is one translated msgid."""

from collections.abc import Iterable

from django.utils.translation import gettext as _


def join_list(items: Iterable) -> str:
    """``items`` as a list in running text: 東京、大阪 / Tokyo, Osaka. Empty items are left out."""
    return _("、").join(str(item) for item in items if item not in ("", None))


def aside(text) -> str:
    """``text`` in parentheses, set after what it qualifies: （IRD） / " (IRD)"."""
    return _("（%(aside)s）") % {"aside": text}


def labelled(label, value) -> str:
    """A label and its value: 主題：永續 / Theme: sustainability."""
    return _("%(label)s：%(value)s") % {"label": label, "value": value}
