"""Questionnaires of a cohort: diagnostics, satisfaction surveys and facilitator surveys, one engine.

A questionnaire belongs to a learning ``Course`` (a cohort). Its questions are open text, single
choice, multiple choice or a 1–5 scale. Each fellow has at most one ``ResponseSet`` per
questionnaire (a draft until submitted); answers are personal data, so they have no history
and never reach the open-data catalogue.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apertus.core.models import TimeStampedModel

SCALE_VALUES = (1, 2, 3, 4, 5)
TEXT_LIMIT = 4000  # characters of an open answer


class Purpose(models.TextChoices):
    DIAGNOSTIC = "diagnostico", _("Cuestionario diagnóstico")
    SATISFACTION = "satisfaccion", _("Encuesta de satisfacción")
    FACILITATION = "facilitacion", _("Encuesta sobre la facilitación")


class QuestionKind(models.TextChoices):
    OPEN = "abierta", _("Pregunta abierta")
    SINGLE = "opcion_unica", _("Opción única")
    MULTIPLE = "opcion_multiple", _("Opción múltiple")
    SCALE = "escala_1_5", _("Escala del 1 al 5")


CHOICE_KINDS = {QuestionKind.SINGLE, QuestionKind.MULTIPLE}


class Questionnaire(TimeStampedModel):
    program = models.ForeignKey(
        "learning.Course", on_delete=models.CASCADE, related_name="questionnaires", verbose_name=_("programa")
    )
    title = models.CharField(_("título"), max_length=200)
    intro = models.TextField(_("presentación"), blank=True, help_text=_("Admite Markdown."))
    purpose = models.CharField(_("propósito"), max_length=20, choices=Purpose.choices)
    opens_at = models.DateTimeField(_("abre"), null=True, blank=True)
    closes_at = models.DateTimeField(_("cierra"), null=True, blank=True)
    is_published = models.BooleanField(
        _("publicado"), default=False, help_text=_("Solo los cuestionarios publicados se pueden responder.")
    )
    anonymous_results = models.BooleanField(
        _("resultados anónimos"),
        default=True,
        help_text=_("Si está marcado, el equipo docente ve solo los resultados agregados, nunca quién respondió qué."),
    )
    facilitator = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("persona facilitadora evaluada"),
    )
    created_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("creado por"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["program", "opens_at", "pk"]
        verbose_name = _("cuestionario")
        verbose_name_plural = _("cuestionarios")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("surveys:detail", args=[self.program.phase.year, self.pk])

    @property
    def is_facilitation(self) -> bool:
        return self.purpose == Purpose.FACILITATION

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return bool(
            self.is_published
            and (self.opens_at is None or self.opens_at <= now)
            and (self.closes_at is None or now < self.closes_at)
        )

    def clean(self):
        super().clean()
        errors = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("El cierre debe ser posterior a la apertura.")
        if self.purpose == Purpose.FACILITATION and not self.facilitator_id:
            errors["facilitator"] = _("Indica a qué persona facilitadora se evalúa.")
        if self.purpose != Purpose.FACILITATION and self.facilitator_id:
            errors["facilitator"] = _("Solo las encuestas sobre la facilitación evalúan a una persona.")
        if errors:
            raise ValidationError(errors)


class Question(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="questions", verbose_name=_("cuestionario")
    )
    position = models.PositiveSmallIntegerField(_("orden"), default=1)
    kind = models.CharField(_("tipo"), max_length=20, choices=QuestionKind.choices)
    text = models.CharField(_("pregunta"), max_length=500)
    help = models.CharField(_("ayuda"), max_length=300, blank=True)
    required = models.BooleanField(_("obligatoria"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["questionnaire", "position", "pk"]
        verbose_name = _("pregunta")
        verbose_name_plural = _("preguntas")

    def __str__(self) -> str:
        return f"{self.position}. {self.text}"

    @property
    def has_choices(self) -> bool:
        return self.kind in CHOICE_KINDS


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices", verbose_name=_("pregunta"))
    position = models.PositiveSmallIntegerField(_("orden"), default=1)
    label = models.CharField(_("opción"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        ordering = ["question", "position", "pk"]
        verbose_name = _("opción")
        verbose_name_plural = _("opciones")

    def __str__(self) -> str:
        return self.label


class ResponseSet(models.Model):
    """One person's answers to one questionnaire: a draft until ``submitted_at`` is set.

    ``respondent`` becomes empty when the person deletes their account: the answers still count
    in the totals, but no longer point to anyone.
    """

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="responses", verbose_name=_("cuestionario")
    )
    respondent = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_responses",
        verbose_name=_("persona"),
    )
    started_at = models.DateTimeField(_("iniciada"), default=timezone.now)
    updated_at = models.DateTimeField(_("actualizada"), auto_now=True)
    submitted_at = models.DateTimeField(_("enviada"), null=True, blank=True)

    class Meta:
        ordering = ["questionnaire", "submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "respondent"], name="survey_response_unique"),
        ]
        indexes = [models.Index(fields=["questionnaire", "submitted_at"], name="survey_response_submitted")]
        verbose_name = _("respuesta a un cuestionario")
        verbose_name_plural = _("respuestas a cuestionarios")

    def __str__(self) -> str:
        return f"{self.questionnaire_id}:{self.respondent_id}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class Answer(models.Model):
    """The answer to one question. Which field holds it depends on the question's kind."""

    response = models.ForeignKey(
        ResponseSet, on_delete=models.CASCADE, related_name="answers", verbose_name=_("respuesta")
    )
    # RESTRICT: a question with answers cannot be deleted on its own (the whole questionnaire can).
    question = models.ForeignKey(
        Question, on_delete=models.RESTRICT, related_name="answers", verbose_name=_("pregunta")
    )
    text = models.TextField(_("texto"), blank=True, max_length=TEXT_LIMIT)
    scale = models.PositiveSmallIntegerField(_("valor en la escala"), null=True, blank=True)
    choices = models.ManyToManyField(
        Choice, through="AnswerChoice", blank=True, related_name="answers", verbose_name=_("opciones marcadas")
    )

    class Meta:
        ordering = ["response", "question"]
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="survey_answer_unique"),
            models.CheckConstraint(
                condition=Q(scale__isnull=True) | Q(scale__gte=1, scale__lte=5), name="survey_answer_scale_1_5"
            ),
        ]
        verbose_name = _("respuesta a una pregunta")
        verbose_name_plural = _("respuestas a preguntas")

    def __str__(self) -> str:
        return f"{self.response_id}:{self.question_id}"


class AnswerChoice(models.Model):
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="marks")
    # RESTRICT: an option someone marked cannot be deleted on its own.
    choice = models.ForeignKey(Choice, on_delete=models.RESTRICT, related_name="marks")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["answer", "choice"], name="survey_answer_choice_unique")]
        verbose_name = _("opción marcada")
        verbose_name_plural = _("opciones marcadas")

    def __str__(self) -> str:
        return f"{self.answer_id}:{self.choice_id}"
