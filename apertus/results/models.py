"""The program's results: its stated targets (data, never code), the state SDG indicator series
that give each state its context, and the funder reports coordination asks for."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apertus.core.models import TimeStampedModel


class Target(models.Model):
    """A target the program set itself (``data/program/results_targets.csv``): for all of it, or a phase."""

    code = models.CharField(_("indicador"), max_length=60)
    phase = models.ForeignKey(
        "program.ProgramPhase",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="result_targets",
        verbose_name=_("fase"),
    )
    value = models.PositiveIntegerField(_("meta"))
    source = models.CharField(_("fuente"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code", "phase__number"]
        constraints = [
            models.UniqueConstraint(fields=["code", "phase"], name="result_target_unique"),
            models.UniqueConstraint(
                fields=["code"], condition=models.Q(phase__isnull=True), name="result_target_unique_program"
            ),
        ]
        verbose_name = _("meta del programa")
        verbose_name_plural = _("metas del programa")

    def __str__(self) -> str:
        return f"{self.code}: {self.value}"


class IndicatorSeries(models.Model):
    """One state SDG indicator series (LNPP-CIDE for UNDP), tied to its goal and, where known, target."""

    code = models.CharField(_("clave de la serie"), max_length=20, unique=True)
    name = models.TextField(_("nombre"))
    goal = models.ForeignKey(
        "taxonomy.Term",
        on_delete=models.PROTECT,
        related_name="state_series",
        verbose_name=_("ODS"),
        limit_choices_to={"scheme": "sdg_goal"},
    )
    target = models.ForeignKey(
        "taxonomy.Term",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("meta ODS"),
        limit_choices_to={"scheme": "sdg_target"},
    )
    source = models.CharField(_("fuente"), max_length=60)
    higher_is_worse = models.BooleanField(_("un valor mayor es peor"), default=False)

    class Meta:
        ordering = ["goal__position", "code"]
        verbose_name = _("serie de indicador estatal")
        verbose_name_plural = _("series de indicadores estatales")

    def __str__(self) -> str:
        return self.name


class IndicatorValue(models.Model):
    series = models.ForeignKey(
        IndicatorSeries, on_delete=models.CASCADE, related_name="values", verbose_name=_("serie")
    )
    state = models.ForeignKey(
        "territories.State", on_delete=models.CASCADE, related_name="sdg_values", verbose_name=_("entidad")
    )
    year = models.PositiveSmallIntegerField(_("año"))
    value = models.FloatField(_("valor"))

    class Meta:
        ordering = ["series", "state", "year"]
        constraints = [models.UniqueConstraint(fields=["series", "state", "year"], name="indicator_value_unique")]
        indexes = [models.Index(fields=["state", "series"])]
        verbose_name = _("valor de indicador estatal")
        verbose_name_plural = _("valores de indicadores estatales")

    def __str__(self) -> str:
        return f"{self.series_id}/{self.state_id}/{self.year}: {self.value}"


class IndicatorSummary(models.Model):
    """The median of the states' values of a series in a year (the series have no national value)."""

    series = models.ForeignKey(
        IndicatorSeries, on_delete=models.CASCADE, related_name="summaries", verbose_name=_("serie")
    )
    year = models.PositiveSmallIntegerField(_("año"))
    median = models.FloatField(_("mediana de las entidades"))
    states = models.PositiveSmallIntegerField(_("entidades con dato"))

    class Meta:
        ordering = ["series", "year"]
        constraints = [models.UniqueConstraint(fields=["series", "year"], name="indicator_summary_unique")]
        verbose_name = _("mediana estatal de un indicador")
        verbose_name_plural = _("medianas estatales de los indicadores")

    def __str__(self) -> str:
        return f"{self.series_id}/{self.year}: {self.median}"


class FactKind(models.TextChoices):
    OPEN_GOVERNMENT = "metrica_ga", _("Métrica de Gobierno Abierto (INAI/CIDE)")
    CAPACITIES = "ides", _("Índice Estatal de Capacidades para el Desarrollo Social (GESOC)")
    SDG = "ods", _("Indicador ODS de la ficha estatal")


class StateFact(models.Model):
    """A figure of the program's state fact sheets; ``state`` empty is the national value."""

    state = models.ForeignKey(
        "territories.State",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="facts",
        verbose_name=_("entidad"),
    )
    key = models.CharField(_("clave"), max_length=10)
    kind = models.CharField(_("tipo"), max_length=12, choices=FactKind.choices)
    name = models.CharField(_("nombre"), max_length=255)
    source = models.CharField(_("fuente"), max_length=120)
    year = models.PositiveSmallIntegerField(_("año"))
    value = models.CharField(_("valor"), max_length=60)
    goal = models.ForeignKey(
        "taxonomy.Term", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("ODS")
    )

    class Meta:
        ordering = ["kind", "key"]
        constraints = [
            models.UniqueConstraint(fields=["state", "key"], name="state_fact_unique"),
            models.UniqueConstraint(
                fields=["key"], condition=models.Q(state__isnull=True), name="state_fact_unique_national"
            ),
        ]
        verbose_name = _("dato de la ficha estatal")
        verbose_name_plural = _("datos de las fichas estatales")

    def __str__(self) -> str:
        return f"{self.key}: {self.value}"


class ReportStatus(models.TextChoices):
    QUEUED = "en_cola", _("En cola")
    RUNNING = "en_proceso", _("Generándose")
    READY = "listo", _("Listo")
    FAILED = "fallido", _("Falló")


def _report_path(instance, filename):  # names are ours: random, never the period or a person
    return f"reportes/{secrets.token_hex(16)}{filename[filename.rfind('.') :]}"


class FunderReport(TimeStampedModel):
    """A report for the program's funders over a period: a PDF and an XLSX, made in the background.

    Private to coordination: the files are stored under random names and served only by a view
    that checks ``results.view_funder_report``.
    """

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("solicitado por"),
    )
    period_start = models.DateField(_("desde"))
    period_end = models.DateField(_("hasta"))
    language = models.CharField(_("idioma"), max_length=8, default="es")
    status = models.CharField(_("estado"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.QUEUED)
    step = models.PositiveSmallIntegerField(_("paso"), default=0)
    steps = models.PositiveSmallIntegerField(_("pasos"), default=4)
    pdf = models.FileField(_("PDF"), upload_to=_report_path, blank=True, max_length=200)
    xlsx = models.FileField(_("XLSX"), upload_to=_report_path, blank=True, max_length=200)
    finished_at = models.DateTimeField(_("terminado el"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=255, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="funder_report_period_ordered"
            )
        ]
        verbose_name = _("reporte para donantes")
        verbose_name_plural = _("reportes para donantes")

    def __str__(self) -> str:
        return f"{self.period_start} – {self.period_end}"

    @property
    def percent(self) -> int:
        return 100 if self.status == ReportStatus.READY else int(100 * self.step / max(self.steps, 1))

    @property
    def is_done(self) -> bool:
        return self.status in (ReportStatus.READY, ReportStatus.FAILED)

    def get_absolute_url(self) -> str:
        return reverse("results:report_detail", args=[self.pk])
