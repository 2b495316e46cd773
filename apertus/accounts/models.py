import secrets

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apertus.organizations.models import OrganizationType


def _new_stamp() -> str:
    return secrets.token_hex(16)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("email is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. E-mail is the login; every registered person is at least a citizen."""

    email = models.EmailField(_("correo electrónico"), unique=True)
    first_name = models.CharField(_("nombre"), max_length=150, blank=True)
    last_name = models.CharField(_("apellidos"), max_length=150, blank=True)
    state = models.ForeignKey(
        "territories.State", on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("entidad")
    )
    municipality = models.ForeignKey(
        "territories.Municipality", on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("municipio")
    )
    # Indexed: the co-creation standards check, sector by sector, whether anyone of it took part in a
    # plan, and a sector few people declare is found from its people (participation/standards.py).
    sector = models.CharField(_("sector"), max_length=30, choices=OrganizationType.choices, blank=True, db_index=True)
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("organización")
    )
    # What the person says they belong to, in their own words. Kept apart from ``organization`` (a
    # curated, public directory entry) so self-declared names never create public records.
    organization_name = models.CharField(_("organización (declarada)"), max_length=200, blank=True)
    is_active = models.BooleanField(_("activa"), default=True)
    is_staff = models.BooleanField(_("acceso a la administración"), default=False)
    is_demo = models.BooleanField(_("cuenta de demostración"), default=False)
    date_joined = models.DateTimeField(_("alta"), default=timezone.now)
    # Rotated to end every open session of this person at once (disabling, forced log-out).
    session_stamp = models.CharField(max_length=32, default=_new_stamp, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["last_name", "first_name", "email"]
        verbose_name = _("persona usuaria")
        verbose_name_plural = _("personas usuarias")

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self):
        super().clean()
        if self.municipality_id and self.municipality.state_id != self.state_id:
            raise ValidationError({"municipality": _("El municipio no pertenece a la entidad elegida.")})

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def public_name(self) -> str:
        """What public pages show: the name, never the e-mail."""
        return self.full_name or str(_("Persona usuaria %(id)s") % {"id": self.pk})

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.first_name

    def save(self, *args, **kwargs):
        # A new password ends every API token, as it ends every session. Here rather than in a
        # service because every path sets it this way: allauth's change and reset, the admin,
        # ``manage.py changepassword`` (set_password() keeps the raw value until the save).
        password_changed = self._password is not None and self.pk is not None
        super().save(*args, **kwargs)
        if password_changed:
            revoke_tokens(self)

    def _get_session_auth_hash(self, secret=None):
        # Django ties sessions to the password hash; we add a stamp we can rotate.
        return salted_hmac(
            "apertus.accounts.User.session",
            f"{self.password}:{self.session_stamp}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()


def revoke_tokens(user) -> int:
    """Revoke every live API token of ``user`` (password changed, a role ended). Returns how many."""
    return ApiToken.objects.filter(user_id=user.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinación")
    FACILITATOR = "facilitator", _("Facilitación")
    ADVISOR = "advisor", _("Asesoría técnica")
    FELLOW = "fellow", _("Fellow (agente local de cambio)")
    APPLICANT = "applicant", _("Aspirante")
    STL_MEMBER = "stl_member", _("Integrante del STL")
    MONITOR = "monitor", _("Monitoreo independiente")


class RoleAssignment(models.Model):
    """A role held by a person, scoped to where it applies (state, phase/cohort, organisation).

    A blank scope means "everywhere": a facilitator with no state serves the whole program.
    Citizen is not stored: every registered, active person is one.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles", verbose_name=_("persona"))
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices, db_index=True)
    state = models.ForeignKey(
        "territories.State", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("entidad")
    )
    phase = models.ForeignKey(
        "program.ProgramPhase", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("fase / generación")
    )
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("organización")
    )
    sector = models.CharField(_("sector"), max_length=30, choices=OrganizationType.choices, blank=True)
    starts_on = models.DateField(_("desde"), default=timezone.localdate)
    ends_on = models.DateField(_("hasta"), null=True, blank=True)
    # The moment a role was ended (revoked, a seat given up): it stops counting then, not at midnight.
    ended_at = models.DateTimeField(_("terminado el"), null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["user", "role"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="role_assignment_dates_ordered",
            ),
        ]
        verbose_name = _("asignación de rol")
        verbose_name_plural = _("asignaciones de rol")

    def __str__(self) -> str:
        scope = ", ".join(str(x) for x in (self.state, self.phase, self.organization) if x)
        return f"{self.get_role_display()}" + (f" ({scope})" if scope else "")

    def is_current(self, today=None) -> bool:
        today = today or timezone.localdate()
        if self.ended_at is not None and self.ended_at <= timezone.now():
            return False
        return self.starts_on <= today and (self.ends_on is None or self.ends_on >= today)


def role_in_force(prefix: str = "") -> models.Q:
    """The condition for a role assignment that counts right now; ``prefix`` reaches it through a
    relation (``"roles__"`` from User). A role ended today stops counting at the moment it was ended."""
    today, now = timezone.localdate(), timezone.now()
    return (
        models.Q(**{f"{prefix}starts_on__lte": today})
        & (models.Q(**{f"{prefix}ends_on__isnull": True}) | models.Q(**{f"{prefix}ends_on__gte": today}))
        & (models.Q(**{f"{prefix}ended_at__isnull": True}) | models.Q(**{f"{prefix}ended_at__gt": now}))
    )


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 is stored; the token is shown once, at creation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("persona"))
    name = models.CharField(_("nombre"), max_length=100)
    prefix = models.CharField(_("prefijo"), max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("creado"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("último uso"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revocado"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("token de API")
        verbose_name_plural = _("tokens de API")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class PrivacyConsent(models.Model):
    """That a person accepted a version of the privacy notice (aviso de privacidad), and when.

    Kept when the account is deleted, as the record that the data was processed with consent;
    deletion marks it revoked and drops the address hash. Only a keyed hash of the IP address is
    stored, never the address itself.
    """

    user = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="privacy_consents", verbose_name=_("persona")
    )
    notice_version = models.CharField(_("versión del aviso"), max_length=20)
    accepted_at = models.DateTimeField(_("aceptado el"), default=timezone.now)
    ip_hash = models.CharField(_("huella de la dirección IP"), max_length=64, blank=True)
    revoked_at = models.DateTimeField(_("revocado el"), null=True, blank=True)

    class Meta:
        ordering = ["-accepted_at"]
        verbose_name = _("consentimiento del aviso de privacidad")
        verbose_name_plural = _("consentimientos del aviso de privacidad")

    def __str__(self) -> str:
        return f"{self.notice_version} · {self.accepted_at:%Y-%m-%d}"
