from django.urls import path

from apertus.moderation import views

app_name = "moderation"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("bitacora/", views.log, name="log"),
    path("bloqueos/", views.blocks, name="blocks"),
    path("contenido/<str:label>/<int:pk>/ocultar/", views.content_hide, name="hide"),
    path("contenido/<str:label>/<int:pk>/restaurar/", views.content_restore, name="restore"),
    path("contenido/<str:label>/<int:pk>/descartar/", views.flags_dismiss, name="dismiss"),
    path("personas/<int:user_id>/bloquear/", views.user_block, name="block"),
    path("personas/<int:user_id>/desbloquear/", views.user_unblock, name="unblock"),
]
