"""URLs of search. Each views module lists its own routes; they are gathered here."""

from .views import pages

app_name = "search"
urlpatterns = [*pages.urlpatterns]
