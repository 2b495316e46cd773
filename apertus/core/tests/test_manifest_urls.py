"""apertus/urls.py and apertus/api.py mount each app's pages and API where its manifest says
(``url_prefix``/``urls``, ``api_prefix``/``api_router``), and mount nothing of an app's that its
manifest does not declare: a reader of an app's apps.py knows its addresses."""

from django.urls import URLResolver

from apertus import urls
from apertus.api import api
from apertus.core.manifest import app_manifests, resolve


def _mounted_urls() -> set[tuple[str, str]]:
    """(prefix, urls module) for every app URL module the root URLconf includes."""
    mounted = set()
    for entry in urls.urlpatterns:
        if isinstance(entry, URLResolver) and not isinstance(entry.urlconf_name, list):
            module = getattr(entry.urlconf_name, "__name__", entry.urlconf_name)
            if str(module).startswith("apertus."):
                mounted.add((str(entry.pattern), str(module)))
    return mounted


def test_every_app_urls_module_is_mounted_where_its_manifest_says():
    declared = {(m.url_prefix, m.urls) for _config, m in app_manifests() if m.urls}
    declared |= {more for _config, m in app_manifests() for more in m.more_urls}
    mounted = _mounted_urls()
    assert declared - mounted == set(), "declared in a manifest but not mounted in apertus/urls.py"
    assert mounted - declared == set(), "mounted in apertus/urls.py but not declared in the app's manifest"


def test_every_app_api_router_is_mounted_where_its_manifest_says():
    declared = {(m.api_prefix, resolve(m.api_router)) for _config, m in app_manifests() if m.api_router}
    mounted = {(prefix, router) for prefix, router in api._routers if router is not api.default_router}
    assert declared == mounted
