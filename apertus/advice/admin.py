from django.contrib import admin

from apertus.advice.models import AdvisorAssignment, IRMAssessment, QualityThreshold, ReviewComment, ReviewRound
from apertus.core.admin import CoordinatorAdmin


@admin.register(AdvisorAssignment)
class AdvisorAssignmentAdmin(CoordinatorAdmin):
    list_display = ["plan", "user", "organization", "is_active"]
    list_filter = ["is_active"]
    raw_id_fields = ["plan", "user"]


@admin.register(ReviewRound)
class ReviewRoundAdmin(CoordinatorAdmin):
    list_display = ["plan", "number", "status", "due_date"]
    list_filter = ["status"]
    readonly_fields = ["status", "version"]  # rounds open and close through the services


@admin.register(ReviewComment)
class ReviewCommentAdmin(CoordinatorAdmin):
    list_display = ["round", "commitment", "kind", "status", "author"]
    list_filter = ["kind", "status"]
    readonly_fields = ["status", "version"]


@admin.register(IRMAssessment)
class IRMAssessmentAdmin(CoordinatorAdmin):
    list_display = ["commitment", "verifiable", "potential_impact"]


@admin.register(QualityThreshold)
class QualityThresholdAdmin(CoordinatorAdmin):
    list_display = ["phase", "minimum_score"]
