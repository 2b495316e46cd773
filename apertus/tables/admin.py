from django.contrib import admin

from apertus.core.admin import CoordinatorAdmin, CoordinatorInline
from apertus.tables.models import Attendance, TableCommitment, WorkingTable


class AttendanceInline(CoordinatorInline):
    model = Attendance


class CommitmentInline(CoordinatorInline):
    model = TableCommitment
    raw_id_fields = ["commitment"]


@admin.register(WorkingTable)
class WorkingTableAdmin(CoordinatorAdmin):
    list_display = ["title", "plan", "starts_at", "capacity", "status"]
    list_filter = ["status", "plan__state"]
    search_fields = ["title", "plan__title"]
    raw_id_fields = ["plan", "facilitator", "minutes"]
    date_hierarchy = "starts_at"
    # Registrations are not editable here: seats and the waiting list go through the services.
    inlines = [AttendanceInline, CommitmentInline]
