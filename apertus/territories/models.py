from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# Mexico's time zones by INEGI state code (tz database names); every other state keeps central time.
# Since 2022 only the northern border observes daylight saving time (America/Tijuana follows the US
# rules; the tz database applies the rest), so offsets come from zoneinfo, never from this table.
DEFAULT_TIME_ZONE = "America/Mexico_City"
STATE_TIME_ZONES = {
    "02": "America/Tijuana",  # Baja California
    "03": "America/Mazatlan",  # Baja California Sur
    "08": "America/Chihuahua",  # Chihuahua
    "18": "America/Mazatlan",  # Nayarit
    "23": "America/Cancun",  # Quintana Roo
    "25": "America/Mazatlan",  # Sinaloa
    "26": "America/Hermosillo",  # Sonora
}


class State(models.Model):
    """One of Mexico's 32 states (entidades federativas), keyed by its INEGI code."""

    code = models.CharField(_("clave INEGI"), max_length=2, unique=True)
    name = models.CharField(_("nombre oficial"), max_length=120)
    short_name = models.CharField(_("nombre"), max_length=60)
    slug = models.SlugField(_("identificador"), max_length=60, unique=True)
    abbreviation = models.CharField(_("abreviatura"), max_length=12)
    iso_code = models.CharField(_("ISO 3166-2"), max_length=6, unique=True)
    svg_id = models.CharField(max_length=3, unique=True)
    map_path = models.TextField(_("contorno en el mapa (SVG)"), blank=True)
    population = models.PositiveBigIntegerField(_("población 2020"))
    municipality_count = models.PositiveIntegerField(_("municipios"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("entidad federativa")
        verbose_name_plural = _("entidades federativas")

    def __str__(self) -> str:
        return self.short_name

    def get_absolute_url(self) -> str:
        return reverse("territories:state_detail", args=[self.slug])

    @property
    def time_zone(self) -> str:
        """The state's (main) time zone name, e.g. ``America/Hermosillo`` for Sonora."""
        return STATE_TIME_ZONES.get(self.code, DEFAULT_TIME_ZONE)


class Municipality(models.Model):
    code = models.CharField(_("clave INEGI"), max_length=5, unique=True)
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("entidad"))
    name = models.CharField(_("nombre"), max_length=120)
    seat = models.CharField(_("cabecera"), max_length=120, blank=True)
    population = models.PositiveBigIntegerField(_("población 2020"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("municipio")
        verbose_name_plural = _("municipios")

    def __str__(self) -> str:
        return f"{self.name}, {self.state.short_name}" if "state" in self.__dict__ else self.name
