"""The public archive (/archive/): published reports for everyone, no sign-in. Each views
module lists its own routes; they are gathered here."""

from .views import files, pages

app_name = "portal"
urlpatterns = [*pages.urlpatterns, *files.urlpatterns]
