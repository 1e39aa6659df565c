"""URLs of reports. Each views module lists its own routes; they are gathered here."""

from .views import blocks, editing, files, imports, workflow, writing

app_name = "reports"
urlpatterns = [
    *editing.urlpatterns,
    *blocks.urlpatterns,
    *writing.urlpatterns,
    *workflow.urlpatterns,
    *files.urlpatterns,
    *imports.urlpatterns,
]
