"""Whose address a request comes from, when Envoy runs behind reverse proxies.

Behind nginx every request's REMOTE_ADDR is nginx's own: counting failed sign-ins per address
would then count everyone's together. Each proxy appends the address it saw to
X-Forwarded-For; with ENVOY_PROXY_COUNT proxies, the client is that many entries from the
right. Entries further left are whatever the client sent, and are never trusted.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip_address(request: HttpRequest) -> str | None:
    """The client's address as the outermost proxy saw it; REMOTE_ADDR when there are no
    proxies, or when the header is shorter than the proxies (a request that went round them)
    or holds something that is not an address."""
    remote = request.META.get("REMOTE_ADDR")
    count = settings.ENVOY_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) < count:
        return remote
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
