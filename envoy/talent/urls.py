from django.urls import path

from . import views  # noqa: F401

app_name = "talent"

urlpatterns = [
    path("", views.pool, name="pool"),
    path("new/", views.create, name="create"),
    path("me/", views.mine, name="mine"),
    path("matches/", views.matches, name="matches"),
    path("matches/<int:pk>/", views.settle_match, name="settle_match"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/link/", views.link, name="link"),
]
