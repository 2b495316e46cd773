from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from apertus.core.manifest import AppManifest, Demo, Reference
from apertus.core.searchable import register_index_update


class SearchConfig(AppConfig):
    name = "apertus.search"
    label = "search"
    verbose_name = _("Búsqueda")
    manifest = AppManifest(
        searchable=("apertus.search.pages.PAGES",),
        modules=(),
        # Reference records are indexed last; demo loaders write in bulk, so everything is indexed
        # once after them.
        reference=(
            Reference("índice de búsqueda", "apertus.search.index.rebuild_reference", order=1000, rebuilds_index=True),
        ),
        demo=(Demo("apertus.search.index.rebuild", "", order=1000, reindexes=True),),
        without={
            "urls.py": "its one page is mounted by the portal (/buscar/)",
            "api.py": "searching is a page",
            "rules.py": "it shows only public records: no permission of its own",
            "services.py": "the other apps' services keep the index (index.update in index.py)",
            "admin.py": "its rows are derived from public records and rebuilt, never edited by hand",
        },
    )

    def ready(self):
        # The apps below the search (organizations) keep the index through core.searchable.reindex.
        register_index_update("apertus.search.index.update")
