"""Working tables (mesas de trabajo): co-creation sessions of a state's action plan.

People register for a seat; when the seats run out they join a waiting list, and a cancelled seat
goes to the first person waiting. The STL records attendance by sector, the minutes and the
outcomes, and links the draft commitments born in the table.
"""

from django.core.validators import MinValueValidator, URLValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apertus.core.models import TimeStampedModel


class TableStatus(models.TextChoices):
    SCHEDULED = "programada", _("Programada")
    HELD = "realizada", _("Realizada")
    CANCELLED = "cancelada", _("Cancelada")


class Sector(models.TextChoices):
    """Who came, by sector (the OGP co-creation standard asks for inclusive participation)."""

    GOVERNMENT = "gobierno", _("Gobierno")
    CIVIL_SOCIETY = "sociedad_civil", _("Sociedad civil")
    GUARANTOR = "organo_garante", _("Órgano garante")
    ACADEMIA = "academia", _("Academia")
    PRIVATE = "sector_privado", _("Sector privado")
    CITIZENS = "ciudadania", _("Ciudadanía")


class WorkingTable(TimeStampedModel):
    plan = models.ForeignKey(
        "plans.ActionPlan", on_delete=models.PROTECT, related_name="working_tables", verbose_name=_("plan de acción")
    )
    title = models.CharField(_("título"), max_length=255)
    topic = models.TextField(_("tema y objetivo"), blank=True, help_text=_("Admite Markdown."))
    starts_at = models.DateTimeField(_("inicio"))
    ends_at = models.DateTimeField(_("término"))
    place = models.CharField(_("lugar"), max_length=255, blank=True)
    online_url = models.URLField(
        _("enlace para participar en línea"),
        blank=True,
        max_length=500,
        validators=[URLValidator(schemes=["http", "https"])],
    )
    capacity = models.PositiveIntegerField(_("cupo"), validators=[MinValueValidator(1)])
    facilitator = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="facilitated_tables",
        verbose_name=_("facilitación (cuenta)"),
    )
    # The address typed for whoever facilitates, kept privately; linked to an account only if one has it.
    facilitator_email = models.EmailField(_("correo de quien facilita"), blank=True, help_text=_("No se publica."))
    facilitator_name = models.CharField(
        _("facilitación"),
        max_length=200,
        blank=True,
        help_text=_("Nombre que se muestra; si se deja vacío, el de la cuenta."),
    )
    status = models.CharField(_("estatus"), max_length=20, choices=TableStatus.choices, default=TableStatus.SCHEDULED)
    minutes = models.ForeignKey(
        "documents.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("minuta"),
    )
    outcomes = models.TextField(_("resultados"), blank=True, help_text=_("Admite Markdown."))
    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["plan", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="table_ends_after_start"
            ),
            models.CheckConstraint(condition=models.Q(capacity__gt=0), name="table_capacity_positive"),
            models.CheckConstraint(
                condition=~models.Q(place="") | ~models.Q(online_url=""), name="table_has_place_or_link"
            ),
        ]
        verbose_name = _("mesa de trabajo")
        verbose_name_plural = _("mesas de trabajo")

    def __str__(self) -> str:
        return self.title

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if not self.place and not self.online_url:
            errors["place"] = _("Indica el lugar o el enlace para participar en línea.")
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("El término debe ser posterior al inicio.")
        if errors:
            raise ValidationError(errors)

    @property
    def facilitator_display(self) -> str:
        if self.facilitator_name:
            return self.facilitator_name
        return self.facilitator.public_name if self.facilitator_id else ""

    def get_absolute_url(self) -> str:
        return reverse("tables:detail", args=[self.pk])


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmada", _("Confirmada")
    WAITLIST = "espera", _("En lista de espera")
    CANCELLED = "cancelada", _("Cancelada")


class Registration(models.Model):
    """A person's seat (or place in line) at a table. Never public: pages show counts only."""

    table = models.ForeignKey(
        WorkingTable, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("mesa")
    )
    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="table_registrations", verbose_name=_("persona")
    )
    status = models.CharField(_("estatus"), max_length=20, choices=RegistrationStatus.choices, db_index=True)
    # 1 for the first in line, 2 for the next...; empty unless waiting. Kept without gaps.
    waitlist_position = models.PositiveIntegerField(_("lugar en la lista de espera"), null=True, blank=True)
    attended = models.BooleanField(_("asistió"), null=True, blank=True)
    created_at = models.DateTimeField(_("inscrita el"), auto_now_add=True)
    updated_at = models.DateTimeField(_("actualizada"), auto_now=True)

    class Meta:
        ordering = ["table", "status", "waitlist_position", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["table", "user"], name="table_one_registration_per_person"),
            models.CheckConstraint(
                condition=models.Q(status="espera", waitlist_position__isnull=False)
                | (~models.Q(status="espera") & models.Q(waitlist_position__isnull=True)),
                name="table_waitlist_position_only_when_waiting",
            ),
        ]
        verbose_name = _("inscripción")
        verbose_name_plural = _("inscripciones")

    def __str__(self) -> str:
        return f"{self.table_id}: {self.get_status_display()}"


class Attendance(models.Model):
    """How many people of one sector came to a table (recorded by the STL)."""

    table = models.ForeignKey(WorkingTable, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("mesa"))
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    count = models.PositiveIntegerField(_("personas"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["table", "sector"]
        constraints = [models.UniqueConstraint(fields=["table", "sector"], name="table_attendance_one_per_sector")]
        verbose_name = _("asistencia por sector")
        verbose_name_plural = _("asistencia por sector")

    def __str__(self) -> str:
        return f"{self.get_sector_display()}: {self.count}"


class TableCommitment(models.Model):
    """A (draft) commitment of the plan that was born in, or shaped by, this table."""

    table = models.ForeignKey(
        WorkingTable, on_delete=models.CASCADE, related_name="commitment_links", verbose_name=_("mesa")
    )
    commitment = models.ForeignKey(
        "plans.Commitment", on_delete=models.CASCADE, related_name="table_links", verbose_name=_("compromiso")
    )
    note = models.TextField(_("nota"), blank=True, help_text=_("Qué aportó la mesa al compromiso. Admite Markdown."))
    created_at = models.DateTimeField(_("vinculado el"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["table", "commitment__number"]
        constraints = [models.UniqueConstraint(fields=["table", "commitment"], name="table_commitment_unique")]
        verbose_name = _("compromiso surgido de la mesa")
        verbose_name_plural = _("compromisos surgidos de la mesa")

    def __str__(self) -> str:
        return f"{self.table_id} → {self.commitment_id}"
