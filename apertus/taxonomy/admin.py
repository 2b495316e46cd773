from django.contrib import admin

from apertus.core.admin import CoordinatorAdmin
from apertus.taxonomy.models import Term


@admin.register(Term)
class TermAdmin(CoordinatorAdmin):
    list_display = ["scheme", "code", "short_es", "name_es", "is_current"]
    list_filter = ["scheme", "is_current"]
    search_fields = ["code", "name_es", "name_en"]
    raw_id_fields = ["parent"]
