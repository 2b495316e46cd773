from django.urls import path

from apertus.comments import views

app_name = "comments"
urlpatterns = [
    path("nuevo/", views.comment_create, name="create"),
    path("<int:pk>/", views.comment_detail, name="detail"),
    path("<int:pk>/editar/", views.comment_edit, name="edit"),
    path("<int:pk>/reportar/", views.comment_flag, name="flag"),
]
