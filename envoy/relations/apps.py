from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RelationsConfig(AppConfig):
    name = "envoy.relations"
    verbose_name = _("國際關係")
