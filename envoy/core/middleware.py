from django.conf import settings
from django.utils import translation


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
