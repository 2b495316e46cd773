"""Open data for comments: shown comments on public targets, without personal fields."""

from django.utils.translation import gettext_lazy as _

from apertus.portal.datasets import Dataset, col, register


def _comments():
    from apertus.comments.selectors import public_comments

    return public_comments().iterator(chunk_size=1000)


register(Dataset(
    slug="comentarios", title=_("Comentarios"),
    description=_("Comentarios publicados sobre planes, compromisos y propuestas públicos, sin datos personales."),
    columns=[
        col("id", _("Identificador del comentario"), "pk", "integer", required=True),
        col("comentario_padre_id", _("Identificador del comentario que abre el hilo (vacío si abre uno)"), "parent_id"),
        col("objeto_tipo", _("Qué se comenta: plans.actionplan, plans.commitment o participation.proposal"),
            "target_label"),
        col("objeto_id", _("Identificador de lo que se comenta"), "object_id"),
        col("texto", _("Texto del comentario (Markdown)"), "body"),
        col("fecha", _("Fecha y hora de publicación (ISO 8601)"), lambda c: c.created_at.isoformat()),
        col("editado", _("Si se editó después de publicarse"), lambda c: c.edited_at is not None, "boolean"),
    ],
    rows=_comments,
    keywords=("comentarios", "participación ciudadana"),
    periodicity="continuous",
    primary_key=("id",),
))
