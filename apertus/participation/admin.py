from django.contrib import admin

from apertus.core.admin import CoordinatorAdmin, CoordinatorInline
from apertus.participation.models import Phase, Process, Proposal, Response, Support


class PhaseInline(CoordinatorInline):
    model = Phase
    fields = ["kind", "name", "starts_at", "ends_at", "actions"]


@admin.register(Process)
class ProcessAdmin(CoordinatorAdmin):
    list_display = ["title", "plan"]
    list_select_related = ["plan__state"]
    inlines = [PhaseInline]
    raw_id_fields = ["plan"]


@admin.register(Proposal)
class ProposalAdmin(CoordinatorAdmin):
    list_display = ["title", "process", "support_count", "is_hidden", "created_at"]
    list_filter = ["is_hidden"]
    list_select_related = ["process"]
    search_fields = ["title"]
    raw_id_fields = ["author", "municipality", "hidden_by"]
    filter_horizontal = ["goals"]
    readonly_fields = ["support_count"]


@admin.register(Response)
class ResponseAdmin(CoordinatorAdmin):
    list_display = ["proposal", "kind", "commitment", "responded_at"]
    list_filter = ["kind"]
    raw_id_fields = ["proposal", "commitment", "responded_by"]


@admin.register(Support)
class SupportAdmin(CoordinatorAdmin):
    list_display = ["proposal", "user", "created_at"]
    raw_id_fields = ["proposal", "user"]
