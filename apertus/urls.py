from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from apertus.accounts.views import privacy_notice
from apertus.api import api
from apertus.cohorts.views import fellow_profile_edit
from apertus.core.api import not_found as api_not_found

admin.site.site_header = "Apertus · Administración"
admin.site.site_title = "Apertus"
admin.site.index_title = "Coordinación del programa"

urlpatterns = [
    path("", include("apertus.portal.urls")),
    path("estados/", include("apertus.portal.state_urls")),
    path("ods/", include("apertus.taxonomy.urls")),
    path("organizaciones/", include("apertus.organizations.urls")),
    path("documentos/", include("apertus.documents.urls")),
    path("stl/", include("apertus.stl.urls")),
    path("planes/", include("apertus.plans.urls")),
    path("participa/", include("apertus.participation.urls")),
    path("comentarios/", include("apertus.comments.urls")),
    path("moderacion/", include("apertus.moderation.urls")),
    path("notificaciones/", include("apertus.notifications.urls")),
    path("mesas/", include("apertus.tables.urls")),
    path("convocatorias/", include("apertus.calls.urls")),
    path("formacion/", include("apertus.learning.urls")),
    path("formacion/", include("apertus.surveys.urls")),
    path("proyectos/", include("apertus.teams.urls")),
    path("programa/", include("apertus.cohorts.urls")),
    path("foros/", include("apertus.forums.urls")),
    path("asesoria/", include("apertus.advice.urls")),
    path("resultados/", include("apertus.results.urls")),
    path("mapa-ods/", include("apertus.sdg.urls")),
    path("cuentas/", include("allauth.urls")),
    path("mi-cuenta/perfil-publico/", fellow_profile_edit, name="fellow_profile_edit"),
    path("mi-cuenta/", include("apertus.accounts.urls")),
    path("mi-panel/", include("apertus.dashboard.urls")),
    path("privacidad/", privacy_notice, name="privacy"),
    # Choosing a language needs no CSRF token: anonymous pages come from a shared cache (core/cache.py).
    path("i18n/setlang/", csrf_exempt(set_language)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("api/<path:rest>", api_not_found),
    path("", include("apertus.opendata.urls")),
]

if settings.BENCH_HELLO:
    from apertus.core.bench import hello

    urlpatterns.append(path("__bench__/hello/", hello))

# A database that is down answers 503 with Retry-After (apertus.core.errors), not a 500.
handler500 = "apertus.core.errors.server_error"
