from django.urls import path

from apertus.dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("", views.panel, name="panel"),
]
