from django.contrib import admin

from apertus.core.admin import CoordinatorAdmin, CoordinatorInline
from apertus.stl.models import Agreement, Attendance, Member, Session, Stl


class MemberInline(CoordinatorInline):
    model = Member
    fields = ["display_name", "person", "organization", "sector", "role", "start_date", "end_date", "status"]
    raw_id_fields = ["person", "organization"]


@admin.register(Stl)
class StlAdmin(CoordinatorAdmin):
    list_display = ["state", "declaration_date", "is_published"]
    list_filter = ["is_published"]
    search_fields = ["state__short_name", "signatories"]
    raw_id_fields = ["declaration_document", "rules_document"]
    list_select_related = ["state"]
    inlines = [MemberInline]


@admin.register(Member)
class MemberAdmin(CoordinatorAdmin):
    list_display = ["display_name", "stl", "organization", "sector", "role", "start_date", "end_date", "status"]
    list_filter = ["status", "sector", "role", "stl__state"]
    readonly_fields = ["proposed_by", "decided_by", "decided_at"]
    search_fields = ["display_name", "organization__name"]
    raw_id_fields = ["person", "organization"]
    list_select_related = ["stl__state", "organization"]


class AttendanceInline(CoordinatorInline):
    model = Attendance
    raw_id_fields = ["member"]


class AgreementInline(CoordinatorInline):
    model = Agreement
    fields = ["text", "owner_member", "owner_organization", "due_date", "status"]
    raw_id_fields = ["owner_member", "owner_organization"]


@admin.register(Session)
class SessionAdmin(CoordinatorAdmin):
    list_display = ["starts_at", "stl", "place"]
    list_filter = ["stl__state"]
    date_hierarchy = "starts_at"
    raw_id_fields = ["minutes_document"]
    list_select_related = ["stl__state"]
    inlines = [AttendanceInline, AgreementInline]


@admin.register(Agreement)
class AgreementAdmin(CoordinatorAdmin):
    list_display = ["__str__", "session", "due_date", "status"]
    list_filter = ["status", "session__stl__state"]
    search_fields = ["text"]
    raw_id_fields = ["session", "owner_member", "owner_organization"]
    list_select_related = ["session__stl__state"]
