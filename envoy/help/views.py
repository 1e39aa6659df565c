"""The user guide (``/help/``): one page per language, a table of contents and a section per
page of Envoy. Each page's "?" in the header links to its section: the page's template sets
``{% block help_section %}`` (base.html), and the section carries that id in both languages.

The guide is written per language (``help/guide_zh-hant.html``, ``help/guide_en.html``), not
through gettext: it is prose a translator rewrites as a whole, not strings. Visitors who are
not signed in read the parts for the public (search and the public archive) — here, and
inside the public archive (``public_guide``, in the archive's own frame: its pages link
nowhere else).
"""

from django.conf import settings
from django.shortcuts import render
from django.urls import path
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

LANGUAGES = {"en": "help/guide_en.html"}
DEFAULT = "help/guide_zh-hant.html"


@require_safe
def guide(request):
    return render(request, "help/guide.html", _context(public=not request.user.is_authenticated))


@require_safe
def public_guide(request):
    """``/archive/help/``: the public parts, in the public archive's frame."""
    return render(request, "help/public.html", _context(public=True))


def _context(*, public: bool) -> dict:
    language = (get_language() or "").split("-")[0]
    return {
        "guide_template": LANGUAGES.get(language, DEFAULT),
        "public": public,
        # The numbers the guide quotes, as this installation is set up.
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        "max_upload_mb": settings.ENVOY_MAX_UPLOAD_BYTES // (1024 * 1024),
        "review_days": settings.ENVOY_REVIEW_DAYS,
        "review_months": settings.ENVOY_ACTION_REVIEW_MONTHS,
        "min_recommendations": settings.ENVOY_MIN_RECOMMENDATIONS,
    }


app_name = "help"
urlpatterns = [path("", guide, name="guide")]
