from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "envoy.search"
    verbose_name = _("搜尋")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from . import signals
        from .backends import map_sqlite_index

        signals.connect()
        connection_created.connect(map_sqlite_index, dispatch_uid="search-mmap")
