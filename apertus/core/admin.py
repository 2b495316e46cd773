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


def _developer(request) -> bool:
    return has_perm(request.user, "core.use_developer_admin")


class DeveloperOnly:
    """Mixed into an admin class: every permission also needs ``core.use_developer_admin``
    (superusers). For models whose tasks have their own pages, where the admin would only
    offer raw fields and wrong choices to coordination."""

    def has_module_permission(self, request):
        return _developer(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return _developer(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return _developer(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return _developer(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _developer(request) and super().has_delete_permission(request, obj)


class DeveloperAdmin(DeveloperOnly, CoordinatorAdmin):
    pass


class DeveloperInline(DeveloperOnly, CoordinatorInline):
    pass
