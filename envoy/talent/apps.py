from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentConfig(AppConfig):
    name = "envoy.talent"
    verbose_name = _("跨局處人才庫")

    def ready(self) -> None:
        from envoy.reports.signals import demo_seeded

        from . import demo, receivers

        receivers.connect()
        demo_seeded.connect(demo.seed, dispatch_uid="talent.demo")
