"""Notifications (one row per person per event), follows, and each person's preferences.

These are private records about one person, not public records: they carry no public history.
Deleting an account deletes its notifications, follows and preferences (CASCADE).
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailState(models.TextChoices):
    PENDING = "pending", _("pendiente")
    SENT = "sent", _("enviado")
    SKIPPED = "skipped", _("no se envía")
    DIGEST = "digest", _("enviado en el resumen diario")


class Frequency(models.TextChoices):
    IMMEDIATE = "inmediata", _("En cuanto ocurra")
    DAILY = "diaria", _("Un resumen al día")
    NEVER = "nunca", _("Nunca por correo (solo aquí)")


class Notification(models.Model):
    """Something a person is told about. Never two rows for the same person and ``dedupe_key``."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("destinataria")
    )
    event = models.CharField(_("evento"), max_length=40)
    title = models.CharField(_("título"), max_length=255)
    body = models.TextField(_("texto"), blank=True)
    url = models.CharField(_("enlace"), max_length=500, blank=True)  # a path on this site, e.g. /planes/...
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("quién lo hizo"),
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    dedupe_key = models.CharField(_("clave del evento"), max_length=200)
    # Which notify() call wrote the row: tells that call exactly which rows it created.
    batch = models.CharField(max_length=32, editable=False)
    created_at = models.DateTimeField(_("creada"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("leída"), null=True, blank=True)
    email_state = models.CharField(_("correo"), max_length=10, choices=EmailState.choices, default=EmailState.PENDING)
    emailed_at = models.DateTimeField(_("correo enviado"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # dedupe_key first: the index also serves "the rows of this event".
            models.UniqueConstraint(fields=["dedupe_key", "recipient"], name="notification_once_per_person"),
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_inbox"),
            models.Index(fields=["email_state", "created_at"], name="notification_email_queue"),
        ]
        verbose_name = _("notificación")
        verbose_name_plural = _("notificaciones")

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Follow(models.Model):
    """A person follows an object (proposal, commitment, plan, state) to hear about its progress."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows", verbose_name=_("persona")
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(_("desde"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "user"], name="follow_once_per_person"),
        ]
        verbose_name = _("seguimiento")
        verbose_name_plural = _("seguimientos")

    def __str__(self) -> str:
        return f"{self.user_id} → {self.content_type_id}:{self.object_id}"


class Preference(models.Model):
    """How a person wants to hear from Apertus. No row means the defaults: e-mail on, immediately."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
        verbose_name=_("persona"),
    )
    email_enabled = models.BooleanField(_("recibir correos"), default=True)
    frequency = models.CharField(
        _("frecuencia de los correos"), max_length=10, choices=Frequency.choices, default=Frequency.IMMEDIATE
    )
    # Names of the events this person does not want at all (neither here nor by e-mail).
    muted_events = models.JSONField(_("avisos desactivados"), default=list, blank=True)
    updated_at = models.DateTimeField(_("actualizado"), auto_now=True)

    class Meta:
        verbose_name = _("preferencia de notificaciones")
        verbose_name_plural = _("preferencias de notificaciones")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.get_frequency_display()}"

    @property
    def email_mode(self) -> str:
        """The one answer to "e-mail now, in the digest, or not at all?"."""
        return self.frequency if self.email_enabled else Frequency.NEVER

    def wants(self, event) -> bool:
        return not event.optional or event.name not in (self.muted_events or [])
