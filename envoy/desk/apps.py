from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    name = "envoy.desk"
    verbose_name = _("工作台")

    def ready(self) -> None:
        from . import receivers

        receivers.connect()
