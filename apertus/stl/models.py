"""Each state's Secretariado Técnico Local: who sits in it, when it meets, what it agrees."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apertus.core.models import TimeStampedModel
from apertus.organizations.models import OrganizationType

# The three sectors that make up an STL (DOMAIN.md): government, civil society, guarantor body.
STL_SECTORS = [OrganizationType.GOVERNMENT, OrganizationType.CIVIL_SOCIETY, OrganizationType.GUARANTOR]
SECTOR_CHOICES = [(sector.value, sector.label) for sector in STL_SECTORS]


class Stl(TimeStampedModel):
    """One state's STL. Unpublished (draft) STLs are seen only by coordination and its members."""

    state = models.OneToOneField(
        "territories.State", on_delete=models.PROTECT, related_name="stl", verbose_name=_("entidad")
    )
    declaration_date = models.DateField(_("fecha de la declaración conjunta"), null=True, blank=True)
    signatories = models.TextField(_("firmantes"), blank=True)
    declaration_document = models.ForeignKey(
        "documents.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("documento de la declaración"),
    )
    rules_document = models.ForeignKey(
        "documents.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reglas de operación"),
    )
    is_published = models.BooleanField(_("publicado"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["state__short_name"]
        verbose_name = _("Secretariado Técnico Local")
        verbose_name_plural = _("Secretariados Técnicos Locales")

    def __str__(self) -> str:
        return str(_("STL de %(state)s") % {"state": self.state.short_name})

    def get_absolute_url(self) -> str:
        return reverse("stl:detail", args=[self.state.slug])


class MemberRole(models.TextChoices):
    TECHNICAL_SECRETARY = "secretaria_tecnica", _("Secretaría técnica")
    REPRESENTATIVE = "representante", _("Representante")
    ALTERNATE = "suplente", _("Suplente")
    GUEST = "invitado", _("Invitación permanente")


class MemberStatus(models.TextChoices):
    PENDING = "pendiente", _("Pendiente de aprobación")
    APPROVED = "aprobada", _("Aprobada")
    REJECTED = "rechazada", _("Rechazada")


class Member(TimeStampedModel):
    """A seat in the STL held by a person, with or without an account in Apertus.

    A seat proposed by an STL member starts pending and counts for nothing (no STL powers, not on
    public pages) until coordination or a second member of the same STL approves it.
    """

    stl = models.ForeignKey(Stl, on_delete=models.CASCADE, related_name="members", verbose_name=_("STL"))
    person = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="stl_memberships",
        verbose_name=_("cuenta"),
    )
    display_name = models.CharField(_("nombre"), max_length=200)
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("organización")
    )
    sector = models.CharField(_("sector"), max_length=30, choices=SECTOR_CHOICES)
    role = models.CharField(
        _("cargo en el STL"), max_length=30, choices=MemberRole.choices, default=MemberRole.REPRESENTATIVE
    )
    start_date = models.DateField(_("desde"), default=timezone.localdate)
    end_date = models.DateField(_("hasta"), null=True, blank=True)
    status = models.CharField(
        _("aprobación"), max_length=20, choices=MemberStatus.choices, default=MemberStatus.PENDING, db_index=True
    )
    # The e-mail typed when the seat was proposed: private, resolved to an account only on approval.
    email = models.EmailField(_("correo de su cuenta"), blank=True, help_text=_("No se publica."))
    proposed_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("propuesta por"),
    )
    decided_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("aprobada o rechazada por"),
    )
    decided_at = models.DateTimeField(_("aprobada o rechazada el"), null=True, blank=True, editable=False)
    rejection_reason = models.TextField(_("motivo del rechazo"), blank=True)
    # The stl_member role this seat gave its person, so ending the seat ends exactly that role.
    role_assignment = models.ForeignKey(
        "accounts.RoleAssignment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["sector", "display_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="stl_member_dates_ordered",
            ),
        ]
        verbose_name = _("integrante del STL")
        verbose_name_plural = _("integrantes del STL")

    def __str__(self) -> str:
        return f"{self.display_name} ({self.organization})" if self.organization_id else self.display_name

    def clean(self):
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("La fecha de baja no puede ser anterior a la de alta.")})
        if self.organization_id and self.stl_id:
            org_state = self.organization.state_id
            if org_state is not None and org_state != self.stl.state_id:
                raise ValidationError({"organization": _("La organización es de otra entidad.")})

    @property
    def is_pending(self) -> bool:
        return self.status == MemberStatus.PENDING

    def is_active(self, today=None) -> bool:
        if self.status != MemberStatus.APPROVED:
            return False
        today = today or timezone.localdate()
        return self.start_date <= today and (self.end_date is None or self.end_date >= today)


class Session(TimeStampedModel):
    """A meeting of the STL (OGP standard: at least one every six months, in public)."""

    stl = models.ForeignKey(Stl, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("STL"))
    starts_at = models.DateTimeField(_("fecha y hora"))
    place = models.CharField(_("lugar"), max_length=255, blank=True)
    online_url = models.URLField(_("enlace para la sesión en línea"), blank=True)
    agenda = models.TextField(_("orden del día"), blank=True, help_text=_("Admite Markdown."))
    minutes_document = models.ForeignKey(
        "documents.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("minuta"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["stl", "starts_at"])]
        verbose_name = _("sesión del STL")
        verbose_name_plural = _("sesiones del STL")

    def __str__(self) -> str:
        when = timezone.localtime(self.starts_at).strftime("%Y-%m-%d %H:%M") if self.starts_at else "—"
        return str(_("Sesión del %(when)s") % {"when": when})

    def clean(self):
        if not self.place and not self.online_url:
            raise ValidationError(_("Indica el lugar o el enlace de la sesión en línea."))

    def get_absolute_url(self) -> str:
        return reverse("stl:session_detail", args=[self.stl.state.slug, self.pk])


class AttendanceStatus(models.TextChoices):
    PRESENT = "presente", _("Presente")
    ABSENT = "ausente", _("Ausente")
    EXCUSED = "justificada", _("Ausencia justificada")


class Attendance(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("sesión"))
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("integrante")
    )
    status = models.CharField(_("asistencia"), max_length=20, choices=AttendanceStatus.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["session", "member__sector", "member__display_name"]
        constraints = [models.UniqueConstraint(fields=["session", "member"], name="stl_attendance_unique")]
        verbose_name = _("asistencia")
        verbose_name_plural = _("asistencias")

    def __str__(self) -> str:
        return f"{self.member.display_name}: {self.get_status_display()}"

    def clean(self):
        if self.session_id and self.member_id and self.member.stl_id != self.session.stl_id:
            raise ValidationError({"member": _("La persona no integra el STL de esta sesión.")})


class AgreementStatus(models.TextChoices):
    PENDING = "pendiente", _("Pendiente")
    IN_PROGRESS = "en_proceso", _("En proceso")
    DONE = "cumplido", _("Cumplido")
    CANCELLED = "cancelado", _("Cancelado")


# Statuses of an agreement that is still owed: past its due date, it is overdue.
OPEN_STATUSES = [AgreementStatus.PENDING, AgreementStatus.IN_PROGRESS]


class Agreement(TimeStampedModel):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="agreements", verbose_name=_("sesión"))
    text = models.TextField(_("acuerdo"), help_text=_("Admite Markdown."))
    owner_member = models.ForeignKey(
        Member,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("integrante responsable"),
    )
    owner_organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organización responsable"),
    )
    due_date = models.DateField(_("fecha compromiso"), null=True, blank=True)
    status = models.CharField(
        _("seguimiento"), max_length=20, choices=AgreementStatus.choices, default=AgreementStatus.PENDING, db_index=True
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["session", "pk"]
        verbose_name = _("acuerdo")
        verbose_name_plural = _("acuerdos")

    def __str__(self) -> str:
        return self.text[:80]

    def clean(self):
        if self.owner_member_id and self.session_id and self.owner_member.stl_id != self.session.stl_id:
            raise ValidationError({"owner_member": _("La persona responsable no integra este STL.")})

    @property
    def owner_name(self) -> str:
        """Who answers for it: the member (and their organisation) or just the organisation."""
        if self.owner_member_id:
            return f"{self.owner_member.display_name} ({self.owner_member.organization.name})"
        if self.owner_organization_id:
            return self.owner_organization.name
        return ""
