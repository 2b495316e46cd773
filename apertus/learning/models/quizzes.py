"""Quiz questions, their options (the answer key) and the fellows' attempts."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class QuestionKind(models.TextChoices):
    SINGLE = "unica", _("Opción única")
    MULTIPLE = "multiple", _("Opción múltiple")


class Question(models.Model):
    activity = models.ForeignKey(
        "learning.Activity", on_delete=models.CASCADE, related_name="questions", verbose_name=_("cuestionario")
    )
    position = models.PositiveSmallIntegerField(_("orden"), default=1)
    kind = models.CharField(_("tipo"), max_length=10, choices=QuestionKind.choices, default=QuestionKind.SINGLE)
    text = models.TextField(_("pregunta"), help_text=_("Admite Markdown."))
    points = models.PositiveSmallIntegerField(_("puntos"), default=1, validators=[MinValueValidator(1)])
    feedback = models.TextField(
        _("retroalimentación"),
        blank=True,
        help_text=_("Se muestra solo después de enviar el intento. Admite Markdown."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["activity", "position", "pk"]
        verbose_name = _("pregunta")
        verbose_name_plural = _("preguntas")

    def __str__(self) -> str:
        return self.text[:80]


class Option(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options", verbose_name=_("pregunta"))
    position = models.PositiveSmallIntegerField(_("orden"), default=1)
    text = models.CharField(_("opción"), max_length=500)
    is_correct = models.BooleanField(_("correcta"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["question", "position", "pk"]
        verbose_name = _("opción")
        verbose_name_plural = _("opciones")

    def __str__(self) -> str:
        return self.text[:80]


class AttemptStatus(models.TextChoices):
    OPEN = "abierto", _("En curso")
    SUBMITTED = "enviado", _("Enviado")
    EXPIRED = "vencido", _("Cerrado por tiempo")


class Attempt(models.Model):
    """One go at a quiz. ``deadline`` is fixed when it starts; the server refuses answers after it."""

    activity = models.ForeignKey(
        "learning.Activity", on_delete=models.CASCADE, related_name="attempts", verbose_name=_("cuestionario")
    )
    fellow = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="quiz_attempts", verbose_name=_("fellow")
    )
    number = models.PositiveSmallIntegerField(_("número"))
    status = models.CharField(_("estado"), max_length=10, choices=AttemptStatus.choices, default=AttemptStatus.OPEN)
    started_at = models.DateTimeField(_("inicio"))
    deadline = models.DateTimeField(_("hora límite"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("envío"), null=True, blank=True)
    score = models.DecimalField(_("puntaje (%)"), max_digits=5, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["activity", "fellow", "number"]
        constraints = [models.UniqueConstraint(fields=["activity", "fellow", "number"], name="attempt_number_unique")]
        verbose_name = _("intento")
        verbose_name_plural = _("intentos")

    def __str__(self) -> str:
        return f"{self.activity} · {self.fellow} · {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("learning:attempt", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == AttemptStatus.OPEN


class Selection(models.Model):
    """An option a fellow marked in an attempt."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="selections")
    option = models.ForeignKey(Option, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["attempt", "option"], name="selection_unique")]
        verbose_name = _("respuesta marcada")
        verbose_name_plural = _("respuestas marcadas")

    def __str__(self) -> str:
        return f"{self.attempt_id}:{self.option_id}"
