"""What the SDG suggestions remember: dismissed suggestions per record, and each record's last scores.

Records are referenced by kind ("commitment", "proposal", "team_project") and id rather than by a
generic foreign key: the three kinds are listed in ``apertus.sdg.records``, and the matrix reads
scores for many commitments in one query.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RecordKind(models.TextChoices):
    COMMITMENT = "commitment", _("compromiso")
    PROPOSAL = "proposal", _("propuesta")
    TEAM_PROJECT = "team_project", _("proyecto de equipo")


class Dismissal(models.Model):
    """A suggestion (goal "6" or target "6.1") that someone dismissed for one record."""

    kind = models.CharField(_("tipo de registro"), max_length=20, choices=RecordKind.choices)
    record_id = models.PositiveIntegerField(_("registro"))
    code = models.CharField(_("ODS o meta"), max_length=10)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("descartada por"),
    )
    created_at = models.DateTimeField(_("descartada el"), auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "record_id", "code"], name="sdg_dismissal_unique")]
        indexes = [models.Index(fields=["kind", "record_id"])]
        verbose_name = _("sugerencia ODS descartada")
        verbose_name_plural = _("sugerencias ODS descartadas")

    def __str__(self) -> str:
        return f"{self.kind} {self.record_id}: {self.code}"


class RecordScore(models.Model):
    """The classifier's reading of a record's text, kept until the text changes (``text_hash``)."""

    kind = models.CharField(_("tipo de registro"), max_length=20, choices=RecordKind.choices)
    record_id = models.PositiveIntegerField(_("registro"))
    text_hash = models.CharField(_("huella del texto"), max_length=40)
    model_version = models.CharField(_("versión del modelo"), max_length=40)
    present = models.JSONField(_("ODS presentes"), default=list)
    scores = models.JSONField(_("puntajes por ODS"), default=dict)
    updated_at = models.DateTimeField(_("calculado el"), auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "record_id"], name="sdg_record_score_unique")]
        verbose_name = _("lectura ODS de un registro")
        verbose_name_plural = _("lecturas ODS de registros")

    def __str__(self) -> str:
        return f"{self.kind} {self.record_id}: {self.present}"
