"""The state pages, at /estados/ (apertus/urls.py). Their views are the portal's (they show the program
and the plans), but their names keep the ``territories`` namespace that ``State.get_absolute_url``,
the templates and the sitemap reverse (``territories:state_detail``)."""

from django.urls import path

from apertus.portal import views

app_name = "territories"
urlpatterns = [
    path("", views.state_list, name="state_list"),
    path("<slug:slug>/", views.state_detail, name="state_detail"),
]
