"""URLs of relations. Each views module lists its own routes; they are gathered here."""

from .views import (
    agreements,
    briefing,
    events,
    history,
    interop,
    meetings,
    merging,
    organisations,
    people,
    pickers,
    places,
    suggestions,
)

app_name = "relations"
urlpatterns = [
    *people.urlpatterns,
    *merging.urlpatterns,
    *history.urlpatterns,
    *meetings.urlpatterns,
    *organisations.urlpatterns,
    *places.urlpatterns,
    *agreements.urlpatterns,
    *pickers.urlpatterns,
    *events.urlpatterns,
    *interop.urlpatterns,
    *briefing.urlpatterns,
    *suggestions.urlpatterns,
]
