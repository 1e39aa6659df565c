from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HostingConfig(AppConfig):
    name = "envoy.hosting"
    verbose_name = _("來訪接待")

    def ready(self) -> None:
        from envoy.reports.signals import demo_seeded

        from . import demo, receivers

        receivers.connect()
        demo_seeded.connect(demo.seed, dispatch_uid="hosting.demo")
