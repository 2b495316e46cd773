from django.contrib import admin

from apertus.core.admin import CoordinatorAdmin
from apertus.organizations.models import Organization


@admin.register(Organization)
class OrganizationAdmin(CoordinatorAdmin):
    list_display = ["name", "acronym", "type", "state"]
    list_filter = ["type", "state"]
    search_fields = ["name", "acronym"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["state"]
