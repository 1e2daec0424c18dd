"""URLs the LMS mounts under ``/wikilearn/``."""

from django.urls import path

from openedx_plugins.wikilearn import views

app_name = "wikilearn"

urlpatterns = [
    path("health", views.health, name="health"),
]
