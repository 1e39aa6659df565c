from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "envoy.planning"
    verbose_name = _("出國計畫與旅費")
