"""Assignments: what fellows hand in, the rubric staff grade it with, and extensions."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apertus.core.models import TimeStampedModel


class RubricCriterion(models.Model):
    activity = models.ForeignKey(
        "learning.Activity", on_delete=models.CASCADE, related_name="criteria", verbose_name=_("actividad")
    )
    position = models.PositiveSmallIntegerField(_("orden"), default=1)
    title = models.CharField(_("criterio"), max_length=200)
    description = models.TextField(_("descripción"), blank=True)
    max_points = models.PositiveSmallIntegerField(_("puntos máximos"), validators=[MinValueValidator(1)])
    history = HistoricalRecords()

    class Meta:
        ordering = ["activity", "position", "pk"]
        verbose_name = _("criterio de la rúbrica")
        verbose_name_plural = _("criterios de la rúbrica")

    def __str__(self) -> str:
        return f"{self.title} ({self.max_points})"


class Submission(TimeStampedModel):
    """What a fellow (or, for the final deliverable, a state's team) handed in, and its grade.

    ``state`` is the submitter's cohort state. A team deliverable is one per state: any fellow of
    the team may replace the file and the grade counts for all of them.
    """

    activity = models.ForeignKey(
        "learning.Activity", on_delete=models.CASCADE, related_name="submissions", verbose_name=_("actividad")
    )
    fellow = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="learning_submissions", verbose_name=_("entregó")
    )
    state = models.ForeignKey(
        "territories.State",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entidad"),
    )
    is_team = models.BooleanField(_("entrega del equipo"), default=False)
    document = models.ForeignKey(
        "documents.Document", on_delete=models.PROTECT, related_name="+", verbose_name=_("archivo")
    )
    submitted_at = models.DateTimeField(_("entregado el"))
    score = models.DecimalField(_("calificación (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    comments = models.TextField(_("comentarios"), blank=True, help_text=_("Admite Markdown."))
    feedback_document = models.ForeignKey(
        "documents.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("archivo de retroalimentación"),
    )
    graded_at = models.DateTimeField(_("calificado el"), null=True, blank=True)
    graded_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("calificó")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["activity", "submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "fellow"], condition=models.Q(is_team=False), name="submission_one_per_fellow"
            ),
            models.UniqueConstraint(
                fields=["activity", "state"], condition=models.Q(is_team=True), name="submission_one_per_team"
            ),
        ]
        verbose_name = _("entrega")
        verbose_name_plural = _("entregas")

    def __str__(self) -> str:
        return f"{self.activity} · {self.state if self.is_team else self.fellow}"

    def get_absolute_url(self) -> str:
        return reverse("learning:submission", args=[self.pk])

    @property
    def is_graded(self) -> bool:
        return self.graded_at is not None


class CriterionScore(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="criterion_scores")
    criterion = models.ForeignKey(
        RubricCriterion, on_delete=models.CASCADE, related_name="+", verbose_name=_("criterio")
    )
    points = models.DecimalField(_("puntos"), max_digits=6, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        ordering = ["criterion__position", "criterion_id"]
        constraints = [models.UniqueConstraint(fields=["submission", "criterion"], name="criterion_score_unique")]
        verbose_name = _("puntaje por criterio")
        verbose_name_plural = _("puntajes por criterio")

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.points}"


class Extension(TimeStampedModel):
    """An exception for one fellow on one activity: a later closing date, or an exemption.

    An exempt fellow need not do the activity: it counts as done for unlocking what follows it,
    and it is left out of their grade. Granted by the cohort's staff, always with a reason.
    """

    activity = models.ForeignKey(
        "learning.Activity", on_delete=models.CASCADE, related_name="extensions", verbose_name=_("actividad")
    )
    fellow = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+", verbose_name=_("fellow"))
    closes_at = models.DateTimeField(_("nuevo cierre"), null=True, blank=True)
    exempt = models.BooleanField(_("exención"), default=False)
    reason = models.CharField(_("motivo"), max_length=300)
    granted_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("otorgó")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["activity", "fellow"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "fellow"], name="extension_unique"),
            models.CheckConstraint(
                condition=models.Q(exempt=True) | models.Q(closes_at__isnull=False),
                name="extension_has_date_or_exempts",
            ),
        ]
        verbose_name = _("prórroga o exención")
        verbose_name_plural = _("prórrogas y exenciones")

    def __str__(self) -> str:
        what = "exención" if self.exempt else f"{self.closes_at:%Y-%m-%d %H:%M}"
        return f"{self.activity} · {self.fellow} · {what}"
