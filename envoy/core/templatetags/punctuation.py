"""Template filters for the punctuation of ``envoy.core.lib.punctuation``, escaping what they
are given: ``{{ cities|join_list }}``, ``{{ organisation.abbreviation|aside }}``,
``{{ field.label|labelled:value }}``."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from envoy.core.lib import punctuation

register = template.Library()


@register.filter
def join_list(items) -> str:
    return mark_safe(
        punctuation.join_list(conditional_escape(i) for i in items if i not in ("", None))
    )


@register.filter
def aside(text) -> str:
    return mark_safe(punctuation.aside(conditional_escape(text)))


@register.filter
def labelled(label, value) -> str:
    return mark_safe(punctuation.labelled(conditional_escape(label), conditional_escape(value)))


@register.filter
def colon(label) -> str:
    """A label followed by its colon, for a value set in markup of its own."""
    return mark_safe(punctuation.labelled(conditional_escape(label), ""))
