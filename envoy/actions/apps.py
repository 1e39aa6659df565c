from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionsConfig(AppConfig):
    name = "envoy.actions"
    verbose_name = _("建議事項追蹤")

    def ready(self) -> None:
        from . import receivers

        receivers.connect()
