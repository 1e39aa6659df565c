from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "envoy.search"
    verbose_name = _("搜尋")

    def ready(self) -> None:
        from . import signals

        signals.connect()
