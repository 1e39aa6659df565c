"""The home page: the one URL of the desk, named ``home`` as before."""

from .views import urlpatterns

__all__ = ["urlpatterns"]
