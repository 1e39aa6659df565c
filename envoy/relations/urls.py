"""URLs of relations. Each views module lists its own routes; they are gathered here."""

from .views import briefing, events, interop, pages, suggestions

app_name = "relations"
urlpatterns = [
    *pages.urlpatterns,
    *events.urlpatterns,
    *interop.urlpatterns,
    *briefing.urlpatterns,
    *suggestions.urlpatterns,
]
