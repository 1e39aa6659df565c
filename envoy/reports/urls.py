"""URLs of reports. Each views module lists its own routes; they are gathered here."""

from .views import editing, files, imports, workflow

app_name = "reports"
urlpatterns = [
    *editing.urlpatterns,
    *workflow.urlpatterns,
    *files.urlpatterns,
    *imports.urlpatterns,
]
