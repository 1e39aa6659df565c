from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "envoy.core"
    label = "core"
