from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apertus.core.models import TimeStampedModel


class OrganizationType(models.TextChoices):
    GOVERNMENT = "gobierno", _("Gobierno")
    CIVIL_SOCIETY = "sociedad_civil", _("Sociedad civil")
    GUARANTOR = "organo_garante", _("Órgano garante")
    ACADEMIA = "academia", _("Academia")
    INTERNATIONAL = "cooperacion_internacional", _("Cooperación internacional")
    PRIVATE = "sector_privado", _("Sector privado")


class Organization(TimeStampedModel):
    name = models.CharField(_("nombre"), max_length=255)
    slug = models.SlugField(_("identificador"), max_length=120, unique=True)
    acronym = models.CharField(_("siglas"), max_length=40, blank=True)
    type = models.CharField(_("tipo"), max_length=30, choices=OrganizationType.choices, db_index=True)
    state = models.ForeignKey(
        "territories.State",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organizations",
        verbose_name=_("entidad"),
    )
    website = models.URLField(_("sitio web"), blank=True)
    description = models.TextField(_("descripción"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["name", "state"], name="organization_unique_name_state")]
        verbose_name = _("organización")
        verbose_name_plural = _("organizaciones")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organizations:detail", args=[self.slug])
