from django.apps import AppConfig
from django.core.signals import request_finished


class CoreConfig(AppConfig):
    name = "envoy.core"
    label = "core"

    def ready(self):
        from envoy.core import checks  # noqa: F401 (registers them)
        from envoy.core.lib import requestid

        request_finished.connect(requestid.forget, dispatch_uid="envoy.core.requestid.forget")
