"""Importing a report from the browser: upload, review, confirm or discard. (Placeholder.)"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path


@login_required
def placeholder(request, **kwargs):
    return HttpResponse("imports")


urlpatterns = [
    path("import/", placeholder, name="import_new"),
    path("import/<int:pk>/", placeholder, name="import_review"),
]
