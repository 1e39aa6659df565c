"""Filters of the relations pages."""

from django import template

from envoy.core.lib.places import country_name

register = template.Library()


@register.filter
def country(code: str) -> str:
    """JP → 日本 (or Japan in English); empty for no code."""
    return country_name(code) if code else ""
