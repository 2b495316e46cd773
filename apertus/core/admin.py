"""The admin is for coordinators: one predicate decides, the same as everywhere else."""

from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from apertus.core.permissions import has_perm


def _coordinator(request) -> bool:
    return has_perm(request.user, "core.access_admin")


admin.site.has_permission = lambda request: request.user.is_active and _coordinator(request)


class CoordinatorAdmin(SimpleHistoryAdmin):
    """Base for every ModelAdmin in Apertus; changes are kept in the record's history."""

    # A bare "example.org" typed in a URL field means https (Django 6's default, chosen now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_module_permission(self, request):
        return _coordinator(request)

    def has_view_permission(self, request, obj=None):
        return _coordinator(request)

    def has_add_permission(self, request):
        return _coordinator(request)

    def has_change_permission(self, request, obj=None):
        return _coordinator(request)

    def has_delete_permission(self, request, obj=None):
        return _coordinator(request)


class CoordinatorInline(admin.TabularInline):
    extra = 0

    def has_view_permission(self, request, obj=None):
        return _coordinator(request)

    def has_add_permission(self, request, obj=None):
        return _coordinator(request)

    def has_change_permission(self, request, obj=None):
        return _coordinator(request)

    def has_delete_permission(self, request, obj=None):
        return _coordinator(request)
