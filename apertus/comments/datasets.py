"""Open data for comments: shown comments on public targets, without personal fields."""

from django.utils.translation import gettext_lazy as _

from apertus.portal.datasets import Dataset, col, key, register, stream


def _comments():
    from django.contrib.contenttypes.models import ContentType

    from apertus.comments.selectors import public_comments

    labels = {}
    for row in stream(public_comments(), "id", "parent_id", "content_type_id", "object_id", "body", "created_at",
                      "edited_at"):
        ct = row["content_type_id"]
        if ct not in labels:  # the content-type cache: no query after the first of each type
            model = ContentType.objects.get_for_id(ct)
            labels[ct] = (f"{model.app_label}.{model.model}", model.model_class()._meta.verbose_name)
        row["target_label"], row["target_name"] = labels[ct]
        yield row


register(Dataset(
    slug="comentarios", title=_("Comentarios"),
    description=_("Comentarios publicados sobre planes, compromisos y propuestas públicos, sin datos personales."),
    columns=[
        col("id", _("Identificador del comentario"), key("id"), "integer", required=True),
        col("comentario_padre_id", _("Identificador del comentario que abre el hilo (vacío si abre uno)"),
            key("parent_id")),
        col("objeto_tipo", _("Qué se comenta: plans.actionplan, plans.commitment o participation.proposal"),
            key("target_label")),
        col("objeto_tipo_etiqueta", _("Nombre de lo que se comenta (plan, compromiso o propuesta)"),
            lambda r: str(r["target_name"])),
        col("objeto_id", _("Identificador de lo que se comenta"), key("object_id")),
        col("texto", _("Texto del comentario (Markdown)"), key("body")),
        col("fecha", _("Fecha y hora de publicación (ISO 8601)"), lambda r: r["created_at"].isoformat()),
        col("editado", _("Si se editó después de publicarse"), lambda r: r["edited_at"] is not None, "boolean"),
    ],
    rows=_comments,
    keywords=("comentarios", "participación ciudadana"),
    periodicity="continuous",
    primary_key=("id",),
))
