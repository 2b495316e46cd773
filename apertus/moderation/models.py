from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Moderatable(models.Model):
    """Mixin for citizen content (proposals, comments...): it can be hidden, with a reason, and restored.

    The content model must have an ``author`` FK to the user. Selectors show only
    ``apertus.moderation.selectors.visible(queryset)``.
    """

    is_hidden = models.BooleanField(_("oculto"), default=False, db_index=True)
    hidden_reason = models.CharField(_("motivo de ocultamiento"), max_length=500, blank=True)
    hidden_at = models.DateTimeField(_("ocultado el"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ocultado por"),
    )
    flag_count = models.PositiveIntegerField(_("reportes"), default=0)

    class Meta:
        abstract = True


class Flag(models.Model):
    """One person's report that a piece of content breaks the rules. One per person per item."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("reportado por")
    )
    reason = models.CharField(_("motivo"), max_length=500)
    # The state the content belongs to when flagged: it decides which STL sees it in its queue.
    state = models.ForeignKey(
        "territories.State",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entidad"),
    )
    created_at = models.DateTimeField(_("creado"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("atendido"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "reporter"], name="flag_once_per_person")
        ]
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            models.Index(fields=["resolved_at", "created_at"]),
        ]
        verbose_name = _("reporte de contenido")
        verbose_name_plural = _("reportes de contenido")

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id} · {self.reason[:60]}"


class UserBlock(models.Model):
    """A blocked person: their content is hidden everywhere and they cannot post."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="block", verbose_name=_("persona")
    )
    reason = models.CharField(_("motivo"), max_length=500)
    blocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("bloqueada por"),
    )
    created_at = models.DateTimeField(_("creado"), auto_now_add=True)
    lifted_at = models.DateTimeField(_("levantado"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bloqueo")
        verbose_name_plural = _("bloqueos")

    def __str__(self) -> str:
        return str(self.user)


class ActionKind(models.TextChoices):
    HIDE = "ocultar", _("Ocultó contenido")
    RESTORE = "restaurar", _("Restauró contenido")
    DISMISS = "descartar", _("Descartó los reportes")
    BLOCK = "bloquear", _("Bloqueó a una persona")
    UNBLOCK = "desbloquear", _("Desbloqueó a una persona")


class ModerationAction(models.Model):
    """The moderation log: who did what to which content or person, when and why. Never edited."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("moderadora")
    )
    action = models.CharField(_("acción"), max_length=20, choices=ActionKind.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, blank=True)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    content_object = GenericForeignKey("content_type", "object_id")
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("persona"),
    )
    # Which STL may read this entry; empty for program-wide actions (blocks), seen by coordinators.
    state = models.ForeignKey(
        "territories.State",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entidad"),
    )
    summary = models.CharField(_("contenido"), max_length=300, blank=True)
    reason = models.CharField(_("motivo"), max_length=500)
    created_at = models.DateTimeField(_("fecha"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        verbose_name = _("acción de moderación")
        verbose_name_plural = _("acciones de moderación")

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.summary}"

    @property
    def content_label(self) -> str:
        """ "app_label.model" of the content acted on (for the restore form), or empty."""
        if self.content_type_id is None:
            return ""
        return f"{self.content_type.app_label}.{self.content_type.model}"
