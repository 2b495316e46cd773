"""Technical advice on a plan: advisors assigned to it, review rounds, comments and answers, and the
IRM's design assessment of each commitment. Rounds, comments and answers become public with the plan.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apertus.core.concurrency import VersionedModel
from apertus.core.models import TimeStampedModel


class AdvisorAssignment(TimeStampedModel):
    """A person of a partner organisation advising one plan. The scope is the plan, not the state."""

    plan = models.ForeignKey(
        "plans.ActionPlan", on_delete=models.CASCADE, related_name="advisors", verbose_name=_("plan")
    )
    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="advised_plans", verbose_name=_("persona")
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organización"),
    )
    assigned_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("asignada por"),
    )
    is_active = models.BooleanField(_("vigente"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "user__last_name"]
        constraints = [models.UniqueConstraint(fields=["plan", "user"], name="advisor_once_per_plan")]
        verbose_name = _("asesoría asignada")
        verbose_name_plural = _("asesorías asignadas")

    def __str__(self) -> str:
        return f"{self.user} → {self.plan}"


class RoundStatus(models.TextChoices):
    OPEN = "abierta", _("Abierta")
    CLOSED = "cerrada", _("Cerrada")


class ReviewRound(VersionedModel, TimeStampedModel):
    plan = models.ForeignKey(
        "plans.ActionPlan", on_delete=models.PROTECT, related_name="review_rounds", verbose_name=_("plan")
    )
    number = models.PositiveSmallIntegerField(_("número"))
    commitments = models.ManyToManyField(
        "plans.Commitment", related_name="review_rounds", verbose_name=_("compromisos")
    )
    due_date = models.DateField(_("fecha límite"))
    note = models.TextField(_("nota para la asesoría"), blank=True)
    status = models.CharField(
        _("estado"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN, db_index=True
    )
    opened_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("abierta por"),
    )
    closed_at = models.DateTimeField(_("cerrada el"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "-number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="review_round_number_per_plan")]
        verbose_name = _("ronda de revisión")
        verbose_name_plural = _("rondas de revisión")

    def __str__(self) -> str:
        return str(_("Ronda %(n)s de %(plan)s") % {"n": self.number, "plan": self.plan})

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN

    def get_absolute_url(self) -> str:
        return reverse("advice:round_detail", args=[self.pk])


class CommentField(models.TextChoices):
    WHOLE = "whole", _("El compromiso completo")
    PROBLEM = "problem", _("Problema público")
    SOLUTION = "solution", _("Solución (objetivo y cómo contribuye)")
    MILESTONES = "milestones", _("Hitos")
    RESULT_INDICATOR = "result_indicator", _("Indicador de resultado")
    OGP_VALUES = "ogp_values", _("Valores de gobierno abierto")
    SDG = "sdg", _("Alineación a los ODS")


class CommentKind(models.TextChoices):
    MUST_FIX = "must_fix", _("Debe corregirse")
    SUGGESTION = "suggestion", _("Sugerencia")
    QUESTION = "question", _("Pregunta")


class CommentStatus(models.TextChoices):
    OPEN = "open", _("Abierto")
    ANSWERED = "answered", _("Respondido")
    ACCEPTED = "accepted", _("Aceptado")
    REOPENED = "reopened", _("Reabierto")


UNRESOLVED = [CommentStatus.OPEN, CommentStatus.ANSWERED, CommentStatus.REOPENED]


class ReviewComment(VersionedModel, TimeStampedModel):
    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="comments", verbose_name=_("ronda"))
    commitment = models.ForeignKey(
        "plans.Commitment", on_delete=models.PROTECT, related_name="review_comments", verbose_name=_("compromiso")
    )
    author = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("asesor(a)"))
    # The organisation at the time of writing: what the public record shows, even if the person moves on.
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organización"),
    )
    field = models.CharField(_("campo"), max_length=20, choices=CommentField.choices, default=CommentField.WHOLE)
    kind = models.CharField(_("tipo"), max_length=12, choices=CommentKind.choices)
    body = models.TextField(_("comentario"))
    status = models.CharField(
        _("estado"), max_length=10, choices=CommentStatus.choices, default=CommentStatus.OPEN, db_index=True
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["commitment__number", "created_at", "id"]
        verbose_name = _("comentario de revisión")
        verbose_name_plural = _("comentarios de revisión")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.body[:60]}"

    def get_absolute_url(self) -> str:
        return self.round.get_absolute_url() + f"#comentario-{self.pk}"


class ReplyKind(models.TextChoices):
    CHANGED = "changed", _("Respuesta: se cambió el compromiso")
    EXPLAINED = "explained", _("Respuesta: se explica por qué no se cambia")
    ACCEPTED = "accepted", _("Aceptación")
    REOPENED = "reopened", _("Reapertura")


class ReviewReply(TimeStampedModel):
    """One step of a comment's thread: the STL's answer, the advisor's acceptance or reopening."""

    comment = models.ForeignKey(
        ReviewComment, on_delete=models.CASCADE, related_name="replies", verbose_name=_("comentario")
    )
    author = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("autor(a)"))
    kind = models.CharField(_("tipo"), max_length=10, choices=ReplyKind.choices)
    body = models.TextField(_("texto"), blank=True)
    # The exact saved version of the commitment the answer points to (its history row).
    change = models.ForeignKey(
        "plans.HistoricalCommitment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cambio en el compromiso"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("respuesta de revisión")
        verbose_name_plural = _("respuestas de revisión")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.comment_id})"


class Impact(models.TextChoices):
    NONE = "none", _("Ninguno")
    MINOR = "minor", _("Menor")
    MODERATE = "moderate", _("Moderado")
    TRANSFORMATIVE = "transformative", _("Transformador")


class OpenedGovernment(models.TextChoices):
    WORSENED = "worsened", _("Empeoró")
    NO_CHANGE = "no_change", _("No cambió")
    MARGINAL = "marginal", _("Marginal")
    MAJOR = "major", _("Significativo")
    OUTSTANDING = "outstanding", _("Sobresaliente")


VALUE_FIELDS = ["access", "participation", "accountability", "technology"]  # the OGP values, in the IRM's order


class IRMAssessment(VersionedModel, TimeStampedModel):
    """The IRM's design assessment of one commitment, and at the end of the plan "did it open government"."""

    commitment = models.OneToOneField(
        "plans.Commitment", on_delete=models.CASCADE, related_name="irm_assessment", verbose_name=_("compromiso")
    )
    verifiable = models.BooleanField(_("verificable"))
    relevant_access = models.BooleanField(_("relevante para el acceso a la información"), default=False)
    relevant_participation = models.BooleanField(_("relevante para la participación cívica"), default=False)
    relevant_accountability = models.BooleanField(_("relevante para la rendición de cuentas pública"), default=False)
    relevant_technology = models.BooleanField(_("relevante para la tecnología e innovación"), default=False)
    potential_impact = models.CharField(_("impacto potencial"), max_length=15, choices=Impact.choices)
    impact_reason = models.TextField(_("razón del impacto potencial"))
    opened_access = models.CharField(
        _("¿abrió el gobierno? acceso a la información"), max_length=12, choices=OpenedGovernment.choices, blank=True
    )
    opened_participation = models.CharField(
        _("¿abrió el gobierno? participación cívica"), max_length=12, choices=OpenedGovernment.choices, blank=True
    )
    opened_accountability = models.CharField(
        _("¿abrió el gobierno? rendición de cuentas"), max_length=12, choices=OpenedGovernment.choices, blank=True
    )
    opened_technology = models.CharField(
        _("¿abrió el gobierno? tecnología e innovación"), max_length=12, choices=OpenedGovernment.choices, blank=True
    )
    assessed_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("evaluado por"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evaluación de diseño (IRM)")
        verbose_name_plural = _("evaluaciones de diseño (IRM)")

    def __str__(self) -> str:
        return f"IRM: {self.commitment_id}"

    @property
    def is_strong(self) -> bool:
        """Verifiable with moderate or transformative potential impact (what the plan page sums up)."""
        return self.verifiable and self.potential_impact in (Impact.MODERATE, Impact.TRANSFORMATIVE)


class QualityThreshold(TimeStampedModel):
    """The score every chosen commitment needs before the STL can submit a plan for review, per program phase."""

    phase = models.OneToOneField(
        "program.ProgramPhase", on_delete=models.CASCADE, related_name="quality_threshold", verbose_name=_("fase")
    )
    minimum_score = models.PositiveSmallIntegerField(
        _("puntaje mínimo"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("umbral de calidad")
        verbose_name_plural = _("umbrales de calidad")

    def __str__(self) -> str:
        return f"{self.phase}: {self.minimum_score}"
