from django.urls import path

from apertus.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.me, name="me"),
    path("perfil/", views.profile_edit, name="profile"),
    path("datos.json", views.my_data, name="my_data"),
    path("eliminar/", views.delete_account, name="delete"),
    path("aviso-de-privacidad/aceptar/", views.privacy_accept, name="privacy_accept"),
    path("tokens/nuevo/", views.token_new, name="token_new"),
    path("tokens/<int:pk>/revocar/", views.token_delete, name="token_delete"),
]
