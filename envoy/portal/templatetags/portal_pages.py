"""Filters of the archive's pages."""

from django import template

from envoy.portal.catalogue import region_label

register = template.Library()


@register.filter
def region(value: str) -> str:
    """前往地區 in the visitor's language: 日本, or Japan in English."""
    return region_label(value) if value else ""
