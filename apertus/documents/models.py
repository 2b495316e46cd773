import uuid

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apertus.core.models import TimeStampedModel


class DocumentKind(models.TextChoices):
    DECLARATION = "declaracion", _("Declaración conjunta")
    RULES = "reglas", _("Reglas de operación")
    MINUTES = "minuta", _("Minuta")
    AGENDA = "orden_del_dia", _("Orden del día")
    PLAN = "plan", _("Plan de acción")
    REPORT = "informe", _("Informe")
    EVIDENCE = "evidencia", _("Evidencia")
    OTHER = "otro", _("Otro")


def _upload_to(instance, filename):  # filename is ignored on purpose: names are ours
    return f"documents/{instance.uuid.hex[:2]}/{instance.uuid.hex}{instance.extension}"


class Document(TimeStampedModel):
    """A file kept by Apertus. Stored under a server-generated name; served only through a view
    that checks ``documents.view_document`` and sends it as an attachment."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("título"), max_length=255)
    kind = models.CharField(_("tipo"), max_length=20, choices=DocumentKind.choices, default=DocumentKind.OTHER)
    date = models.DateField(_("fecha"), null=True, blank=True)
    file = models.FileField(_("archivo"), upload_to=_upload_to, max_length=200)
    original_name = models.CharField(_("nombre original"), max_length=255, blank=True)
    extension = models.CharField(max_length=10, blank=True)
    content_type = models.CharField(_("tipo de contenido"), max_length=100)
    size = models.PositiveBigIntegerField(_("tamaño (bytes)"))
    sha256 = models.CharField(max_length=64)
    state = models.ForeignKey(
        "territories.State", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("entidad")
    )
    is_public = models.BooleanField(_("público"), default=False)
    uploaded_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("subido por"),
    )
    history = HistoricalRecords(excluded_fields=["file"])

    class Meta:
        ordering = ["-date", "-created_at"]
        verbose_name = _("documento")
        verbose_name_plural = _("documentos")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("documents:download", args=[self.uuid])
