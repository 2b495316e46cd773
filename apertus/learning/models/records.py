"""Where fellows stand: progress per activity, the stored grade, seminars and certificates."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apertus.core.models import TimeStampedModel


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "sin_iniciar", _("Sin iniciar")
    IN_PROGRESS = "en_curso", _("En curso")
    COMPLETED = "completada", _("Completada")


class ActivityProgress(models.Model):
    """A fellow's status on an activity and, for graded ones, the score that counts (0-100).

    Written only by the services (completing, submitting, grading); read by the progress roll-ups,
    the grade computation and the gradebooks.
    """

    activity = models.ForeignKey(
        "learning.Activity", on_delete=models.CASCADE, related_name="progress", verbose_name=_("actividad")
    )
    fellow = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="learning_progress", verbose_name=_("fellow")
    )
    status = models.CharField(
        _("estado"), max_length=12, choices=ProgressStatus.choices, default=ProgressStatus.NOT_STARTED
    )
    score = models.DecimalField(_("puntaje (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    completed_at = models.DateTimeField(_("completada el"), null=True, blank=True)
    updated_at = models.DateTimeField(_("actualizado"), auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["activity", "fellow"], name="activity_progress_unique")]
        verbose_name = _("avance en una actividad")
        verbose_name_plural = _("avances en actividades")

    def __str__(self) -> str:
        return f"{self.activity_id}:{self.fellow_id} {self.status}"


class Grade(models.Model):
    """A fellow's computed grade in a program. Derived: only ``grading`` writes it."""

    program = models.ForeignKey(
        "learning.Course", on_delete=models.CASCADE, related_name="grades", verbose_name=_("programa")
    )
    fellow = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="learning_grades", verbose_name=_("fellow")
    )
    state = models.ForeignKey(
        "territories.State",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entidad"),
    )
    quizzes = models.DecimalField(_("cuestionarios"), max_digits=5, decimal_places=2, null=True, blank=True)
    assignments = models.DecimalField(_("tareas"), max_digits=5, decimal_places=2, null=True, blank=True)
    seminars = models.DecimalField(_("seminarios"), max_digits=5, decimal_places=2, null=True, blank=True)
    final = models.DecimalField(_("entregable final"), max_digits=5, decimal_places=2, null=True, blank=True)
    total = models.DecimalField(_("calificación"), max_digits=4, decimal_places=1)
    passed = models.BooleanField(_("aprobó"), default=False)
    computed_at = models.DateTimeField(_("calculada el"), auto_now=True)

    class Meta:
        ordering = ["program", "fellow"]
        constraints = [models.UniqueConstraint(fields=["program", "fellow"], name="grade_unique")]
        verbose_name = _("calificación")
        verbose_name_plural = _("calificaciones")

    def __str__(self) -> str:
        return f"{self.fellow} · {self.total}"


class Seminar(models.Model):
    """One of the cohort's two in-person seminars."""

    program = models.ForeignKey(
        "learning.Course", on_delete=models.CASCADE, related_name="seminars", verbose_name=_("programa")
    )
    number = models.PositiveSmallIntegerField(_("número"), choices=[(1, _("Primero")), (2, _("Segundo"))])
    title = models.CharField(_("título"), max_length=200)
    starts_at = models.DateTimeField(_("fecha y hora"))
    place = models.CharField(_("lugar"), max_length=255)
    agenda = models.TextField(_("agenda"), blank=True, help_text=_("Admite Markdown."))
    history = HistoricalRecords()

    class Meta:
        ordering = ["program", "number"]
        constraints = [models.UniqueConstraint(fields=["program", "number"], name="seminar_number_unique")]
        verbose_name = _("seminario presencial")
        verbose_name_plural = _("seminarios presenciales")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("learning:seminar", args=[self.pk])


class AttendanceStatus(models.TextChoices):
    PRESENT = "presente", _("Presente")
    LATE = "retardo", _("Retardo")
    EXCUSED = "justificada", _("Ausencia justificada")
    ABSENT = "ausente", _("Ausente")


class SeminarAttendance(models.Model):
    seminar = models.ForeignKey(
        Seminar, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("seminario")
    )
    fellow = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+", verbose_name=_("fellow"))
    status = models.CharField(_("asistencia"), max_length=12, choices=AttendanceStatus.choices)
    recorded_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("registró")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["seminar", "fellow"]
        constraints = [models.UniqueConstraint(fields=["seminar", "fellow"], name="seminar_attendance_unique")]
        verbose_name = _("asistencia a seminario")
        verbose_name_plural = _("asistencias a seminarios")

    def __str__(self) -> str:
        return f"{self.seminar} · {self.fellow} · {self.status}"


class Certificate(TimeStampedModel):
    """Proof that a fellow passed. ``code`` is random (160 bits) and printed on the PDF."""

    program = models.ForeignKey(
        "learning.Course", on_delete=models.PROTECT, related_name="certificates", verbose_name=_("programa")
    )
    fellow = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="learning_certificates", verbose_name=_("fellow")
    )
    code = models.CharField(_("código de verificación"), max_length=40, unique=True, editable=False)
    full_name = models.CharField(_("nombre en la constancia"), max_length=300)
    grade = models.DecimalField(_("calificación"), max_digits=4, decimal_places=1)
    issued_on = models.DateField(_("fecha de emisión"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["program", "full_name"]
        constraints = [models.UniqueConstraint(fields=["program", "fellow"], name="certificate_unique")]
        verbose_name = _("constancia")
        verbose_name_plural = _("constancias")

    def __str__(self) -> str:
        return f"{self.full_name} · {self.program}"

    @property
    def display_code(self) -> str:
        return "-".join(self.code[i : i + 4] for i in range(0, len(self.code), 4))

    def get_absolute_url(self) -> str:
        return reverse("learning:certificate_pdf", args=[self.pk])

    def verification_path(self) -> str:
        return reverse("learning:certificate_verify") + f"?codigo={self.display_code}"
