from django.contrib import admin

from apertus.core.admin import CoordinatorAdmin, CoordinatorInline
from apertus.teams.models import Deliverable, TeamProject


class DeliverableInline(CoordinatorInline):
    model = Deliverable
    fields = ["title", "due_date", "submitted_at", "is_late", "feedback_at"]
    readonly_fields = ["submitted_at", "is_late", "feedback_at"]


@admin.register(TeamProject)
class TeamProjectAdmin(CoordinatorAdmin):
    list_display = ["title", "state", "phase", "mentor", "is_published"]
    list_filter = ["phase", "is_published", "state"]
    search_fields = ["title", "summary"]
    list_select_related = ["state", "phase", "mentor"]
    raw_id_fields = ["mentor", "stl"]
    filter_horizontal = ["fellows", "commitments", "targets"]
    inlines = [DeliverableInline]
