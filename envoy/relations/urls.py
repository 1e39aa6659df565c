"""URLs of relations. Each views module lists its own routes; they are gathered here."""

from .views import (
    agreements,
    briefing,
    events,
    followups,
    history,
    interop,
    meetings,
    merging,
    organisations,
    people,
    pickers,
    places,
    presentations,
    site_visits,
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
    *presentations.urlpatterns,
    *site_visits.urlpatterns,
    *interop.urlpatterns,
    *followups.urlpatterns,
    *briefing.urlpatterns,
    *suggestions.urlpatterns,
]
