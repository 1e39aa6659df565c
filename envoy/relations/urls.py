"""URLs of relations. Each views module lists its own routes; they are gathered here."""

from .views import briefing, interop, pages, suggestions

app_name = "relations"
urlpatterns = [
    *pages.urlpatterns,
    *interop.urlpatterns,
    *briefing.urlpatterns,
    *suggestions.urlpatterns,
]
