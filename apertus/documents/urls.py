from django.urls import path

from apertus.documents import views

app_name = "documents"
urlpatterns = [
    path("<uuid:uuid>/", views.download, name="download"),
]
