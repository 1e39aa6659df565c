"""URLs of missions' own pages (editing a mission, its delegation and itinerary). The pages
that show a mission with its report are reports' (``reports/views/missions.py``); both are
gathered under ``missions:`` in ``envoy/urls.py``."""

from .views import delegation, editing, itinerary, travel

app_name = "missions"
urlpatterns = [
    *editing.urlpatterns,
    *delegation.urlpatterns,
    *itinerary.urlpatterns,
    *travel.urlpatterns,
]
