from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Scheme(models.TextChoices):
    """Every vocabulary lives in one model (STYLE.md §5); a new theme list is a new scheme."""

    SDG_GOAL = "sdg_goal", _("Objetivo de Desarrollo Sostenible")
    SDG_TARGET = "sdg_target", _("Meta ODS")
    SDG_INDICATOR = "sdg_indicator", _("Indicador ODS")
    OGP_VALUE = "ogp_value", _("Valor de gobierno abierto")
    THEME = "theme", _("Tema")


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    """The WCAG 2 contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def ink_for(colour: str) -> str:
    """``#ffffff`` or ``#000000``, the text colour with the higher contrast on ``colour``."""
    if not colour or len(colour) != 7 or not colour.startswith("#"):
        return "#ffffff"
    try:
        return "#ffffff" if contrast(colour, "#ffffff") >= contrast(colour, "#000000") else "#000000"
    except ValueError:
        return "#ffffff"


class Term(models.Model):
    scheme = models.CharField(_("vocabulario"), max_length=20, choices=Scheme.choices, db_index=True)
    code = models.CharField(_("clave"), max_length=20)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("superior")
    )
    position = models.PositiveIntegerField(_("orden"), default=0)
    name_es = models.TextField(_("nombre (español)"))
    name_en = models.TextField(_("nombre (inglés)"))
    short_es = models.CharField(_("nombre corto (español)"), max_length=120, blank=True)
    short_en = models.CharField(_("nombre corto (inglés)"), max_length=120, blank=True)
    color = models.CharField(_("color"), max_length=7, blank=True)
    is_current = models.BooleanField(_("vigente"), default=True)

    class Meta:
        ordering = ["scheme", "position", "code"]
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="term_unique_code_per_scheme")]
        verbose_name = _("término")
        verbose_name_plural = _("términos")

    def __str__(self) -> str:
        return f"{self.code} {self.short or self.name}"

    @property
    def _en(self) -> bool:
        return (get_language() or "es").startswith("en")

    @property
    def name(self) -> str:
        return self.name_en if self._en and self.name_en else self.name_es

    @property
    def short(self) -> str:
        return self.short_en if self._en and self.short_en else self.short_es

    @property
    def ink(self) -> str:
        """Black or white, whichever reads better on ``color`` (WCAG contrast): several SDG colours
        (7's yellow, 11's orange, 6's light blue) are too light for white text."""
        return ink_for(self.color)

    def get_absolute_url(self) -> str:
        if self.scheme == Scheme.SDG_GOAL:
            return reverse("taxonomy:goal_detail", args=[int(self.code)])
        if self.scheme in (Scheme.SDG_TARGET, Scheme.SDG_INDICATOR):
            goal = self.code.split(".")[0]
            return reverse("taxonomy:goal_detail", args=[int(goal)]) + f"#t-{self.code}"
        return reverse("taxonomy:scheme_list", args=[self.scheme])
