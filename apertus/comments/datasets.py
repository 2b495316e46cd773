"""Open data for comments: shown comments on public targets, without personal fields."""

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from apertus.core.copy import case
from apertus.core.datasets import Dataset, field, iso, register


def _comments():
    from apertus.comments.selectors import public_comments

    return public_comments()


_TARGETS: dict[int, str] = {}
_TARGET_NAMES: dict[tuple[int, str], str] = {}


def _target(content_type_id: int) -> str:
    """``app_label.model`` of a content type, from Django's content-type cache (no query after the first)."""
    label = _TARGETS.get(content_type_id)
    if label is None:
        from django.contrib.contenttypes.models import ContentType

        model = ContentType.objects.get_for_id(content_type_id)
        label = _TARGETS[content_type_id] = f"{model.app_label}.{model.model}"
    return label


def _target_name(content_type_id: int) -> str:
    """The name of the commented model in the active language."""
    entry = (content_type_id, get_language())
    name = _TARGET_NAMES.get(entry)
    if name is None:
        from django.contrib.contenttypes.models import ContentType

        model = ContentType.objects.get_for_id(content_type_id)
        name = _TARGET_NAMES[entry] = str(model.model_class()._meta.verbose_name)
    return name


def _content_types(name):
    """``_target`` or ``_target_name`` in SQL: the text of every content type, chosen by the database."""

    def expression(content_type_id):
        from django.contrib.contenttypes.models import ContentType

        types = [t for t in ContentType.objects.all() if t.model_class() is not None]
        return case(content_type_id, {t.pk: name(t) for t in types})

    return expression


register(
    Dataset(
        slug="comentarios",
        title=_("Comentarios"),
        description=_("Comentarios publicados sobre planes, compromisos y propuestas públicos, sin datos personales."),
        columns=[
            field("id", _("Identificador del comentario"), "id", "integer", required=True),
            field(
                "comentario_padre_id",
                _("Identificador del comentario que abre el hilo (vacío si abre uno)"),
                "parent_id",
            ),
            field(
                "objeto_tipo",
                _("Qué se comenta: plans.actionplan, plans.commitment o participation.proposal"),
                "content_type_id",
                fmt=_target,
                sql=_content_types(lambda t: f"{t.app_label}.{t.model}"),
            ),
            field(
                "objeto_tipo_etiqueta",
                _("Nombre de lo que se comenta (plan, compromiso o propuesta)"),
                "content_type_id",
                fmt=_target_name,
                sql=_content_types(lambda t: str(t.model_class()._meta.verbose_name)),
            ),
            field("objeto_id", _("Identificador de lo que se comenta"), "object_id"),
            field("texto", _("Texto del comentario (Markdown)"), "body"),
            field("fecha", _("Fecha y hora de publicación (ISO 8601)"), "created_at", fmt=iso),
            field(
                "editado",
                _("Si se editó después de publicarse"),
                "edited_at",
                "boolean",
                fmt=lambda edited: edited is not None,
                sql="{0} IS NOT NULL",
            ),
        ],
        query=_comments,
        keywords=("comentarios", "participación ciudadana"),
        periodicity="continuous",
        primary_key=("id",),
    )
)
