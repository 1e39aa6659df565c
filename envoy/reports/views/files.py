"""Printing and downloading a report, and its photos. (Placeholder.)"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path


@login_required
def placeholder(request, **kwargs):
    return HttpResponse("files")


urlpatterns = [
    path("<int:pk>/print/", placeholder, name="print"),
    path("<int:pk>/preview.pdf", placeholder, name="preview"),
    path("<int:pk>/download/<str:fmt>/", placeholder, name="download"),
    path("photos/<int:pk>/<str:size>/", placeholder, name="photo"),
    path("figures/<int:pk>/photos/", placeholder, name="photo_upload"),
]
