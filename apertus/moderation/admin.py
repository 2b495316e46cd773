from django.contrib import admin

from apertus.core.admin import CoordinatorAdmin
from apertus.moderation.models import Flag, ModerationAction, UserBlock


class ReadOnlyAdmin(CoordinatorAdmin):
    """Flags and the log are records: they change only through the moderation services."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Flag)
class FlagAdmin(ReadOnlyAdmin):
    list_display = ["content_type", "object_id", "reporter", "reason", "state", "created_at", "resolved_at"]
    list_filter = ["content_type", "state"]


@admin.register(ModerationAction)
class ModerationActionAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor", "action", "summary", "target_user", "reason"]
    list_filter = ["action", "state"]


@admin.register(UserBlock)
class UserBlockAdmin(ReadOnlyAdmin):
    list_display = ["user", "reason", "blocked_by", "created_at", "lifted_at"]
    raw_id_fields = ["user", "blocked_by"]
