from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apertus.core.concurrency import VersionedModel
from apertus.core.models import TimeStampedModel

PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


class PlanStatus(models.TextChoices):
    DRAFT = "borrador", _("Borrador")
    COCREATION = "cocreacion", _("Cocreación")
    PUBLISHED = "publicado", _("Publicado")
    IMPLEMENTATION = "implementacion", _("En implementación")
    CONCLUDED = "concluido", _("Concluido")


class Completion(models.TextChoices):
    """The IRM completion scale."""

    NO_EVIDENCE = "sin_evidencia", _("Avance reportado sin evidencia adjunta")
    NOT_STARTED = "no_iniciado", _("No iniciado")
    LIMITED = "limitado", _("Limitado")
    SUBSTANTIAL = "sustancial", _("Sustancial")
    COMPLETE = "completo", _("Completo")


class MilestoneStatus(models.TextChoices):
    NOT_STARTED = "no_iniciado", _("No iniciado")
    IN_PROGRESS = "en_proceso", _("En proceso")
    COMPLETED = "completado", _("Completado")
    CANCELLED = "cancelado", _("Cancelado")


class LiveManager(models.Manager):
    """Hides soft-deleted rows; ``all_objects`` sees them (restore, audit)."""

    def get_queryset(self):
        return super().get_queryset().filter(is_deleted=False)


class SoftDeleteModel(models.Model):
    is_deleted = models.BooleanField(_("eliminado"), default=False, db_index=True)
    deleted_at = models.DateTimeField(_("eliminado el"), null=True, blank=True)
    deleted_reason = models.CharField(_("motivo de eliminación"), max_length=255, blank=True)

    objects = LiveManager()
    all_objects = models.Manager()

    class Meta:
        abstract = True


class ActionPlan(SoftDeleteModel, VersionedModel, TimeStampedModel):
    state = models.ForeignKey(
        "territories.State", on_delete=models.PROTECT, related_name="plans", verbose_name=_("entidad")
    )
    edition = models.PositiveSmallIntegerField(_("edición"))
    title = models.CharField(_("título"), max_length=255)
    period_start = models.DateField(_("inicio del periodo"))
    period_end = models.DateField(_("fin del periodo"))
    summary = models.TextField(_("resumen"), blank=True)
    status = models.CharField(
        _("etapa"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT, db_index=True
    )
    progress = models.DecimalField(_("avance (%)"), max_digits=5, decimal_places=2, default=Decimal("0"))
    documents = models.ManyToManyField(
        "documents.Document", blank=True, related_name="plans", verbose_name=_("documentos")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["state__short_name", "-edition"]
        constraints = [
            models.UniqueConstraint(fields=["state", "edition"], name="plan_unique_edition_per_state"),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="plan_period_ordered"
            ),
        ]
        verbose_name = _("plan de acción local")
        verbose_name_plural = _("planes de acción local")

    def __str__(self) -> str:
        return f"{self.title} ({self.state})"

    @property
    def is_public(self) -> bool:
        return self.status != PlanStatus.DRAFT and not self.is_deleted

    def get_absolute_url(self) -> str:
        return reverse("plans:plan_detail", args=[self.state.slug, self.edition])


class Commitment(SoftDeleteModel, VersionedModel, TimeStampedModel):
    """One commitment, following the OGP template."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.PROTECT, related_name="commitments", verbose_name=_("plan"))
    number = models.PositiveSmallIntegerField(_("número"))
    title = models.CharField(_("título"), max_length=255)
    problem = models.TextField(_("problema público"))
    baseline = models.TextField(_("línea base"), blank=True)
    objective = models.TextField(_("objetivo"))
    expected_results = models.TextField(_("resultados esperados"), blank=True)
    how_it_solves = models.TextField(_("cómo contribuye a resolver el problema"), blank=True)
    corruption_prevention = models.TextField(_("relevancia para la prevención de la corrupción"), blank=True)
    primary_goal = models.ForeignKey(
        "taxonomy.Term",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ODS principal"),
        limit_choices_to={"scheme": "sdg_goal"},
    )
    targets = models.ManyToManyField(
        "taxonomy.Term",
        blank=True,
        related_name="commitments",
        verbose_name=_("metas ODS"),
        limit_choices_to={"scheme": "sdg_target"},
    )
    lead_institution = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="led_commitments",
        verbose_name=_("institución responsable"),
    )
    co_responsible = models.ManyToManyField(
        "organizations.Organization", blank=True, related_name="co_commitments", verbose_name=_("corresponsables")
    )
    other_actors = models.TextField(_("otros actores"), blank=True)
    start_date = models.DateField(_("fecha de inicio"))
    end_date = models.DateField(_("fecha de término"))
    budget = models.DecimalField(_("presupuesto (MXN)"), max_digits=14, decimal_places=2, null=True, blank=True)
    contact = models.CharField(_("contacto"), max_length=255, blank=True)
    weight = models.PositiveSmallIntegerField(_("peso en el plan"), default=1, validators=[MinValueValidator(1)])
    # Derived, written only by apertus.plans.progress.
    progress = models.DecimalField(_("avance (%)"), max_digits=5, decimal_places=2, default=Decimal("0"))
    completion = models.CharField(
        _("cumplimiento (escala IRM)"), max_length=20, choices=Completion.choices, default=Completion.NOT_STARTED
    )
    completion_override = models.CharField(
        _("cumplimiento asignado"), max_length=20, choices=Completion.choices, blank=True
    )
    completion_justification = models.TextField(_("justificación del cumplimiento asignado"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"],
                condition=models.Q(is_deleted=False),
                name="commitment_unique_number_per_plan",
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="commitment_dates_ordered"
            ),
        ]
        verbose_name = _("compromiso")
        verbose_name_plural = _("compromisos")

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def effective_completion(self) -> str:
        return self.completion_override or self.completion

    def get_effective_completion_display(self) -> str:
        return Completion(self.effective_completion).label

    def get_absolute_url(self) -> str:
        return reverse("plans:commitment_detail", args=[self.pk])


class CommitmentValue(models.Model):
    """Relevance of a commitment to one open-government value, with its justification."""

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="values", verbose_name=_("compromiso")
    )
    value = models.ForeignKey(
        "taxonomy.Term",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("valor"),
        limit_choices_to={"scheme": "ogp_value"},
    )
    justification = models.TextField(_("justificación"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["value__position"]
        constraints = [models.UniqueConstraint(fields=["commitment", "value"], name="commitment_value_unique")]
        verbose_name = _("valor de gobierno abierto")
        verbose_name_plural = _("valores de gobierno abierto")

    def __str__(self) -> str:
        return f"{self.commitment_id}: {self.value_id}"


class Milestone(SoftDeleteModel, VersionedModel, TimeStampedModel):
    commitment = models.ForeignKey(
        Commitment, on_delete=models.PROTECT, related_name="milestones", verbose_name=_("compromiso")
    )
    number = models.PositiveSmallIntegerField(_("número"))
    title = models.CharField(_("título"), max_length=255)
    deliverable = models.TextField(_("entregable"), blank=True)
    start_date = models.DateField(_("fecha de inicio"))
    end_date = models.DateField(_("fecha de término"))
    weight = models.PositiveSmallIntegerField(
        _("peso"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    responsible = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsable"),
    )
    status = models.CharField(
        _("estatus"), max_length=20, choices=MilestoneStatus.choices, default=MilestoneStatus.NOT_STARTED
    )
    progress = models.PositiveSmallIntegerField(_("avance (%)"), default=0, validators=PERCENT)
    history = HistoricalRecords()

    class Meta:
        ordering = ["commitment", "number"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="milestone_dates_ordered"
            ),
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="milestone_progress_max_100"),
        ]
        verbose_name = _("hito")
        verbose_name_plural = _("hitos")

    def __str__(self) -> str:
        return f"{self.commitment.number}.{self.number} {self.title}" if "commitment" in self.__dict__ else self.title

    def get_absolute_url(self) -> str:
        return reverse("plans:commitment_detail", args=[self.commitment_id]) + f"#hito-{self.pk}"


class Evidence(TimeStampedModel):
    milestone = models.ForeignKey(Milestone, on_delete=models.PROTECT, related_name="evidence", verbose_name=_("hito"))
    document = models.ForeignKey(
        "documents.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("archivo"),
    )
    url = models.URLField(_("enlace"), blank=True, max_length=500)
    description = models.CharField(_("descripción"), max_length=500)
    date = models.DateField(_("fecha"))
    added_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registrada por"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(document__isnull=False) | ~models.Q(url=""), name="evidence_has_file_or_link"
            )
        ]
        verbose_name = _("evidencia")
        verbose_name_plural = _("evidencias")

    def __str__(self) -> str:
        return self.description


class ProgressReport(TimeStampedModel):
    """Who reported what progress on a milestone, when, and with which evidence."""

    milestone = models.ForeignKey(Milestone, on_delete=models.PROTECT, related_name="reports", verbose_name=_("hito"))
    commitment = models.ForeignKey(
        Commitment, on_delete=models.PROTECT, related_name="reports", verbose_name=_("compromiso")
    )
    reported_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reportado por"),
    )
    progress_before = models.PositiveSmallIntegerField(_("avance anterior (%)"), validators=PERCENT)
    progress_after = models.PositiveSmallIntegerField(_("avance reportado (%)"), validators=PERCENT)
    status_after = models.CharField(_("estatus reportado"), max_length=20, choices=MilestoneStatus.choices)
    note = models.TextField(_("nota"), blank=True)
    evidence = models.ManyToManyField(Evidence, blank=True, related_name="reports", verbose_name=_("evidencias"))
    source = models.CharField(_("origen"), max_length=20, default="web")  # web, api, spreadsheet
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("reporte de avance")
        verbose_name_plural = _("reportes de avance")

    def __str__(self) -> str:
        return f"{self.milestone_id}: {self.progress_before} → {self.progress_after}"


class OgpJobStatus(models.TextChoices):
    QUEUED = "en_cola", _("En cola")
    PREVIEWING = "revisando", _("Revisando el archivo")
    PREVIEWED = "revisado", _("Revisado: espera confirmación")
    IMPORTING = "importando", _("Importando")
    DONE = "importado", _("Importado")
    REFUSED = "rechazado", _("Rechazado: filas con errores")
    FAILED = "fallido", _("Falló")
    CANCELLED = "cancelado", _("Cancelado")


OGP_JOB_ACTIVE = (OgpJobStatus.QUEUED, OgpJobStatus.PREVIEWING, OgpJobStatus.PREVIEWED, OgpJobStatus.IMPORTING)
OGP_JOB_RUNNING = (OgpJobStatus.QUEUED, OgpJobStatus.PREVIEWING, OgpJobStatus.IMPORTING)


class OgpImportJob(TimeStampedModel):
    """A large OGP export imported in the background: the preview (a dry run) and then, once the person
    who uploaded it confirms, the import (all or nothing). The file waits under ``VAR_DIR`` (never the
    media root), named by ``token``, readable only by the server's user, and is removed when the job ends.
    While a step runs, how far it got is in a small file beside it (the step's transaction hides its
    own writes); ``rows_done`` holds it once the step is over."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="ogp_jobs", verbose_name=_("plan"))
    requested_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("solicitado por")
    )
    token = models.CharField(_("clave del archivo"), max_length=32, unique=True, editable=False)
    file_name = models.CharField(_("nombre del archivo"), max_length=120)
    status = models.CharField(_("estado"), max_length=12, choices=OgpJobStatus.choices, default=OgpJobStatus.QUEUED)
    rows_total = models.PositiveIntegerField(_("filas"), default=0)
    rows_done = models.PositiveIntegerField(_("filas procesadas"), default=0)
    report = models.JSONField(_("reporte"), default=dict, blank=True)
    error = models.CharField(_("error"), max_length=255, blank=True)
    previewed_at = models.DateTimeField(_("revisado el"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminado el"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan"], condition=models.Q(status__in=OGP_JOB_ACTIVE), name="ogp_job_one_active_per_plan"
            ),
        ]
        verbose_name = _("importación de OGP")
        verbose_name_plural = _("importaciones de OGP")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def is_running(self) -> bool:
        return self.status in OGP_JOB_RUNNING

    @property
    def percent(self) -> int:
        if self.status == OgpJobStatus.DONE:
            return 100
        return int(100 * self.rows_done / self.rows_total) if self.rows_total else 0

    def get_absolute_url(self) -> str:
        return reverse("plans:ogp_job", args=[self.plan.state.slug, self.plan.edition, self.pk])
