"""Evaluation and interviews: which institution reviews which application, and what it answered.

An institution's scores are its own: other institutions never see them (``calls.view_evaluation``),
and once submitted they are locked. Submitted scores are what the ranking uses.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# The interview's scale: every question is answered from 1 to 5.
SCALE_MIN, SCALE_MAX = 1, 5


class EvaluationAssignment(models.Model):
    application = models.ForeignKey(
        "calls.Application", on_delete=models.CASCADE, related_name="evaluations", verbose_name=_("solicitud")
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("institución evaluadora"),
    )
    assigned_at = models.DateTimeField(_("asignada el"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("enviada el"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("enviada por"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["application", "organization__name"]
        constraints = [
            models.UniqueConstraint(fields=["application", "organization"], name="evaluation_once_per_institution")
        ]
        verbose_name = _("evaluación asignada")
        verbose_name_plural = _("evaluaciones asignadas")

    def __str__(self) -> str:
        return f"{self.organization} → {self.application_id}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class Score(models.Model):
    assignment = models.ForeignKey(
        EvaluationAssignment, on_delete=models.CASCADE, related_name="scores", verbose_name=_("evaluación")
    )
    criterion = models.ForeignKey(
        "calls.RubricCriterion", on_delete=models.CASCADE, related_name="scores", verbose_name=_("criterio")
    )
    value = models.PositiveSmallIntegerField(_("puntaje"))
    comment = models.TextField(_("comentario"), blank=True, max_length=2000, validators=[MaxLengthValidator(2000)])

    class Meta:
        ordering = ["assignment", "criterion__position", "criterion_id"]
        constraints = [models.UniqueConstraint(fields=["assignment", "criterion"], name="score_once_per_criterion")]
        verbose_name = _("puntaje")
        verbose_name_plural = _("puntajes")

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.value}"

    def clean(self):
        super().clean()
        criterion = self.criterion
        if self.value is not None and not criterion.min_score <= self.value <= criterion.max_score:
            raise ValidationError(
                {
                    "value": _("El puntaje de «%(c)s» va de %(min)s a %(max)s.")
                    % {"c": criterion.name, "min": criterion.min_score, "max": criterion.max_score}
                }
            )


class Interview(models.Model):
    application = models.ForeignKey(
        "calls.Application", on_delete=models.CASCADE, related_name="interviews", verbose_name=_("solicitud")
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("institución entrevistadora"),
    )
    assigned_at = models.DateTimeField(_("asignada el"), auto_now_add=True)
    notes = models.TextField(_("notas"), blank=True, max_length=4000, validators=[MaxLengthValidator(4000)])
    submitted_at = models.DateTimeField(_("enviada el"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("enviada por"),
    )
    history = HistoricalRecords(excluded_fields=["notes"])

    class Meta:
        ordering = ["application", "organization__name"]
        constraints = [
            models.UniqueConstraint(fields=["application", "organization"], name="interview_once_per_institution")
        ]
        verbose_name = _("entrevista")
        verbose_name_plural = _("entrevistas")

    def __str__(self) -> str:
        return f"{self.organization} ↔ {self.application_id}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class InterviewAnswer(models.Model):
    interview = models.ForeignKey(
        Interview, on_delete=models.CASCADE, related_name="answers", verbose_name=_("entrevista")
    )
    question = models.ForeignKey(
        "calls.InterviewQuestion", on_delete=models.CASCADE, related_name="answers", verbose_name=_("pregunta")
    )
    value = models.PositiveSmallIntegerField(_("respuesta (1 a 5)"))

    class Meta:
        ordering = ["interview", "question__position", "question_id"]
        constraints = [
            models.UniqueConstraint(fields=["interview", "question"], name="answer_once_per_question"),
            models.CheckConstraint(
                condition=models.Q(value__gte=SCALE_MIN, value__lte=SCALE_MAX), name="answer_on_scale"
            ),
        ]
        verbose_name = _("respuesta de entrevista")
        verbose_name_plural = _("respuestas de entrevista")

    def __str__(self) -> str:
        return f"{self.question_id}: {self.value}"
