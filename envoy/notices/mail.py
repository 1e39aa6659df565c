"""A notice as an e-mail: in its recipient's language, plain text with an HTML alternative,
linking to the page where the work is done (``ENVOY_BASE_URL`` makes the link absolute).

Each kind's template (``notices/mail/<kind>.html``) has three partials: ``subject``,
``text`` and ``html``; ``notices/mail/layout.html`` wraps the bodies with the greeting, the
link and how to turn the kind off.
"""

import datetime as dt

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .registry import Kind


def absolute(path: str) -> str:
    return settings.ENVOY_BASE_URL + path


def compose(notice, kind: Kind, obj, *, today: dt.date | None = None) -> EmailMultiAlternatives:
    """The message of ``notice`` about ``obj``; ``today`` (the local date when left out) is
    the day its days left are counted from."""
    user = notice.recipient
    today = today or timezone.localdate()
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {
            "object": obj,
            "recipient": user,
            "kind": kind,
            "link": absolute(kind.url(obj)),
            "settings_link": absolute(reverse("notices:settings")),
            "today": today,
            "LANGUAGE_CODE": translation.get_language(),
            **kind.extra(obj, today),
        }
        subject = " ".join(render_to_string(f"{kind.template}#subject", context).split())
        context["subject"] = subject
        text = render_to_string(
            "notices/mail/layout.html#text",
            {**context, "body": render_to_string(f"{kind.template}#text", context).strip()},
        )
        html = render_to_string(
            "notices/mail/layout.html#html",
            {**context, "body": render_to_string(f"{kind.template}#html", context)},
        )
    message = EmailMultiAlternatives(
        subject=settings.EMAIL_SUBJECT_PREFIX + subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        # Auto-replies (out of office) are not sent back to a machine's message (RFC 3834).
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(html, "text/html")
    return message
