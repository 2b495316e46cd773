from django.contrib import admin

from apertus.core.admin import CoordinatorAdmin, CoordinatorInline, DeveloperAdmin
from apertus.plans.models import ActionPlan, Commitment, Milestone, OgpImportJob, ProgressReport


class MilestoneInline(CoordinatorInline):
    model = Milestone
    fields = ["number", "title", "start_date", "end_date", "weight", "status", "progress"]
    readonly_fields = ["status", "progress"]  # progress moves only through reports


@admin.register(ActionPlan)
class ActionPlanAdmin(CoordinatorAdmin):
    list_display = ["state", "edition", "title", "status", "progress", "is_deleted"]
    list_filter = ["status", "state"]
    readonly_fields = ["status", "progress", "version"]  # stages change through the lifecycle
    filter_horizontal = ["documents"]


@admin.register(Commitment)
class CommitmentAdmin(CoordinatorAdmin):
    list_display = ["plan", "number", "title", "progress", "completion", "is_deleted"]
    list_filter = ["plan__state", "completion", "is_deleted"]
    search_fields = ["title"]
    readonly_fields = ["progress", "completion", "version"]
    raw_id_fields = ["lead_institution", "co_responsible", "targets", "primary_goal"]
    inlines = [MilestoneInline]

    def get_queryset(self, request):
        return Commitment.all_objects.select_related("plan__state")


@admin.register(ProgressReport)
class ProgressReportAdmin(CoordinatorAdmin):
    list_display = ["commitment", "milestone", "progress_before", "progress_after", "reported_by", "created_at"]
    readonly_fields = [f.name for f in ProgressReport._meta.fields]

    def has_change_permission(self, request, obj=None):
        return False  # reports are a record: never edited


@admin.register(OgpImportJob)
class OgpImportJobAdmin(DeveloperAdmin):
    """To see what happened to an import; jobs change only through their page and the worker."""

    list_display = ["pk", "plan", "file_name", "status", "rows_done", "rows_total", "requested_by", "created_at"]
    list_filter = ["status"]
    list_select_related = ["plan__state", "requested_by"]
    exclude = ["report"]  # can be large; the job's page shows it

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
