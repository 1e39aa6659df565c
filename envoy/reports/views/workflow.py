"""The report's workflow: submit, return with comments, approve, publish. (Placeholder.)"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path


@login_required
def move(request, pk):
    return HttpResponse("workflow")


urlpatterns = [path("<int:pk>/workflow/", move, name="workflow")]
