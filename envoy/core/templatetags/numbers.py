"""Template filters for amounts, from ``envoy.core.lib.numbers``."""

from django import template

from envoy.core.lib.numbers import thousands

register = template.Library()
register.filter("thousands", thousands)
