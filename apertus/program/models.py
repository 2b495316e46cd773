import uuid

from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apertus.core.models import TimeStampedModel
from apertus.moderation.models import Moderatable
from apertus.organizations.models import OrganizationType

BIO_MAX_CHARS = 1200


class ProgramPhase(TimeStampedModel):
    """A phase of the program (2017, 2018); each phase is also a cohort of fellows (a "generación").
    Not to be confused with ``participation.Phase``, a phase of a co-creation process."""

    number = models.PositiveSmallIntegerField(_("número"), unique=True)
    year = models.PositiveSmallIntegerField(_("año"))
    name_es = models.CharField(_("nombre (español)"), max_length=120)
    name_en = models.CharField(_("nombre (inglés)"), max_length=120)
    description_es = models.TextField(_("descripción (español)"), blank=True)
    description_en = models.TextField(_("descripción (inglés)"), blank=True)
    fellows_goal = models.PositiveIntegerField(_("meta de fellows"), default=0)
    color = models.CharField(_("color en el mapa"), max_length=7)
    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        verbose_name = _("fase")
        verbose_name_plural = _("fases")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "es").startswith("en") else self.name_es

    @property
    def description(self) -> str:
        return self.description_en if (get_language() or "es").startswith("en") else self.description_es


class StateParticipation(TimeStampedModel):
    """A state taking part in the program: its phase and its local open-government exercise. (The
    ``participation`` app is another thing: co-creation processes and proposals.)"""

    state = models.OneToOneField(
        "territories.State", on_delete=models.PROTECT, related_name="participation", verbose_name=_("entidad")
    )
    phase = models.ForeignKey(
        ProgramPhase, on_delete=models.PROTECT, related_name="participations", verbose_name=_("fase")
    )
    declaration_date = models.DateField(_("firma de la declaración conjunta"), null=True, blank=True)
    guarantor = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("órgano garante"),
    )
    status_summary = models.CharField(_("estado del ejercicio"), max_length=120, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["phase__number", "state__short_name"]
        verbose_name = _("entidad participante")
        verbose_name_plural = _("entidades participantes")

    def __str__(self) -> str:
        return f"{self.state} ({self.phase.year})"


class ExerciseInstitution(models.Model):
    """An institution named as a member of a state's STL (or its promoting group)."""

    participation = models.ForeignKey(
        StateParticipation,
        on_delete=models.CASCADE,
        related_name="institutions",
        verbose_name=_("entidad participante"),
    )
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("institución")
    )
    sector = models.CharField(_("sector"), max_length=30, choices=OrganizationType.choices)
    body = models.CharField(_("instancia"), max_length=60, default="STL")
    history = HistoricalRecords()

    class Meta:
        ordering = ["sector", "organization__name"]
        constraints = [
            models.UniqueConstraint(fields=["participation", "organization"], name="exercise_institution_unique")
        ]
        verbose_name = _("institución integrante")
        verbose_name_plural = _("instituciones integrantes")

    def __str__(self) -> str:
        return f"{self.organization} ({self.get_sector_display()})"


class PartnerRole(models.TextChoices):
    IMPLEMENTER = "implementer", _("Implementa")
    DONOR = "donor", _("Financia")
    INSTITUTIONAL = "institutional", _("Aliado institucional")
    CIVIL_SOCIETY = "civil_society", _("Aliado de sociedad civil")


class Partner(models.Model):
    organization = models.OneToOneField(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="partnership",
        verbose_name=_("organización"),
    )
    role = models.CharField(_("papel"), max_length=20, choices=PartnerRole.choices)
    position = models.PositiveSmallIntegerField(_("orden"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position"]
        verbose_name = _("aliado")
        verbose_name_plural = _("aliados")

    def __str__(self) -> str:
        return str(self.organization)


class FellowProfile(Moderatable, TimeStampedModel):
    """A fellow's public profile: shown only while they consent (``is_public``); never their e-mail.

    The fellow alone turns it on or off. Consent dates are kept: ``consent_given_at`` is the last
    time they made it public, ``consent_withdrawn_at`` the last time they withdrew it. The public
    address uses ``public_id`` (random), so profiles cannot be enumerated.
    """

    user = models.OneToOneField(
        "accounts.User", on_delete=models.CASCADE, related_name="fellow_profile", verbose_name=_("persona")
    )
    public_id = models.UUIDField(_("identificador público"), default=uuid.uuid4, unique=True, editable=False)
    is_public = models.BooleanField(_("perfil público"), default=False)
    bio = models.TextField(
        _("presentación breve"),
        blank=True,
        max_length=BIO_MAX_CHARS,
        validators=[MaxLengthValidator(BIO_MAX_CHARS)],
        help_text=_("Admite Markdown."),
    )
    consent_given_at = models.DateTimeField(_("consentimiento otorgado el"), null=True, blank=True)
    consent_withdrawn_at = models.DateTimeField(_("consentimiento retirado el"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["user__last_name", "user__first_name"]
        verbose_name = _("perfil público de fellow")
        verbose_name_plural = _("perfiles públicos de fellows")

    def __str__(self) -> str:
        return self.user.public_name

    def get_absolute_url(self) -> str:
        return reverse("program:fellow_profile", args=[self.public_id])

    @property
    def author(self):
        """Who moderation tells when the profile is hidden: the fellow."""
        return self.user

    @property
    def is_shown(self) -> bool:
        """Public now: the fellow consents, the account is active and moderation has not hidden it."""
        return self.is_public and not self.is_hidden and self.user.is_active
