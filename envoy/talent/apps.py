from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentConfig(AppConfig):
    name = "envoy.talent"
    verbose_name = _("跨局處人才庫")

    def ready(self) -> None:
        from . import receivers

        receivers.connect()
