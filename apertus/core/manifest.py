"""What each app contributes to the others, declared once on its AppConfig.

Every app's ``AppConfig`` may set ``manifest = AppManifest(...)``. The mechanisms that used to keep
hand-written lists of domain models (comments, moderation, follows, notification events, reminders,
personal data, reference and demo loading) walk the installed apps' manifests instead, so no lower
app names a higher one. Example, in ``apertus/tables/apps.py``::

    class TablesConfig(AppConfig):
        name = "apertus.tables"
        manifest = AppManifest(
            modules=("rules", "datasets"),
            events=(Event("table_seat", _("Un lugar liberado para mí ...")),),
            reminders=("apertus.tables.reminders.table_tomorrow_reminders",),
            personal_data={"mesas_de_trabajo": "apertus.tables.personal_data.personal_data"},
            account_deletion=("apertus.tables.personal_data.forget",),
            demo=Demo("apertus.tables.demo.tables_demo_load", _("mesas de trabajo"), order=50),
        )

Callables are named by dotted path (a string) so that ``apps.py`` imports nothing at start-up; a
plain callable (``operator.attrgetter("plan.state_id")``) is accepted too. ``resolve`` turns either
into the callable. See docs/architecture.md, "The app manifest", for every extension point.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import import_module
from typing import Any

from django.apps import AppConfig, apps
from django.utils.functional import Promise
from django.utils.module_loading import import_string

Ref = str | Callable[..., Any]  # a dotted path to a callable, or the callable itself


@dataclass(frozen=True)
class Event:
    """A notification event: the name callers pass to ``notify``, the label the preferences page
    shows, and whether a person may silence it (``optional=False``: a notice they must receive)."""

    name: str
    label: str | Promise
    optional: bool = True


@dataclass(frozen=True)
class Demo:
    """A demo-data loader, run by ``manage.py load_demo`` in ascending ``order`` (dependencies first).
    Its result is printed after ``label`` when it is not empty; with ``accounts``, it is the list of
    demo accounts (role, email, password) printed at the end; with ``reindexes``, it rebuilds the whole
    search index, so the steps before it need not index what they write (``core/held.py``)."""

    loader: Ref
    label: str | Promise
    order: int
    accounts: bool = False
    reindexes: bool = False


@dataclass(frozen=True)
class Reference:
    """One step of ``manage.py load_reference``: ``loader(**kwargs)``, where each value of ``files``
    is a path under ``settings.DATA_DIR`` passed as that keyword. Steps run in ``order``; with
    ``count``, the command prints how many items the loader returned. ``rebuilds_index``: the step
    indexes every reference record again (the search's, last), so the steps write without indexing
    each record (reference loaders write only reference records: states, SDG terms, organisations)."""

    label: str
    loader: Ref
    order: int
    files: Mapping[str, str] = field(default_factory=dict)
    count: bool = False
    rebuilds_index: bool = False


@dataclass(frozen=True)
class Commentable:
    """A model that takes comments: ``visible_to(user)`` is what a person may see (and so read and
    comment on); each gate ``fn(user, obj)`` returns a reason to refuse, or None."""

    visible_to: Ref
    gates: tuple[Ref, ...] = ()


@dataclass(frozen=True)
class AppManifest:
    """Everything an app plugs into. Every field is optional; an empty manifest contributes nothing."""

    # Modules of the app imported by its ready() (they register permission rules, open-data
    # datasets, lifecycle guards...), e.g. ("rules", "datasets").
    modules: tuple[str, ...] = ("rules",)
    # The app's pages and API: URL prefix and urls module, API prefix and django-ninja router
    # ("module.attr"). apertus/urls.py and apertus/api.py mount them (a test keeps them in step).
    url_prefix: str | None = None
    urls: str | None = None
    # More URL modules of the app, each with its own prefix (the portal's state pages, namespace
    # "territories", at estados/): ((prefix, dotted module), ...).
    more_urls: tuple[tuple[str, str], ...] = ()
    api_prefix: str | None = None
    api_router: str | None = None
    # Reference data (manage.py load_reference) and demo data (manage.py load_demo).
    reference: tuple[Reference, ...] = ()
    demo: tuple[Demo, ...] = ()
    # Personal data: export key -> fn(user) (JSON-ready data); erasure hooks fn(user), run in
    # account_delete's transaction before the person is anonymised.
    personal_data: Mapping[str, Ref] = field(default_factory=dict)
    account_deletion: tuple[Ref, ...] = ()
    # Notification events this app sends, and its reminder providers fn(now) -> reminders.
    events: tuple[Event, ...] = ()
    reminders: tuple[Ref, ...] = ()
    # Models ("app_label.model") that other mechanisms may handle.
    followable: Mapping[str, Ref] = field(default_factory=dict)  # label -> visible_to(user) -> QuerySet
    commentable: Mapping[str, Commentable] = field(default_factory=dict)
    moderatable: Mapping[str, Ref] = field(default_factory=dict)  # label -> fn(obj) -> State | state id | None
    # What the site search indexes: dotted paths to core.searchable.IndexedType (a type of public record)
    # and Cascade (records that follow another app's) objects, usually in the app's searchable.py.
    searchable: tuple[Ref, ...] = ()
    # Labels of the search facets whose values are this app's records: facet ("state", "phase", "goal")
    # -> fn(values) -> {value: label}, values as the index holds them (strings); one query at most.
    facet_labels: Mapping[str, Ref] = field(default_factory=dict)
    exportable: tuple[str, ...] = ()  # labels published as open data (the app's datasets.py, core.datasets.register)
    # What this app adds to another domain app's extension points, by the point's name ("<app label>.<point>"):
    # a dotted path or a tuple of them, usually in the app's extensions.py. The app that owns the point says
    # what it reads there (docs/architecture.md lists the points); it walks them with ``extensions(point)``.
    extends: Mapping[str, Ref | tuple[Ref, ...]] = field(default_factory=dict)
    # Standard files (docs/architecture.md) this app does not have, each with the reason.
    without: Mapping[str, str] = field(default_factory=dict)


EMPTY_MANIFEST = AppManifest(modules=())


def resolve(ref: Ref) -> Callable[..., Any]:
    """The callable behind a dotted path (imported once), or ``ref`` itself."""
    return _import(ref) if isinstance(ref, str) else ref


@cache
def _import(path: str) -> Callable[..., Any]:
    return import_string(path)


def manifest_of(config: AppConfig) -> AppManifest:
    return getattr(config, "manifest", None) or EMPTY_MANIFEST


def app_manifests() -> Iterator[tuple[AppConfig, AppManifest]]:
    """The installed apps that declare a manifest, in INSTALLED_APPS order."""
    for config in apps.get_app_configs():
        manifest = getattr(config, "manifest", None)
        if manifest is not None:
            yield config, manifest


def import_modules(config: AppConfig) -> None:
    """Import the modules a manifest lists; each app's ``ready()`` calls it first."""
    for module in manifest_of(config).modules:
        import_module(f"{config.name}.{module}")


def extensions(point: str) -> list[Any]:
    """What the installed apps add to ``point``, resolved, in INSTALLED_APPS order."""
    found = []
    for _config, manifest in app_manifests():
        refs = manifest.extends.get(point, ())
        found += [resolve(ref) for ref in (refs if isinstance(refs, tuple) else (refs,))]
    return found


def reference_steps() -> list[Reference]:
    return sorted((step for _, m in app_manifests() for step in m.reference), key=lambda step: step.order)


def demo_steps() -> list[Demo]:
    return sorted((step for _, m in app_manifests() for step in m.demo), key=lambda step: step.order)
