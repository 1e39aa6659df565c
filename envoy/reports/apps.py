from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "envoy.reports"
    label = "reports"
