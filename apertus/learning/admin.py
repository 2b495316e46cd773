"""Coordinators build courses here: programs, modules, sessions, activities with their questions and rubric."""

from django import forms
from django.contrib import admin

from apertus.core.admin import DeveloperAdmin, DeveloperInline
from apertus.learning import grading
from apertus.learning.models import (
    Activity,
    Certificate,
    Course,
    Extension,
    Module,
    Option,
    Question,
    RubricCriterion,
    Seminar,
    Session,
    Submission,
)
from apertus.learning.progress import validate_predecessors


@admin.register(Course)
class CourseAdmin(DeveloperAdmin):
    list_display = ["title", "phase", "starts_on", "ends_on", "pass_mark", "is_published"]
    list_select_related = ["phase"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Weights or pass mark may have changed: the stored grades follow at once.
        grading.grades_recompute(program=obj)


class ModuleInline(DeveloperInline):
    model = Module
    fields = ["position", "title", "starts_on", "ends_on"]


class SessionInline(DeveloperInline):
    model = Session
    fields = ["position", "title", "starts_on", "ends_on"]


@admin.register(Module)
class ModuleAdmin(DeveloperAdmin):
    list_display = ["__str__", "program"]
    list_filter = ["program"]
    list_select_related = ["program"]
    inlines = [SessionInline]


class ActivityInline(DeveloperInline):
    model = Activity
    fields = ["position", "kind", "title", "closes_at"]
    show_change_link = True


@admin.register(Session)
class SessionAdmin(DeveloperAdmin):
    list_display = ["__str__", "module"]
    list_filter = ["module__program"]
    list_select_related = ["module"]
    inlines = [ActivityInline]


class ActivityForm(forms.ModelForm):
    url = forms.URLField(label=Activity._meta.get_field("url").verbose_name, required=False, assume_scheme="https")

    class Meta:
        model = Activity
        fields = [
            "session",
            "position",
            "kind",
            "title",
            "instructions",
            "opens_at",
            "closes_at",
            "duration_minutes",
            "predecessors",
            "facilitators",
            "weight",
            "document",
            "body",
            "url",
            "questionnaire",
            "scheduled_at",
            "forum_slug",
            "attempts_allowed",
            "time_limit_minutes",
            "attempt_policy",
        ]

    def clean(self):
        data = super().clean()
        session = data.get("session")
        if session is not None and data.get("predecessors") is not None:
            self.instance.session = session
            try:
                validate_predecessors(self.instance, data["predecessors"])
            except forms.ValidationError as error:
                self.add_error("predecessors", error)
        return data


class CriterionInline(DeveloperInline):
    model = RubricCriterion
    fields = ["position", "title", "max_points", "description"]


@admin.register(Activity)
class ActivityAdmin(DeveloperAdmin):
    form = ActivityForm
    list_display = ["title", "kind", "session", "closes_at"]
    list_filter = ["kind", "session__module__program"]
    search_fields = ["title"]
    list_select_related = ["session__module"]
    filter_horizontal = ["predecessors", "facilitators"]
    raw_id_fields = ["document"]
    inlines = [CriterionInline]


class OptionInline(DeveloperInline):
    model = Option
    fields = ["position", "text", "is_correct"]


@admin.register(Question)
class QuestionAdmin(DeveloperAdmin):
    list_display = ["__str__", "activity", "kind", "points"]
    list_filter = ["activity__session__module__program"]
    list_select_related = ["activity"]
    inlines = [OptionInline]


@admin.register(Seminar)
class SeminarAdmin(DeveloperAdmin):
    list_display = ["title", "program", "number", "starts_at", "place"]
    list_select_related = ["program"]


@admin.register(Submission)
class SubmissionAdmin(DeveloperAdmin):
    """Read-only here: grades change through the grading page, which recomputes and notifies."""

    list_display = ["activity", "fellow", "state", "submitted_at", "score"]
    list_filter = ["activity__session__module__program"]
    list_select_related = ["activity", "fellow", "state"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Extension)
class ExtensionAdmin(DeveloperAdmin):
    list_display = ["activity", "fellow", "closes_at", "granted_by"]
    list_select_related = ["activity", "fellow", "granted_by"]
    raw_id_fields = ["fellow", "granted_by"]


@admin.register(Certificate)
class CertificateAdmin(DeveloperAdmin):
    list_display = ["full_name", "program", "grade", "issued_on"]
    list_select_related = ["program"]
    readonly_fields = ["code"]

    def has_add_permission(self, request):
        return False
