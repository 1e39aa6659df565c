from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "envoy.planning"
    verbose_name = _("出國計畫與旅費")

    def ready(self):
        from envoy.reports.review import add_review_panel

        from .plans import review_panel

        add_review_panel(review_panel)
