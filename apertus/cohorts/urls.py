from django.urls import path

from apertus.cohorts import views

# The program's URL names (program:index, program:cohort...) stay as they were when these pages lived there.
app_name = "program"
urlpatterns = [
    path("", views.program_index, name="index"),
    path("indicadores/", views.indicators_page, name="indicators"),
    path("indicadores.csv", views.indicators_csv, name="indicators_csv"),
    path("indicadores.xlsx", views.indicators_xlsx, name="indicators_xlsx"),
    path("becarios/<uuid:public_id>/", views.fellow_profile, name="fellow_profile"),
    path("<int:year>/", views.cohort_detail, name="cohort"),
    path("<int:year>/indicadores/", views.indicators_page, name="cohort_indicators"),
    path("<int:year>/<str:state>/", views.cohort_state, name="cohort_state"),
]
