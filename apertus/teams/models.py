"""Team projects: one per state in each cohort, built by that state's fellows with a mentor.

A project works with its state's STL on commitments of the state's action plans and on SDG
targets, and hands in deliverables with due dates; its page is public once published.
"""

from datetime import datetime, time

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apertus.accounts.models import Role, RoleAssignment, role_in_force
from apertus.core.models import TimeStampedModel


class TeamProject(TimeStampedModel):
    """The team project of one state's fellows in one cohort (``phase``). Drafts are not public."""

    phase = models.ForeignKey(
        "program.ProgramPhase", on_delete=models.PROTECT, related_name="team_projects", verbose_name=_("generación")
    )
    state = models.ForeignKey(
        "territories.State", on_delete=models.PROTECT, related_name="team_projects", verbose_name=_("entidad")
    )
    title = models.CharField(_("título"), max_length=255)
    summary = models.TextField(_("resumen"), blank=True, help_text=_("Admite Markdown."))
    fellows = models.ManyToManyField(
        "accounts.User", blank=True, related_name="team_projects", verbose_name=_("fellows del equipo")
    )
    mentor = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentored_projects",
        verbose_name=_("mentoría"),
    )
    stl = models.ForeignKey(
        "stl.Stl", on_delete=models.SET_NULL, null=True, blank=True, related_name="team_projects", verbose_name=_("STL")
    )
    commitments = models.ManyToManyField(
        "plans.Commitment", blank=True, related_name="team_projects", verbose_name=_("compromisos")
    )
    targets = models.ManyToManyField(
        "taxonomy.Term",
        blank=True,
        related_name="team_projects",
        verbose_name=_("metas ODS"),
        limit_choices_to={"scheme": "sdg_target"},
    )
    is_published = models.BooleanField(_("publicado"), default=False)
    published_at = models.DateTimeField(_("publicado el"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["phase__number", "state__short_name"]
        constraints = [
            models.UniqueConstraint(fields=["phase", "state"], name="team_project_one_per_state_and_cohort"),
        ]
        verbose_name = _("proyecto de equipo")
        verbose_name_plural = _("proyectos de equipo")

    def __str__(self) -> str:
        return f"{self.title} ({self.state} {self.phase.year})" if self.state_id and self.phase_id else self.title

    def clean(self):

        errors = {}
        if self.stl_id and self.state_id and self.stl.state_id != self.state_id:
            errors["stl"] = _("El STL es de otra entidad.")
        if self.mentor_id and self.phase_id and self.state_id:
            serves = (
                RoleAssignment.objects.filter(role_in_force(), user_id=self.mentor_id, role=Role.FACILITATOR)
                .filter(models.Q(state__isnull=True) | models.Q(state_id=self.state_id))
                .filter(models.Q(phase__isnull=True) | models.Q(phase_id=self.phase_id))
                .exists()
            )
            if not serves:
                errors["mentor"] = _("La mentoría debe estar a cargo de una persona facilitadora de esta generación.")
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self) -> str:
        return reverse("teams:detail", args=[self.phase.year, self.state.slug])


class Deliverable(TimeStampedModel):
    """Something the team hands in by a due date: a file, a link, or both.

    Due dates are days in the program's time zone: a submission made any time on the due day is on
    time. Later submissions are accepted and marked late (``is_late``), decided by the server's clock
    when they arrive. A submission can be replaced until feedback is given; then it is final.
    """

    project = models.ForeignKey(
        TeamProject, on_delete=models.CASCADE, related_name="deliverables", verbose_name=_("proyecto")
    )
    title = models.CharField(_("título"), max_length=255)
    description = models.TextField(_("descripción"), blank=True, help_text=_("Admite Markdown."))
    due_date = models.DateField(_("fecha de entrega"))
    document = models.ForeignKey(
        "documents.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("archivo entregado"),
    )
    link = models.URLField(_("enlace entregado"), blank=True)
    submitted_at = models.DateTimeField(_("entregado el"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("entregó")
    )
    is_late = models.BooleanField(_("entrega tardía"), default=False)
    feedback = models.TextField(_("retroalimentación"), blank=True, help_text=_("Admite Markdown."))
    feedback_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("retroalimentación de"),
    )
    feedback_at = models.DateTimeField(_("retroalimentación el"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("entregable")
        verbose_name_plural = _("entregables")

    def __str__(self) -> str:
        return self.title

    @property
    def deadline(self) -> datetime:
        """The last instant that is still on time: the end of the due day, in the program's time zone."""
        return timezone.make_aware(datetime.combine(self.due_date, time.max))

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    @property
    def has_feedback(self) -> bool:
        return self.feedback_at is not None
