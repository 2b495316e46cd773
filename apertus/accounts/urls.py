from django.urls import path

from apertus.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.me, name="me"),
    path("tokens/nuevo/", views.token_new, name="token_new"),
    path("tokens/<int:pk>/revocar/", views.token_delete, name="token_delete"),
]
