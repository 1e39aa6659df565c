from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpportunitiesConfig(AppConfig):
    name = "envoy.opportunities"
    verbose_name = _("國際參與機會")
