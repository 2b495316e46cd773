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

    def get_absolute_url(self) -> str:
        if self.scheme == Scheme.SDG_GOAL:
            return reverse("taxonomy:goal_detail", args=[int(self.code)])
        if self.scheme in (Scheme.SDG_TARGET, Scheme.SDG_INDICATOR):
            goal = self.code.split(".")[0]
            return reverse("taxonomy:goal_detail", args=[int(goal)]) + f"#t-{self.code}"
        return reverse("taxonomy:scheme_list", args=[self.scheme])
