"""A form renderer with the commonest widgets written in Python.

Django renders every widget, and every ``<option>`` of a select, through a template, and an
editing page with dozens of forms spent most of its time there (docs/performance.md). The HTML produced is the same as Django's own templates', less the white space between
options. The strings are put together with ``escaped_format``: Django's ``format_html``
escaping, at half its cost. ``tests/core/test_forms_renderer.py`` compares every widget it
draws, and the editing pages, with Django's own renderer; it stays only while they agree.
"""

import html

from django.forms.renderers import DjangoTemplates
from django.utils.safestring import SafeString, mark_safe


def _escaped(value) -> str:
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


def escaped_format(format_string: str, /, *args, **kwargs) -> SafeString:
    """``format_html``, with the same escaping (``html.escape``; what is marked safe passes
    as it is), at half its cost: format_html escapes each value through Django's lazy-aware
    ``escape``, a few µs a value, and a form draws hundreds of them."""
    return SafeString(
        format_string.format(
            *[_escaped(arg) for arg in args], **{k: _escaped(v) for k, v in kwargs.items()}
        )
    )


def _attrs(attrs: dict) -> str:
    """As django/forms/widgets/attrs.html: ``False`` leaves the attribute out, ``True``
    writes it bare."""
    out = []
    for name, value in attrs.items():
        if value is False or value is None:
            continue
        out.append(
            escaped_format(" {}", name)
            if value is True
            else escaped_format(' {}="{}"', name, value)
        )
    return mark_safe("".join(out))


def _input(widget: dict) -> str:
    value = widget.get("value")
    value_html = escaped_format(' value="{}"', value) if value is not None else ""
    return escaped_format(
        '<input type="{}" name="{}"{}{}>',
        widget["type"],
        widget["name"],
        value_html,
        _attrs(widget["attrs"]),
    )


def _option(option: dict) -> str:
    # A chosen option carries selected=True in its attrs, as Django's template expects.
    return escaped_format(
        '<option value="{}"{}>{}</option>',
        option["value"],
        _attrs(option["attrs"]),
        option["label"],
    )


def _select(widget: dict) -> str:
    parts = []
    for group_name, group_choices, _index in widget["optgroups"]:
        options = mark_safe("".join(_option(o) for o in group_choices))
        if group_name:
            parts.append(escaped_format('<optgroup label="{}">{}</optgroup>', group_name, options))
        else:
            parts.append(options)
    return escaped_format(
        '<select name="{}"{}>{}</select>',
        widget["name"],
        _attrs(widget["attrs"]),
        mark_safe("".join(parts)),
    )


def _textarea(widget: dict) -> str:
    return escaped_format(
        '<textarea name="{}"{}>\n{}</textarea>',
        widget["name"],
        _attrs(widget["attrs"]),
        widget["value"] if widget["value"] is not None else "",
    )


_FAST = {
    "django/forms/widgets/text.html": _input,
    "django/forms/widgets/number.html": _input,
    "django/forms/widgets/hidden.html": _input,
    "django/forms/widgets/date.html": _input,
    "django/forms/widgets/time.html": _input,
    "django/forms/widgets/email.html": _input,
    "django/forms/widgets/url.html": _input,
    "django/forms/widgets/password.html": _input,
    "django/forms/widgets/search.html": _input,
    "django/forms/widgets/input.html": _input,
    "django/forms/widgets/select.html": _select,
    "django/forms/widgets/textarea.html": _textarea,
}


class FastFormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        fast = _FAST.get(template_name)
        if fast is not None:
            return fast(context["widget"])
        return super().render(template_name, context, request=request)


__all__ = ["FastFormRenderer"]
