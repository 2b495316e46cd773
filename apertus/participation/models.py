"""Co-creation of an action plan with citizens: a process in phases, proposals, supports, responses.

Phases are data: each says when it runs and which actions it opens. Which phase is open now is
computed only in ``apertus.participation.selectors.current_phase``.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apertus.core.models import TimeStampedModel
from apertus.moderation.models import Moderatable


class PhaseKind(models.TextChoices):
    DIAGNOSIS = "diagnostico", _("Diagnóstico")
    PROPOSALS = "propuestas", _("Propuestas")
    TABLES = "mesas", _("Mesas de trabajo")
    VALIDATION = "validacion", _("Validación del borrador")
    PUBLICATION = "publicacion", _("Publicación")
    FOLLOW_UP = "seguimiento", _("Seguimiento")


class Action(models.TextChoices):
    """What a phase may open. The server checks every one of them against the open phase."""

    PROPOSE = "propose", _("proponer")
    SUPPORT = "support", _("apoyar propuestas")
    COMMENT = "comment", _("comentar")
    REGISTER_TABLE = "register_table", _("inscribirse a mesas de trabajo")
    VOTE_DRAFT = "vote_draft", _("votar el borrador")


class Process(TimeStampedModel):
    """The co-creation process of one action plan."""

    plan = models.OneToOneField(
        "plans.ActionPlan", on_delete=models.PROTECT, related_name="process", verbose_name=_("plan")
    )
    title = models.CharField(_("título"), max_length=255)
    description = models.TextField(_("descripción"), blank=True, help_text=_("Markdown."))
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan__state__short_name", "-plan__edition"]
        verbose_name = _("proceso de cocreación")
        verbose_name_plural = _("procesos de cocreación")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("participation:process_detail", args=[self.plan.state.slug, self.plan.edition])


def local(moment) -> str:
    """A moment as people read it in Mexico: «3 de marzo de 2025 a las 18:00»."""
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


class Phase(TimeStampedModel):
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="phases", verbose_name=_("proceso"))
    kind = models.CharField(_("tipo"), max_length=20, choices=PhaseKind.choices)
    name = models.CharField(_("nombre"), max_length=120)
    description = models.TextField(_("descripción"), blank=True, help_text=_("Markdown."))
    starts_at = models.DateTimeField(_("inicia"))
    ends_at = models.DateTimeField(_("termina"))
    actions = models.JSONField(_("acciones que abre"), default=list, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["process", "starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="phase_ends_after_start"
            ),
        ]
        verbose_name = _("fase")
        verbose_name_plural = _("fases")

    def __str__(self) -> str:
        return self.name

    def clean(self):
        errors: dict[str, list] = {}
        if not isinstance(self.actions, list) or not all(isinstance(a, str) for a in self.actions):
            errors["actions"] = [_("Las acciones deben ser una lista.")]
        else:
            unknown = sorted(set(self.actions) - set(Action.values))
            if unknown:
                errors["actions"] = [_("Acciones desconocidas: %(a)s.") % {"a": ", ".join(unknown)}]
            self.actions = [a for a in Action.values if a in self.actions]  # one order, no repeats
        if self.starts_at and self.ends_at:
            if self.ends_at <= self.starts_at:
                errors["ends_at"] = [_("La fase debe terminar después de iniciar.")]
            elif self.process_id:
                clash = (
                    Phase.objects.filter(
                        process_id=self.process_id, starts_at__lt=self.ends_at, ends_at__gt=self.starts_at
                    )
                    .exclude(pk=self.pk)
                    .first()
                )
                if clash is not None:
                    errors.setdefault("starts_at", []).append(
                        _("Se traslapa con la fase «%(name)s» (%(a)s – %(b)s).")
                        % {"name": clash.name, "a": local(clash.starts_at), "b": local(clash.ends_at)}
                    )
        if errors:
            raise ValidationError(errors)

    def get_actions_display(self) -> list[str]:
        return [str(Action(a).label) for a in self.actions if a in Action.values]


class Proposal(Moderatable):
    """A citizen's proposal: a public problem and a way to solve it."""

    process = models.ForeignKey(Process, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("proceso"))
    # Kept when an account is deleted: the contribution stays, anonymised.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("autoría"),
    )
    title = models.CharField(_("título"), max_length=200)
    problem = models.TextField(_("problema"), help_text=_("¿Qué problema público identificas? Markdown."))
    solution = models.TextField(_("solución propuesta"), help_text=_("¿Cómo propones resolverlo? Markdown."))
    goals = models.ManyToManyField(
        "taxonomy.Term",
        blank=True,
        related_name="proposals",
        verbose_name=_("ODS"),
        limit_choices_to={"scheme": "sdg_goal"},
    )
    municipality = models.ForeignKey(
        "territories.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("municipio"),
        help_text=_("En blanco si la propuesta es para toda la entidad."),
    )
    attachments = models.ManyToManyField(
        "documents.Document", blank=True, related_name="proposals", verbose_name=_("archivos adjuntos")
    )
    # Derived: written only by the support services, recounted from Support in the same transaction.
    support_count = models.PositiveIntegerField(_("apoyos"), default=0, editable=False)
    created_at = models.DateTimeField(_("creada"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("actualizada"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["support_count", "flag_count"])

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("propuesta")
        verbose_name_plural = _("propuestas")

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if self.municipality_id and self.process_id:
            if self.municipality.state_id != self.process.plan.state_id:
                raise ValidationError({"municipality": _("El municipio no pertenece a la entidad del plan.")})

    def get_absolute_url(self) -> str:
        return reverse("participation:proposal_detail", args=[self.pk])


class Support(models.Model):
    """One person's support for a proposal. The database allows one per person."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="supports", verbose_name=_("propuesta")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="proposal_supports", verbose_name=_("persona")
    )
    created_at = models.DateTimeField(_("creado"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["proposal", "user"], name="support_once_per_person")]
        verbose_name = _("apoyo")
        verbose_name_plural = _("apoyos")

    def __str__(self) -> str:
        return f"{self.user_id} → {self.proposal_id}"


class ResponseKind(models.TextChoices):
    INCORPORATED = "incorporada", _("Incorporada")
    PARTIAL = "parcial", _("Incorporada parcialmente")
    NOT_INCORPORATED = "no_incorporada", _("No incorporada")


class Response(TimeStampedModel):
    """The STL's reasoned response to a proposal (OGP co-creation standard 4)."""

    proposal = models.OneToOneField(
        Proposal, on_delete=models.CASCADE, related_name="response", verbose_name=_("propuesta")
    )
    kind = models.CharField(_("respuesta"), max_length=20, choices=ResponseKind.choices)
    reason = models.TextField(_("razones"), help_text=_("Markdown."))
    commitment = models.ForeignKey(
        "plans.Commitment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposal_responses",
        verbose_name=_("compromiso"),
    )
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("respondida por"),
    )
    responded_at = models.DateTimeField(_("respondida el"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-responded_at"]
        verbose_name = _("respuesta razonada")
        verbose_name_plural = _("respuestas razonadas")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.proposal_id}"

    def clean(self):
        if not (self.reason or "").strip():
            raise ValidationError({"reason": _("Explica las razones de la respuesta.")})
        if self.kind in (ResponseKind.INCORPORATED, ResponseKind.PARTIAL):
            if self.commitment_id is None:
                raise ValidationError({"commitment": _("Indica el compromiso en el que se incorporó la propuesta.")})
            if self.commitment.plan_id != self.proposal.process.plan_id or self.commitment.is_deleted:
                raise ValidationError({"commitment": _("El compromiso debe ser del plan de este proceso.")})
        elif self.commitment_id is not None:
            raise ValidationError({"commitment": _("Una propuesta no incorporada no se vincula a un compromiso.")})
