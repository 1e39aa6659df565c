"""Editing a report: its portal metadata and its chapters, block by block. (Placeholder.)"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path


@login_required
def edit(request, pk):
    return HttpResponse("edit")


urlpatterns = [path("<int:pk>/edit/", edit, name="edit")]
