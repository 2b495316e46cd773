from django.contrib.sitemaps.views import index, sitemap
from django.urls import path

from apertus.portal import views
from apertus.portal.feeds import PlanFeed, ProcessFeed, ProgressFeed, SiteFeed, StateFeed
from apertus.portal.sitemaps import SITEMAPS
from apertus.search.views import search_page

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("acerca-de-los-datos/", views.about_data, name="about_data"),
    path("datos/", views.open_data, name="open_data"),
    path("datos/<slug:slug>.csv", views.dataset_download, name="dataset_download"),
    path("terminos/", views.terms, name="terms"),
    path("contacto/", views.contact, name="contact"),
    path("accesibilidad/", views.accessibility, name="accessibility"),
    path("licencia-de-datos/", views.data_licence, name="data_licence"),
    path("buscar/", search_page, name="search"),
    path("avances.atom", ProgressFeed(), name="progress_feed"),
    path("novedades.atom", SiteFeed(), name="news_feed"),
    path("novedades/<slug:state>.atom", StateFeed(), name="state_feed"),
    path("novedades/planes/<slug:state>/<int:edition>.atom", PlanFeed(), name="plan_feed"),
    path("novedades/consultas/<slug:state>/<int:edition>.atom", ProcessFeed(), name="process_feed"),
    path("sitemap.xml", index, {"sitemaps": SITEMAPS, "sitemap_url_name": "portal:sitemap_section"}, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap_section"),
]
