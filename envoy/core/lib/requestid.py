"""The request id: one short token per request, quoted by a user from the error page and found
in the log next to the traceback.

The proxy's ``X-Request-ID`` is kept when it is a safe token (nginx's ``$request_id`` is 32 hex
digits), so the proxy's access log and Envoy's log name the same id; otherwise Envoy makes one.
The id lives in a context variable while the request is handled, so every log record of the
request can carry it, whichever logger wrote it (``RequestIdFilter``).
"""

import contextvars
import logging
import re
import uuid

HEADER = "X-Request-ID"
# Letters, digits, dot, dash, underscore: nothing that could break a log line or a page.
SAFE_TOKEN = re.compile(r"[A-Za-z0-9._-]{1,128}")

current: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)


def from_header(value: str | None) -> str:
    """The proxy's id when it is a safe token, else a new one (uuid4, 32 hex digits)."""
    if value and SAFE_TOKEN.fullmatch(value):
        return value
    return uuid.uuid4().hex


def forget(**kwargs) -> None:
    """Clears the id once the response has been sent (``request_finished``): Django logs a
    4xx response after the middleware returned, so the id must outlive the middleware."""
    current.set(None)


class RequestIdFilter(logging.Filter):
    """Gives every record a ``request_id`` attribute: the current request's id, or "-"
    outside a request (management commands, start-up)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = current.get() or "-"
        return True
