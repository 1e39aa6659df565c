from django.contrib import admin
from django.urls import include, path

from envoy.help import views as help_pages
from envoy.missions import urls as missions
from envoy.reports.views import missions as mission_pages

# Uploaded files (photos, originals) are never served as static media: the views that show
# them check who is asking.
urlpatterns = [
    path("admin/", admin.site.urls),
    # A mission's pages: those that show its report (reports), then its editing (missions).
    path(
        "missions/",
        include(([*mission_pages.urlpatterns, *missions.urlpatterns], missions.app_name)),
    ),
    path("reports/", include("envoy.reports.urls")),
    path("relations/", include("envoy.relations.urls")),
    path("actions/", include("envoy.actions.views")),
    path("planning/", include("envoy.planning.urls")),
    path("plans/", include("envoy.planning.plan_views")),
    path("talent/", include("envoy.talent.urls")),
    path("opportunities/", include("envoy.opportunities.views")),
    path("hosting/", include("envoy.hosting.views")),
    path("search/", include("envoy.search.urls")),
    path("notices/", include("envoy.notices.urls")),
    # The guide's public parts inside the public archive, which links nowhere else.
    path("archive/help/", help_pages.public_guide, name="archive_help"),
    path("archive/", include("envoy.portal.urls")),
    path("help/", include("envoy.help.views")),
    path("", include("envoy.desk.urls")),
    path("", include("envoy.core.urls")),
]

# The error page shows the request id to quote to IT.
handler500 = "envoy.core.views.server_error"
