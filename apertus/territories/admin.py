from django.contrib import admin

from apertus.core.admin import CoordinatorAdmin
from apertus.territories.models import Municipality, State


@admin.register(State)
class StateAdmin(CoordinatorAdmin):
    list_display = ["code", "short_name", "population", "municipality_count"]
    search_fields = ["name", "short_name", "code"]
    exclude = ["map_path"]


@admin.register(Municipality)
class MunicipalityAdmin(CoordinatorAdmin):
    list_display = ["code", "name", "state", "population"]
    list_filter = ["state"]
    search_fields = ["name", "code"]
    list_select_related = ["state"]
