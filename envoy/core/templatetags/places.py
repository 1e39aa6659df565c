"""Countries on the pages: stored values (ISO codes, or names no country was found for) by
name in the reader's language."""

from django import template

from envoy.core.lib.places import places_shown

register = template.Library()
register.filter("places_shown", places_shown)
