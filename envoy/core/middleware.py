from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.utils import translation

from envoy.core.lib import requestid


class RequestIdMiddleware:
    """Gives each request its id (the proxy's X-Request-ID when safe, else a new one): on
    ``request.request_id``, on every log record written while it is handled, in the
    response's X-Request-ID header and on the error page, so a user can quote it to IT.
    First in MIDDLEWARE, so that every response carries it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = requestid.from_header(request.headers.get(requestid.HEADER))
        # Cleared when the response is finished (envoy.core.apps), not here: Django logs a
        # 4xx response after the middleware has returned it.
        requestid.current.set(request.request_id)
        response = self.get_response(request)
        response.headers[requestid.HEADER] = request.request_id
        return response


class UserLanguageMiddleware:
    """The interface language: the signed-in user's choice, else the language cookie set
    by the switch on the sign-in page, else zh-Hant. The browser's Accept-Language is not
    consulted: zh-Hant is the default for everyone until they choose."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            language = user.language
        else:
            language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, settings.LANGUAGE_CODE)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        try:
            response = self.get_response(request)
        finally:
            # The worker's next request (or test) starts from the default again.
            translation.deactivate()
        response.headers.setdefault("Content-Language", language)
        return response


class HtmxSignedOutMiddleware:
    """An htmx request from someone whose session ended gets 401, not the redirect to the
    sign-in page: the browser would follow that redirect unseen and htmx would put the
    sign-in page where the form being saved was, and the words typed into it would be gone.
    htmx swaps nothing on a 401 and ``envoy.js`` says what happened (after HtmxMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            getattr(request, "htmx", False)
            and response.status_code == 302
            and not request.user.is_authenticated
            and response.get("Location", "").startswith(resolve_url(settings.LOGIN_URL))
        ):
            return HttpResponse(status=401)
        return response
