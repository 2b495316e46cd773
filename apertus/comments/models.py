from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apertus.moderation.models import Moderatable

BODY_MAX = 5000


class Comment(Moderatable):
    """A comment on a plan, a commitment or a proposal. Threads are two levels deep.

    A reply always hangs from a top-level comment (``parent``); answering a reply keeps the same
    thread and records which comment was answered in ``reply_to``.
    """

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", verbose_name=_("tipo de contenido")
    )
    object_id = models.PositiveBigIntegerField(_("objeto"))
    target = GenericForeignKey("content_type", "object_id")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies", verbose_name=_("hilo")
    )
    reply_to = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("en respuesta a")
    )
    # SET_NULL: when an account is deleted its comments stay, anonymised.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("autoría"),
    )
    body = models.TextField(
        _("comentario"), validators=[MaxLengthValidator(BODY_MAX)], help_text=_("Markdown. Hasta 5,000 caracteres.")
    )
    created_at = models.DateTimeField(_("publicado"), default=timezone.now, editable=False)
    edited_at = models.DateTimeField(_("editado"), null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id", "parent", "created_at"])]
        verbose_name = _("comentario")
        verbose_name_plural = _("comentarios")

    def __str__(self) -> str:
        text = " ".join(self.body.split())
        return text if len(text) <= 80 else text[:79] + "…"

    def get_absolute_url(self) -> str:
        return reverse("comments:detail", args=[self.pk])

    @property
    def author_name(self) -> str:
        return self.author.public_name if self.author_id else str(_("Cuenta eliminada"))

    @property
    def target_label(self) -> str:
        """ "app_label.model" of the target, read from the content-type cache (no query)."""
        ct = ContentType.objects.get_for_id(self.content_type_id)
        return f"{ct.app_label}.{ct.model}"
