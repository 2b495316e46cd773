from django.urls import path

from apertus.taxonomy import views

app_name = "taxonomy"
urlpatterns = [
    path("", views.goal_list, name="goal_list"),
    path("<int:number>/", views.goal_detail, name="goal_detail"),
    path("vocabulario/<slug:scheme>/", views.scheme_list, name="scheme_list"),
]
