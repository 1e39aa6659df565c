"""Mission pages: the list and one mission. (Placeholder until the pages are built.)"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path


@login_required
def mission_list(request):
    return HttpResponse("missions")


urlpatterns = [path("", mission_list, name="list")]
