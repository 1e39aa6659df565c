from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpportunitiesConfig(AppConfig):
    name = "envoy.opportunities"
    verbose_name = _("國際參與機會")

    def ready(self) -> None:
        from envoy.reports.signals import demo_seeded

        from . import demo

        demo_seeded.connect(demo.seed, dispatch_uid="opportunities.demo")
