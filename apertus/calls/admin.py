"""The calls admin is for developers (superusers, ``core.use_developer_admin``): coordination configures
calls in the platform's own pages. The parts that decided scores already given are shown
read-only (``config_locks``), and no picker ever offers an applicant's private file."""

from django.contrib import admin

from apertus.calls.models import (
    Application,
    Call,
    Evaluator,
    InterviewQuestion,
    Quota,
    RubricCriterion,
)
from apertus.calls.services import call_defaults_ensure, config_locks
from apertus.calls.services.calls import SCORING_FIELDS
from apertus.core.admin import CoordinatorAdmin, CoordinatorInline, DeveloperOnly
from apertus.documents.selectors import public_documents


class _LockedInline(DeveloperOnly, CoordinatorInline):
    lock = ""

    def _locked(self, obj) -> bool:
        return bool(obj is not None and obj.pk and config_locks(obj)[self.lock])

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not self._locked(obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._locked(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._locked(obj)


class CriterionInline(_LockedInline):
    model = RubricCriterion
    lock = "rubric"
    fields = ["position", "name", "description", "min_score", "max_score", "weight"]


class QuestionInline(_LockedInline):
    model = InterviewQuestion
    lock = "questionnaire"
    fields = ["position", "text", "weight"]


class QuotaInline(_LockedInline):
    model = Quota
    lock = "scoring"
    fields = ["dimension", "key", "target"]


class EvaluatorInline(DeveloperOnly, CoordinatorInline):
    model = Evaluator
    fields = ["organization", "user", "role"]
    autocomplete_fields = ["organization", "user"]


@admin.register(Call)
class CallAdmin(DeveloperOnly, CoordinatorAdmin):
    list_display = ["title", "phase", "opens_at", "closes_at", "extended_until", "is_published"]
    list_filter = ["is_published", "phase"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["states", "files"]
    inlines = [CriterionInline, QuestionInline, QuotaInline, EvaluatorInline]
    readonly_fields = ["extended_until", "selection_confirmed_at", "results_published_at"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.selection_confirmed_at is not None:
            fields += sorted(SCORING_FIELDS)
        return fields

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # A call's files are published with it: the picker offers public documents only, never the
        # applicants' private proofs (of address, of identity) that share the Document table.
        if db_field.name == "files":
            kwargs["queryset"] = public_documents().order_by("-created_at")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change:
            call_defaults_ensure(call=form.instance)


@admin.register(Application)
class ApplicationAdmin(DeveloperOnly, CoordinatorAdmin):
    """Read-only: applications change through the applicant's pages and the review services.
    The proof of address is a private file: not even its link is shown here."""

    list_display = ["applicant", "call", "status", "state", "proof_status", "result"]
    list_filter = ["call", "status", "proof_status", "result"]
    search_fields = ["applicant__email", "applicant__last_name"]
    list_select_related = ["applicant", "call", "state"]
    exclude = ["proof"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
