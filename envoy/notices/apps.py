from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "envoy.notices"
    verbose_name = _("通知與行事曆")

    def ready(self) -> None:
        from . import reminders, signals  # noqa: F401  (the kinds register themselves)

        signals.connect()
