from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "envoy.archive"
    verbose_name = _("公開出國報告")
