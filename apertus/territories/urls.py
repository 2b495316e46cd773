from django.urls import path

from apertus.territories import views

app_name = "territories"
urlpatterns = [
    path("", views.state_list, name="state_list"),
    path("<slug:slug>/", views.state_detail, name="state_detail"),
]
