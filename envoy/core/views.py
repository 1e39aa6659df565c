import logging

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect, HttpResponseServerError
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .enums import Language
from .lib import requestid

logger = logging.getLogger(__name__)


class SignOutView(auth_views.LogoutView):
    """Signing out also asks the browser to forget what it keeps of the site (the
    ``Clear-Site-Data`` header): the traveller's handbook is kept for offline use — with its
    hotel and emergency phone numbers — and must not outlive the session on a shared
    computer."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response


@require_POST
def set_language(request):
    """Switch the interface language; remembered on the user, or in a cookie before sign-in."""
    language = request.POST.get("language")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language in Language.values:
        if request.user.is_authenticated:
            request.user.language = language
            request.user.save(update_fields=["language"])
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=settings.LANGUAGE_COOKIE_SECURE,
        )
    return response


def server_error(request):
    """The 500 page: says that the error was recorded and shows the request id to quote.

    Drawn without the context processors (no database query: the database may be what
    failed), in the language the request was being answered in."""
    request_id = getattr(request, "request_id", None) or requestid.current.get() or "-"
    try:
        html = render_to_string(
            "500.html",
            {"request_id": request_id, "LANGUAGE_CODE": translation.get_language()},
        )
    except Exception:
        # The page itself failed (a template or static file missing): plain words then.
        logger.exception("The 500 page could not be drawn")
        html = f"500 · 系統發生錯誤 Server error · {request_id}"
    return HttpResponseServerError(html)
