from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "envoy.portal"
    verbose_name = _("公開出國報告")

    def ready(self):
        # Models and what uses them are imported once the app registry is ready.
        from envoy.reports.models import Report, ReviewEvent

        from . import public_pdf

        post_save.connect(
            public_pdf.withdrawn, sender=ReviewEvent, dispatch_uid="archive-withdrawn"
        )
        post_delete.connect(public_pdf.deleted, sender=Report, dispatch_uid="archive-deleted")
