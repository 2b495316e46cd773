"""The course of a cohort: a program, its modules, sessions and activities."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apertus.core.models import TimeStampedModel

http_url = URLValidator(schemes=["http", "https"])


class Component(models.TextChoices):
    """The parts a grade is made of; each program gives each one a weight."""

    QUIZZES = "quizzes", _("Cuestionarios")
    ASSIGNMENTS = "assignments", _("Tareas")
    SEMINARS = "seminars", _("Asistencia a los seminarios presenciales")
    FINAL = "final", _("Entregable final del equipo")


class LateJoinRule(models.TextChoices):
    """What a fellow who joins after an activity closed gets on it, as the cohort's staff decide."""

    NONE = "ninguna", _("Nada: las actividades cerradas quedan cerradas")
    EXEMPT = "exentas", _("Las actividades que cerraron antes de su ingreso quedan exentas")
    EXTEND = "prorroga", _("Prórroga de N días, contados desde su ingreso")


class Course(TimeStampedModel):
    """The 8-month course of one cohort (a program phase), with how its grade is computed."""

    phase = models.OneToOneField(
        "program.ProgramPhase", on_delete=models.PROTECT, related_name="learning_program", verbose_name=_("generación")
    )
    title = models.CharField(_("título"), max_length=200)
    description = models.TextField(_("presentación"), blank=True, help_text=_("Admite Markdown."))
    starts_on = models.DateField(_("inicio"))
    ends_on = models.DateField(_("fin"))
    weight_quizzes = models.PositiveSmallIntegerField(
        _("peso de los cuestionarios (%)"), default=30, validators=[MaxValueValidator(100)]
    )
    weight_assignments = models.PositiveSmallIntegerField(
        _("peso de las tareas (%)"), default=30, validators=[MaxValueValidator(100)]
    )
    weight_seminars = models.PositiveSmallIntegerField(
        _("peso de la asistencia a seminarios (%)"), default=10, validators=[MaxValueValidator(100)]
    )
    weight_final = models.PositiveSmallIntegerField(
        _("peso del entregable final (%)"), default=30, validators=[MaxValueValidator(100)]
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("calificación mínima aprobatoria"), default=70, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    attendance_counts = models.BooleanField(_("la asistencia a seminarios cuenta en la calificación"), default=True)
    late_join_rule = models.CharField(
        _("regla para quien ingresa tarde"), max_length=10, choices=LateJoinRule.choices, default=LateJoinRule.NONE
    )
    late_join_days = models.PositiveSmallIntegerField(
        _("días de prórroga por ingreso tardío"), default=14, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    is_published = models.BooleanField(
        _("temario público"), default=False, help_text=_("Publica el temario y la metodología de evaluación.")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["phase__number"]
        verbose_name = _("programa de formación")
        verbose_name_plural = _("programas de formación")

    def __str__(self) -> str:
        return self.title

    @property
    def year(self) -> int:
        return self.phase.year

    def get_absolute_url(self) -> str:
        return reverse("learning:outline", args=[self.phase.year])

    def weights(self) -> dict[str, int]:
        """Each component's weight, in the order the methodology lists them."""
        return {
            Component.QUIZZES: self.weight_quizzes,
            Component.ASSIGNMENTS: self.weight_assignments,
            Component.SEMINARS: self.weight_seminars if self.attendance_counts else 0,
            Component.FINAL: self.weight_final,
        }

    def clean(self):
        super().clean()
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on <= self.starts_on:
            errors["ends_on"] = _("El fin debe ser posterior al inicio.")
        if not self.attendance_counts and self.weight_seminars:
            errors["weight_seminars"] = _("Si la asistencia no cuenta, su peso debe ser 0.")
        total = sum(
            w or 0 for w in (self.weight_quizzes, self.weight_assignments, self.weight_seminars, self.weight_final)
        )
        if total != 100:
            errors["weight_final"] = _("Los pesos deben sumar 100 (suman %(total)s).") % {"total": total}
        if errors:
            raise ValidationError(errors)


class Module(models.Model):
    program = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="modules", verbose_name=_("programa"))
    position = models.PositiveSmallIntegerField(_("orden"), default=1)
    title = models.CharField(_("título"), max_length=200)
    description = models.TextField(_("descripción"), blank=True, help_text=_("Admite Markdown."))
    starts_on = models.DateField(_("inicio"), null=True, blank=True)
    ends_on = models.DateField(_("fin"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["program", "position", "pk"]
        verbose_name = _("módulo")
        verbose_name_plural = _("módulos")

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class Session(models.Model):
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("módulo"))
    position = models.PositiveSmallIntegerField(_("orden"), default=1)
    title = models.CharField(_("título"), max_length=200)
    description = models.TextField(_("descripción"), blank=True, help_text=_("Admite Markdown."))
    starts_on = models.DateField(_("inicio"), null=True, blank=True)
    ends_on = models.DateField(_("fin"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["module", "position", "pk"]
        verbose_name = _("sesión")
        verbose_name_plural = _("sesiones")

    def __str__(self) -> str:
        return f"{self.module.position}.{self.position} {self.title}"


class ActivityKind(models.TextChoices):
    READING = "lectura", _("Lectura")
    VIDEO = "video", _("Video")
    WEBINAR = "webinar", _("Webinario")
    QUIZ = "cuestionario", _("Cuestionario")
    ASSIGNMENT = "tarea", _("Tarea")
    DIAGNOSTIC = "diagnostico", _("Cuestionario diagnóstico")
    SURVEY = "encuesta", _("Encuesta")
    FORUM = "foro", _("Foro")
    FINAL = "entregable_final", _("Entregable final del equipo")


# Activities that carry a score, and the grade component the score counts in.
GRADED_KINDS = {
    ActivityKind.QUIZ: Component.QUIZZES,
    ActivityKind.ASSIGNMENT: Component.ASSIGNMENTS,
    ActivityKind.FINAL: Component.FINAL,
}
SUBMISSION_KINDS = {ActivityKind.ASSIGNMENT, ActivityKind.FINAL}
# Activities a fellow completes by saying so (there is nothing to hand in).
SELF_COMPLETED_KINDS = {
    ActivityKind.READING,
    ActivityKind.VIDEO,
    ActivityKind.WEBINAR,
    ActivityKind.DIAGNOSTIC,
    ActivityKind.SURVEY,
    ActivityKind.FORUM,
}
LINK_KINDS = {ActivityKind.VIDEO, ActivityKind.WEBINAR, ActivityKind.DIAGNOSTIC, ActivityKind.SURVEY}
# Activities that may point to an Apertus questionnaire (apertus.surveys) instead of a link.
QUESTIONNAIRE_KINDS = {ActivityKind.DIAGNOSTIC, ActivityKind.SURVEY}


class AttemptPolicy(models.TextChoices):
    BEST = "mejor", _("Cuenta el mejor intento")
    LAST = "ultimo", _("Cuenta el último intento")


_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_VIMEO_ID = re.compile(r"^[0-9]{1,12}$")


def _youtube_id(host: str, path: list[str], query: str) -> str | None:
    if host in {"youtube.com", "youtube-nocookie.com"}:
        if not path or path[:1] == ["watch"]:
            return (parse_qs(query).get("v") or [""])[0]
        if len(path) == 2 and path[0] in {"embed", "shorts", "live"}:
            return path[1]
    if host == "youtu.be" and len(path) == 1:
        return path[0]
    return None


def _vimeo_id(host: str, path: list[str]) -> str | None:
    if host == "vimeo.com" and len(path) == 1:
        return path[0]
    if host == "player.vimeo.com" and len(path) == 2 and path[0] == "video":
        return path[1]
    return None


def embed_origin(embed_url: str) -> str:
    """``https://host`` of a privacy player address, for the page's frame-src."""
    parts = urlsplit(embed_url)
    return f"{parts.scheme}://{parts.hostname}"


def privacy_embed_url(url: str) -> str | None:
    """The privacy-friendly player address of an allow-listed video (YouTube without cookies,
    Vimeo with "do not track"), or None for anything else."""
    try:
        parts = urlsplit(url or "")
    except ValueError:
        return None
    if parts.scheme not in {"http", "https"}:
        return None
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    path = [p for p in parts.path.split("/") if p]
    video = _youtube_id(host, path, parts.query)
    if video is not None:
        return f"https://www.youtube-nocookie.com/embed/{video}" if _YOUTUBE_ID.match(video) else None
    video = _vimeo_id(host, path)
    if video is not None and _VIMEO_ID.match(video):
        return f"https://player.vimeo.com/video/{video}?dnt=1"
    return None


class Activity(models.Model):
    """One thing to do in a session. Which fields matter depends on ``kind`` (see ``clean``)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="activities", verbose_name=_("sesión"))
    position = models.PositiveSmallIntegerField(_("orden"), default=1)
    kind = models.CharField(_("tipo"), max_length=20, choices=ActivityKind.choices)
    title = models.CharField(_("título"), max_length=200)
    instructions = models.TextField(_("instrucciones"), blank=True, help_text=_("Admite Markdown."))
    opens_at = models.DateTimeField(_("disponible desde"), null=True, blank=True)
    closes_at = models.DateTimeField(
        _("cierre"), null=True, blank=True, help_text=_("Después de esta fecha no se aceptan entregas ni intentos.")
    )
    duration_minutes = models.PositiveSmallIntegerField(_("duración estimada (minutos)"), default=30)
    predecessors = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="successors", verbose_name=_("actividades previas")
    )
    facilitators = models.ManyToManyField(
        "accounts.User", blank=True, related_name="facilitated_activities", verbose_name=_("facilitadores")
    )
    weight = models.PositiveSmallIntegerField(
        _("peso dentro de su componente"), default=1, validators=[MinValueValidator(1)]
    )
    # Reading: a file or a page.
    document = models.ForeignKey(
        "documents.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("archivo de lectura"),
    )
    body = models.TextField(_("texto de la lectura"), blank=True, help_text=_("Admite Markdown."))
    # Video, webinar, questionnaires and forum: where they happen.
    url = models.URLField(_("enlace"), blank=True, validators=[http_url])
    # Diagnostic and survey: an Apertus questionnaire instead of an external link.
    questionnaire = models.ForeignKey(
        "surveys.Questionnaire",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("cuestionario de Apertus"),
        help_text=_("Para diagnósticos y encuestas: en lugar de un enlace externo."),
    )
    scheduled_at = models.DateTimeField(_("fecha y hora del webinario"), null=True, blank=True)
    forum_slug = models.SlugField(_("foro (identificador)"), max_length=100, blank=True)
    # Quizzes.
    attempts_allowed = models.PositiveSmallIntegerField(
        _("intentos permitidos"), default=1, validators=[MinValueValidator(1)]
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("tiempo límite (minutos)"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    attempt_policy = models.CharField(
        _("intento que cuenta"), max_length=10, choices=AttemptPolicy.choices, default=AttemptPolicy.BEST
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["session", "position", "pk"]
        verbose_name = _("actividad")
        verbose_name_plural = _("actividades")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("learning:activity", args=[self.pk])

    @property
    def program(self) -> Course:
        return self.session.module.program

    @property
    def component(self) -> str | None:
        return GRADED_KINDS.get(self.kind)

    @property
    def is_team_work(self) -> bool:
        return self.kind == ActivityKind.FINAL

    @property
    def embed_url(self) -> str | None:
        return privacy_embed_url(self.url) if self.kind == ActivityKind.VIDEO else None

    def clean(self):
        super().clean()
        errors = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("El cierre debe ser posterior a la apertura.")
        if self.kind == ActivityKind.READING and not (self.document_id or self.body.strip()):
            errors["body"] = _("Una lectura necesita un archivo o un texto.")
        if self.kind in LINK_KINDS and not (self.url or (self.questionnaire_id and self.kind in QUESTIONNAIRE_KINDS)):
            errors["url"] = _("Esta actividad necesita un enlace.")
        if self.questionnaire_id and self.kind not in QUESTIONNAIRE_KINDS:
            errors["questionnaire"] = _("Solo los diagnósticos y las encuestas llevan un cuestionario.")
        elif (
            self.questionnaire_id
            and self.session_id
            and (self.questionnaire.program_id != self.session.module.program_id)
        ):
            errors["questionnaire"] = _("El cuestionario debe ser del mismo programa.")
        if self.kind == ActivityKind.WEBINAR and not self.scheduled_at:
            errors["scheduled_at"] = _("Indica la fecha y hora del webinario.")
        if self.kind == ActivityKind.FORUM and not (self.url or self.forum_slug):
            errors["forum_slug"] = _("Indica el foro (enlace o identificador).")
        if self.kind in SUBMISSION_KINDS and not self.closes_at:
            errors["closes_at"] = _("Una entrega necesita fecha de cierre.")
        if errors:
            raise ValidationError(errors)
