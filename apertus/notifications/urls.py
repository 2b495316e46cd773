from django.urls import path

from apertus.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/leida/", views.mark_read, name="mark_read"),
    path("leidas/", views.mark_all_read, name="mark_all_read"),
    path("preferencias/", views.preferences, name="preferences"),
    path("seguir/", views.follow_toggle, name="follow"),
]
