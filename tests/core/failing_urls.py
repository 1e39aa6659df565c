"""Envoy's URLs plus a page that fails, for the tests of what a failure leaves behind."""

from django.urls import path

from envoy.urls import handler500
from envoy.urls import urlpatterns as envoy_urlpatterns


def failing_page(request):
    raise RuntimeError("the itinerary table is on fire")


urlpatterns = [path("failing/", failing_page), *envoy_urlpatterns]

__all__ = ["handler500", "urlpatterns"]
