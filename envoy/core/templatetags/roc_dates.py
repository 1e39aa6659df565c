"""Template filters every page uses: dates as the reader's language writes them (the
Republic of China calendar in Chinese), from ``envoy.core.lib.rocdates``."""

from django import template

from envoy.core.lib import rocdates

register = template.Library()
register.filter("roc_date", rocdates.roc_date)
register.filter("roc_short", rocdates.roc_short)
register.filter("roc_weekday", rocdates.roc_weekday)
register.filter("year_label", rocdates.year_label)
