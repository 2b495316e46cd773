from django.contrib import admin

from apertus.core.admin import CoordinatorAdmin, CoordinatorInline
from apertus.program.models import ExerciseInstitution, Partner, ProgramPhase, StateParticipation


@admin.register(ProgramPhase)
class ProgramPhaseAdmin(CoordinatorAdmin):
    list_display = ["number", "year", "name_es", "fellows_goal"]


class InstitutionInline(CoordinatorInline):
    model = ExerciseInstitution
    raw_id_fields = ["organization"]


@admin.register(StateParticipation)
class StateParticipationAdmin(CoordinatorAdmin):
    list_display = ["state", "phase", "declaration_date", "guarantor"]
    list_filter = ["phase"]
    inlines = [InstitutionInline]
    raw_id_fields = ["guarantor"]
    list_select_related = ["state", "phase", "guarantor"]


@admin.register(Partner)
class PartnerAdmin(CoordinatorAdmin):
    list_display = ["organization", "role", "position"]
