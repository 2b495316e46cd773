"""Coordination's admin for the cohort's forums, notices, news and blog.

Private messages are deliberately absent: they belong to the people who wrote them.
"""

from django.contrib import admin

from apertus.core.admin import CoordinatorAdmin
from apertus.forums.models import BlogPost, Forum, NewsItem, Notice, Topic


@admin.register(Forum)
class ForumAdmin(CoordinatorAdmin):
    list_display = ["title", "phase", "kind", "state", "is_locked"]
    list_filter = ["phase", "kind", "state"]
    search_fields = ["title", "activity_title"]
    prepopulated_fields = {"slug": ["title"]}
    list_select_related = ["phase", "state"]


@admin.register(Topic)
class TopicAdmin(CoordinatorAdmin):
    list_display = ["title", "forum", "post_count", "last_post_at", "is_locked", "is_pinned"]
    list_filter = ["forum__phase", "forum__kind"]
    search_fields = ["title"]
    list_select_related = ["forum"]
    readonly_fields = ["post_count", "last_post_at", "author"]


@admin.register(Notice)
class NoticeAdmin(CoordinatorAdmin):
    list_display = ["title", "phase", "sent_at", "recipient_count"]
    list_filter = ["phase"]
    readonly_fields = ["sent_at", "recipient_count", "author"]


@admin.register(NewsItem)
class NewsItemAdmin(CoordinatorAdmin):
    list_display = ["title", "phase", "is_published", "published_at"]
    list_filter = ["phase", "is_published"]
    search_fields = ["title", "body"]
    readonly_fields = ["author"]


@admin.register(BlogPost)
class BlogPostAdmin(CoordinatorAdmin):
    list_display = ["title", "phase", "author", "status", "published_at"]
    list_filter = ["phase", "status"]
    search_fields = ["title", "body"]
    readonly_fields = ["author", "reviewed_by", "reviewed_at"]
