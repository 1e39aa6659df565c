"""URLs of missions. Each views module lists its own routes; they are gathered here."""

from .views import editing, pages

app_name = "missions"
urlpatterns = [*pages.urlpatterns, *editing.urlpatterns]
