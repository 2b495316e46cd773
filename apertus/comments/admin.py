from django.contrib import admin

from apertus.comments.models import Comment
from apertus.core.admin import CoordinatorAdmin


@admin.register(Comment)
class CommentAdmin(CoordinatorAdmin):
    """Read-only: hiding and restoring go through the moderation queue, which keeps the reason."""

    list_display = ["__str__", "author", "content_type", "object_id", "created_at", "is_hidden", "flag_count"]
    list_filter = ["is_hidden", "content_type"]
    search_fields = ["body"]
    raw_id_fields = ["author", "parent", "reply_to", "hidden_by"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author", "content_type")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
