"""An application to a call (one per person per call) and the entries of its structured CV.

Applications are private: the applicant, coordination and — for the parts they evaluate — the
institutions assigned to them see them. Their history keeps who changed the review fields
(document check, selection) but never copies the applicant's own texts.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apertus.calls import limits
from apertus.core.models import TimeStampedModel
from apertus.organizations.models import OrganizationType


class ApplicationStatus(models.TextChoices):
    DRAFT = "borrador", _("En captura")
    SUBMITTED = "enviada", _("Enviada")


class Gender(models.TextChoices):
    WOMAN = "mujer", _("Mujer")
    MAN = "hombre", _("Hombre")
    NON_BINARY = "no_binaria", _("Persona no binaria")
    UNDISCLOSED = "prefiero_no_decir", _("Prefiero no decir")


class ProofStatus(models.TextChoices):
    PENDING = "pendiente", _("Sin revisar")
    VALID = "valido", _("Válido")
    INVALID = "invalido", _("No válido")


class Result(models.TextChoices):
    PENDING = "pendiente", _("En proceso")
    ACCEPTED = "aceptada", _("Seleccionada")
    NOT_SELECTED = "no_seleccionada", _("No seleccionada")


class Application(TimeStampedModel):
    call = models.ForeignKey(
        "calls.Call", on_delete=models.PROTECT, related_name="applications", verbose_name=_("convocatoria")
    )
    applicant = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="applications", verbose_name=_("aspirante")
    )
    status = models.CharField(
        _("estado"), max_length=10, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT, db_index=True
    )
    submitted_at = models.DateTimeField(_("enviada el"), null=True, blank=True)
    motives = models.TextField(
        _("exposición de motivos"),
        blank=True,
        max_length=limits.MOTIVES_MAX_CHARS,
        validators=[MaxLengthValidator(limits.MOTIVES_MAX_CHARS)],
    )
    video_url = models.CharField(
        _("enlace al video"), max_length=limits.VIDEO_URL_MAX, blank=True, validators=[limits.video_url_validator]
    )
    state = models.ForeignKey(
        "territories.State",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entidad de residencia"),
    )
    gender = models.CharField(_("género"), max_length=20, choices=Gender.choices, blank=True)
    sector = models.CharField(_("sector"), max_length=30, choices=OrganizationType.choices, blank=True)
    # Private: stored as a non-public Document uploaded by the applicant, with no state (so no
    # STL can read it). Only the applicant and coordination may download it.
    proof = models.ForeignKey(
        "documents.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("comprobante de domicilio"),
    )
    proof_status = models.CharField(
        _("revisión del comprobante"), max_length=10, choices=ProofStatus.choices, default=ProofStatus.PENDING
    )
    proof_reason = models.CharField(_("motivo de la revisión"), max_length=300, blank=True)
    proof_matches_state = models.BooleanField(_("coincide con la entidad declarada"), null=True, blank=True)
    proof_checked_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revisado por"),
    )
    proof_checked_at = models.DateTimeField(_("revisado el"), null=True, blank=True)
    # Blind until final: set when the last assigned institution submits its scores. Until then
    # evaluators see no identity, and no interview can be assigned or recorded.
    scoring_final_at = models.DateTimeField(_("puntajes definitivos el"), null=True, blank=True, editable=False)
    consent_at = models.DateTimeField(_("aceptó el aviso de privacidad el"), null=True, blank=True)
    consent_version = models.CharField(_("versión del aviso aceptada"), max_length=20, blank=True)
    # Coordination's working choice on the selection page; ``result`` is what was confirmed.
    selected = models.BooleanField(_("elegida en la selección"), default=False)
    result = models.CharField(_("resultado"), max_length=20, choices=Result.choices, default=Result.PENDING)
    history = HistoricalRecords(excluded_fields=["motives", "video_url"])

    class Meta:
        ordering = ["call", "submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["call", "applicant"], name="application_once_per_call"),
        ]
        verbose_name = _("solicitud")
        verbose_name_plural = _("solicitudes")

    def __str__(self) -> str:
        return f"{self.applicant} · {self.call}"

    def clean(self):
        super().clean()
        from apertus.calls.selectors.calls import eligible_states

        errors = {}
        limit = self.call.motives_word_limit
        words = limits.word_count(self.motives)
        if words > limit:
            errors["motives"] = _("La exposición de motivos tiene %(n)s palabras; el máximo es %(max)s.") % {
                "n": words,
                "max": limit,
            }
        if self.state_id and self.state_id not in {s.pk for s in eligible_states(self.call)}:
            errors["state"] = _("Esta entidad no participa en la convocatoria.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_submitted(self) -> bool:
        return self.status == ApplicationStatus.SUBMITTED

    @property
    def scoring_is_final(self) -> bool:
        return self.scoring_final_at is not None

    @property
    def motives_words(self) -> int:
        return limits.word_count(self.motives)


class CVEntry(models.Model):
    """One line of the structured CV; ``section`` says which (see ``limits.CV_SECTIONS``)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="cv_entries", verbose_name=_("solicitud")
    )
    section = models.CharField(
        _("sección"), max_length=12, choices=[(s.key, s.label) for s in limits.CV_SECTIONS.values()]
    )
    title = models.CharField(_("título"), max_length=limits.CV_TITLE_MAX)
    organization = models.CharField(_("institución u organización"), max_length=limits.CV_ORGANIZATION_MAX, blank=True)
    start_year = models.PositiveSmallIntegerField(
        _("desde (año)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(limits.CV_YEAR_MIN), MaxValueValidator(limits.CV_YEAR_MAX)],
    )
    end_year = models.PositiveSmallIntegerField(
        _("hasta (año)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(limits.CV_YEAR_MIN), MaxValueValidator(limits.CV_YEAR_MAX)],
    )
    level = models.CharField(_("nivel"), max_length=limits.CV_LEVEL_MAX, blank=True)
    description = models.TextField(
        _("descripción"),
        max_length=limits.CV_DESCRIPTION_MAX,
        blank=True,
        validators=[MaxLengthValidator(limits.CV_DESCRIPTION_MAX)],
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application", "section", "created_at", "pk"]
        verbose_name = _("entrada del currículum")
        verbose_name_plural = _("currículum")

    def __str__(self) -> str:
        return self.title

    def clean(self):
        super().clean()
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": _("El año final no puede ser anterior al inicial.")})

    @property
    def spec(self) -> limits.CVSection:
        return limits.CV_SECTIONS[self.section]
