"""The form renderer's formatting escapes exactly as format_html does."""

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy

from envoy.core.forms_renderer import escaped_format

VALUES = [
    "<script>alert('x')</script> & \"quoted\"",
    "「中文」與 ' 單引號",
    42,
    None,
    mark_safe("<b>marked safe</b>"),
    gettext_lazy("編輯"),
]


def test_rows_are_escaped_as_format_html_escapes_them():
    for value in VALUES:
        assert escaped_format("<p title='{}'>{}</p>", value, value) == format_html(
            "<p title='{}'>{}</p>", value, value
        )
        assert escaped_format("<a>{name}</a>", name=value) == format_html(
            "<a>{name}</a>", name=value
        )


def test_what_comes_out_is_marked_safe():
    assert isinstance(escaped_format("<i>{}</i>", "x"), SafeString)
