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
    hidden_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("ocultado por"))
    flag_count = models.PositiveIntegerField(_("reportes"), default=0)

    class Meta:
        abstract = True


class Flag(models.Model):
    """One person's report that a piece of content breaks the rules. One per person per item."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                                 verbose_name=_("reportado por"))
    reason = models.CharField(_("motivo"), max_length=500)
    created_at = models.DateTimeField(_("creado"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("atendido"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["content_type", "object_id", "reporter"], name="flag_once_per_person")]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        verbose_name = _("reporte de contenido")
        verbose_name_plural = _("reportes de contenido")


class UserBlock(models.Model):
    """A blocked person: their content is hidden everywhere and they cannot post."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="block",
                                verbose_name=_("persona"))
    reason = models.CharField(_("motivo"), max_length=500)
    blocked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
                                   verbose_name=_("bloqueada por"))
    created_at = models.DateTimeField(_("creado"), auto_now_add=True)
    lifted_at = models.DateTimeField(_("levantado"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bloqueo")
        verbose_name_plural = _("bloqueos")
