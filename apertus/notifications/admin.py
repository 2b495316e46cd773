"""Read-only views for coordination, to answer "was this person notified, and was the e-mail sent?"."""

from django.contrib import admin

from apertus.core.admin import CoordinatorAdmin
from apertus.notifications.models import Follow, Notification


class ReadOnlyAdmin(CoordinatorAdmin):
    """These private records keep no simple-history table: the admin's own log serves as history."""

    def history_view(self, request, object_id, extra_context=None):
        return admin.ModelAdmin.history_view(self, request, object_id, extra_context)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "recipient", "event", "title", "email_state", "emailed_at", "read_at"]
    list_filter = ["event", "email_state"]
    search_fields = ["dedupe_key", "recipient__email", "title"]
    list_select_related = ["recipient"]
    date_hierarchy = "created_at"


@admin.register(Follow)
class FollowAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "user", "content_type", "object_id"]
    list_filter = ["content_type"]
    list_select_related = ["user", "content_type"]
