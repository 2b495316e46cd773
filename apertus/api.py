"""The public JSON API: one NinjaAPI, one router per app (each app's ``api.py``)."""

from apertus.advice.api import router as advice_router
from apertus.calls.api import router as calls_router
from apertus.cohorts.api import router as program_router
from apertus.comments.api import router as comments_router
from apertus.core.api import ApertusAPI
from apertus.documents.api import router as documents_router
from apertus.forums.api import router as forums_router
from apertus.learning.api import router as learning_router
from apertus.opendata.api import router as opendata_router
from apertus.opendata.docs import OfflineSwagger
from apertus.organizations.api import router as organizations_router
from apertus.participation.api import router as participation_router
from apertus.plans.api import router as plans_router
from apertus.results.api import router as results_router
from apertus.sdg.api import router as sdg_router
from apertus.stl.api import router as stl_router
from apertus.surveys.api import router as surveys_router
from apertus.tables.api import router as tables_router
from apertus.taxonomy.api import router as taxonomy_router
from apertus.teams.api import router as teams_router
from apertus.territories.api import router as territories_router

api = ApertusAPI(
    title="Apertus API",
    version="1",
    description=(
        "API pública de Apertus: gobierno abierto desde lo local para el desarrollo sostenible. "
        "Solo lectura para todo lo publicado; las listas se paginan con `limit` y `offset`."
    ),
    urls_namespace="api",
    docs_url="/docs",
)
api.add_router("/states", territories_router, tags=["Territorio"])
api.add_router("/terms", taxonomy_router, tags=["Taxonomía"])
api.add_router("/organizations", organizations_router, tags=["Organizaciones"])
api.add_router("/program", program_router, tags=["Programa"])
api.add_router("/documents", documents_router, tags=["Documentos"])
api.add_router("/stl", stl_router, tags=["STL"])
api.add_router("/plans", plans_router, tags=["Planes de acción"])
api.add_router("/participation", participation_router, tags=["Cocreación"])
api.add_router("/comments", comments_router, tags=["Comentarios"])
api.add_router("/tables", tables_router, tags=["Mesas de trabajo"])
api.add_router("/calls", calls_router, tags=["Convocatorias"])
api.add_router("/learning", learning_router, tags=["Formación"])
api.add_router("/surveys", surveys_router, tags=["Cuestionarios"])
api.add_router("/teams", teams_router, tags=["Proyectos de equipo"])
api.add_router("/forums", forums_router, tags=["Foros"])
api.add_router("/advice", advice_router, tags=["Asesoría técnica"])
api.add_router("/results", results_router, tags=["Resultados"])
api.add_router("/", opendata_router, tags=["Datos abiertos"])
api.docs = OfflineSwagger()
api.add_router("/sdg", sdg_router, tags=["ODS"])
