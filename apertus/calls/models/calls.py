"""A call for applications and its configuration: rubric, interview questionnaire, quotas, evaluators.

Every number that decides who is selected lives here, as data: the methodology page, the
ranking and the API all read these same rows (``apertus.calls.scoring``).
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apertus.core.models import TimeStampedModel

# Paths under /convocatorias/ that are not calls.
RESERVED_SLUGS = {"evaluaciones", "entrevistas", "mis-solicitudes", "nueva"}


class Call(TimeStampedModel):
    """A public call (convocatoria) that selects the fellows of one cohort (a program phase)."""

    phase = models.ForeignKey(
        "program.ProgramPhase",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="calls",
        verbose_name=_("generación (fase)"),
        help_text=_("Necesaria para confirmar la selección; puede asignarse cuando la generación exista."),
    )
    title = models.CharField(_("título"), max_length=200)
    slug = models.SlugField(_("identificador"), max_length=120, unique=True)
    summary = models.CharField(_("resumen"), max_length=300, blank=True)
    # The call's sections, in Markdown.
    objective = models.TextField(_("objetivo"), blank=True)
    profile = models.TextField(_("perfil buscado"), blank=True)
    eligibility = models.TextField(_("requisitos de elegibilidad"), blank=True)
    process = models.TextField(_("proceso de selección"), blank=True)
    schedule = models.TextField(_("fechas"), blank=True)
    contact = models.TextField(_("contacto"), blank=True)
    # The same texts in English, for the English pages; empty ones fall back to the Spanish text.
    title_en = models.CharField(_("título (inglés)"), max_length=200, blank=True)
    summary_en = models.CharField(_("resumen (inglés)"), max_length=300, blank=True)
    objective_en = models.TextField(_("objetivo (inglés)"), blank=True)
    profile_en = models.TextField(_("perfil buscado (inglés)"), blank=True)
    eligibility_en = models.TextField(_("requisitos de elegibilidad (inglés)"), blank=True)
    process_en = models.TextField(_("proceso de selección (inglés)"), blank=True)
    schedule_en = models.TextField(_("fechas (inglés)"), blank=True)
    contact_en = models.TextField(_("contacto (inglés)"), blank=True)
    files = models.ManyToManyField(
        "documents.Document",
        blank=True,
        related_name="+",
        verbose_name=_("archivos"),
        help_text=_("Documentos públicos de la convocatoria."),
    )
    states = models.ManyToManyField(
        "territories.State",
        blank=True,
        related_name="+",
        verbose_name=_("entidades elegibles"),
        help_text=_("Vacío: las entidades participantes de la generación (o las 15 del programa)."),
    )
    opens_at = models.DateTimeField(_("abre"))
    closes_at = models.DateTimeField(_("cierra"))
    extended_until = models.DateTimeField(_("prórroga hasta"), null=True, blank=True)
    is_published = models.BooleanField(_("publicada"), default=False)
    motives_word_limit = models.PositiveSmallIntegerField(
        _("límite de palabras de la exposición de motivos"),
        default=500,
        validators=[MinValueValidator(50), MaxValueValidator(3000)],
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("días antes del cierre para recordar"), default=3, validators=[MaxValueValidator(60)]
    )
    evaluators_per_application = models.PositiveSmallIntegerField(
        _("instituciones evaluadoras por solicitud"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    interviewers_per_application = models.PositiveSmallIntegerField(
        _("instituciones entrevistadoras por solicitud"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    evaluation_weight = models.DecimalField(
        _("peso de la evaluación"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.60"),
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    interview_weight = models.DecimalField(
        _("peso de la entrevista"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.40"),
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    quota_per_state = models.PositiveSmallIntegerField(_("lugares por entidad"), default=4)
    selection_confirmed_at = models.DateTimeField(_("selección confirmada"), null=True, blank=True, editable=False)
    selection_confirmed_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("selección confirmada por"),
    )
    results_published_at = models.DateTimeField(_("resultados publicados"), null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-opens_at", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")), name="call_closes_after_opening"
            ),
        ]
        verbose_name = _("convocatoria")
        verbose_name_plural = _("convocatorias")

    def __str__(self) -> str:
        return self.title

    def clean(self):
        super().clean()
        errors = {}
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = _("Este identificador está reservado.")
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("El cierre debe ser posterior a la apertura.")
        if self.extended_until and self.closes_at and self.extended_until <= self.closes_at:
            errors["extended_until"] = _("La prórroga debe terminar después del cierre original.")
        if self.evaluation_weight is not None and self.interview_weight is not None:
            if self.evaluation_weight + self.interview_weight != 1:
                errors["interview_weight"] = _("Los pesos de evaluación y entrevista deben sumar 1.")
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self) -> str:
        return reverse("calls:detail", args=[self.slug])

    @property
    def deadline(self):
        """The closing time in force: the extension if there is one. Openness is ``call_is_open``."""
        return self.extended_until or self.closes_at


class QuotaDimension(models.TextChoices):
    STATE = "state", _("Entidad")
    GENDER = "gender", _("Género")
    SECTOR = "sector", _("Sector")


class Quota(models.Model):
    """A target number of selected people for one state, gender or sector (shown, not enforced)."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="quotas", verbose_name=_("convocatoria"))
    dimension = models.CharField(_("dimensión"), max_length=10, choices=QuotaDimension.choices)
    key = models.CharField(
        _("valor"), max_length=40, help_text=_("Clave INEGI de la entidad, o el valor del género o del sector.")
    )
    target = models.PositiveSmallIntegerField(_("meta"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["dimension", "key"]
        constraints = [models.UniqueConstraint(fields=["call", "dimension", "key"], name="quota_unique_key")]
        verbose_name = _("cuota")
        verbose_name_plural = _("cuotas")

    def __str__(self) -> str:
        return f"{self.get_dimension_display()} {self.key}: {self.target}"


class RubricCriterion(models.Model):
    """One criterion evaluators score (e.g. motives 0–10) and its weight in the evaluation."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("convocatoria"))
    name = models.CharField(_("criterio"), max_length=120)
    description = models.CharField(_("qué se valora"), max_length=500, blank=True)
    name_en = models.CharField(_("criterio (inglés)"), max_length=120, blank=True)
    description_en = models.CharField(_("qué se valora (inglés)"), max_length=500, blank=True)
    min_score = models.PositiveSmallIntegerField(_("mínimo"), default=0)
    max_score = models.PositiveSmallIntegerField(_("máximo"), default=10, validators=[MaxValueValidator(100)])
    weight = models.DecimalField(
        _("peso"), max_digits=5, decimal_places=2, default=Decimal("1"), validators=[MinValueValidator(Decimal("0.01"))]
    )
    position = models.PositiveSmallIntegerField(_("orden"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("criterio de evaluación")
        verbose_name_plural = _("rúbrica")

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if self.max_score is not None and self.min_score is not None and self.max_score <= self.min_score:
            raise ValidationError({"max_score": _("El máximo debe ser mayor que el mínimo.")})


class InterviewQuestion(models.Model):
    """A scale question of the interview (1 to 5) and its weight in the interview score."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="questions", verbose_name=_("convocatoria"))
    text = models.CharField(_("pregunta"), max_length=300)
    weight = models.DecimalField(
        _("peso"), max_digits=5, decimal_places=2, default=Decimal("1"), validators=[MinValueValidator(Decimal("0.01"))]
    )
    position = models.PositiveSmallIntegerField(_("orden"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("pregunta de entrevista")
        verbose_name_plural = _("cuestionario de entrevista")

    def __str__(self) -> str:
        return self.text


class EvaluatorRole(models.TextChoices):
    BOTH = "ambas", _("Evalúa y entrevista")
    EVALUATION = "evaluacion", _("Solo evalúa")
    INTERVIEW = "entrevista", _("Solo entrevista")


class Evaluator(models.Model):
    """A person who evaluates and interviews for an institution in one call.

    Chosen per call by coordination (not derived from ``User.organization``), so an institution
    can lend different people to different calls and nobody evaluates by accident.
    """

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="evaluators", verbose_name=_("convocatoria"))
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("institución evaluadora"),
    )
    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="call_evaluations", verbose_name=_("persona")
    )
    role = models.CharField(_("papel"), max_length=12, choices=EvaluatorRole.choices, default=EvaluatorRole.BOTH)
    history = HistoricalRecords()

    class Meta:
        ordering = ["organization__name", "user__last_name"]
        constraints = [models.UniqueConstraint(fields=["call", "user"], name="evaluator_once_per_call")]
        verbose_name = _("persona evaluadora")
        verbose_name_plural = _("personas evaluadoras")

    def __str__(self) -> str:
        return f"{self.user} ({self.organization})"

    def clean(self):
        super().clean()
        from apertus.calls.models.applications import Application

        if (
            self.call_id
            and self.user_id
            and Application.objects.filter(call_id=self.call_id, applicant_id=self.user_id).exists()
        ):
            raise ValidationError(
                {"user": _("Esta persona tiene una solicitud en la convocatoria: no puede evaluarla.")}
            )
