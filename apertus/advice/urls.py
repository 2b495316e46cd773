from django.urls import path

from apertus.advice import views

app_name = "advice"
urlpatterns = [
    path("umbrales/", views.thresholds, name="thresholds"),
    path("rondas/<int:pk>/", views.round_detail, name="round_detail"),
    path("rondas/<int:pk>/comentar/", views.comment_add, name="comment_add"),
    path("rondas/<int:pk>/cerrar/", views.round_close, name="round_close"),
    path("comentarios/<int:pk>/responder/", views.comment_answer, name="comment_answer"),
    path("comentarios/<int:pk>/aceptar/", views.comment_accept, name="comment_accept"),
    path("comentarios/<int:pk>/reabrir/", views.comment_reopen, name="comment_reopen"),
    path("compromisos/<int:pk>/calidad/", views.commitment_quality, name="commitment_quality"),
    path("compromisos/<int:pk>/evaluacion-irm/", views.commitment_assess, name="commitment_assess"),
    path("<slug:state>/<int:edition>/", views.plan_review, name="plan_review"),
    path("<slug:state>/<int:edition>/rondas/nueva/", views.round_open, name="round_open"),
    path("<slug:state>/<int:edition>/asesores/", views.advisor_assign, name="advisor_assign"),
]
