from django.apps import AppConfig


class MissionsConfig(AppConfig):
    name = "envoy.missions"
    label = "missions"
