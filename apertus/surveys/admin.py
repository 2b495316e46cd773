"""Coordinators see questionnaires and their questions here; answers are personal data and stay out."""

from django.contrib import admin

from apertus.core.admin import CoordinatorAdmin, CoordinatorInline
from apertus.surveys.models import Choice, Question, Questionnaire


class QuestionInline(CoordinatorInline):
    model = Question
    fields = ["position", "kind", "text", "required"]
    show_change_link = True


@admin.register(Questionnaire)
class QuestionnaireAdmin(CoordinatorAdmin):
    list_display = ["title", "program", "purpose", "is_published", "opens_at", "closes_at"]
    list_filter = ["purpose", "is_published", "program"]
    list_select_related = ["program"]
    search_fields = ["title"]
    raw_id_fields = ["facilitator", "created_by"]
    inlines = [QuestionInline]


class ChoiceInline(CoordinatorInline):
    model = Choice
    fields = ["position", "label"]


@admin.register(Question)
class QuestionAdmin(CoordinatorAdmin):
    list_display = ["__str__", "questionnaire", "kind", "required"]
    list_filter = ["questionnaire__program", "kind"]
    list_select_related = ["questionnaire"]
    inlines = [ChoiceInline]
