from django.contrib import admin

from apertus.results.models import FunderReport, IndicatorSeries, StateFact, Target


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["code", "phase", "value", "source"]
    list_filter = ["phase"]


@admin.register(IndicatorSeries)
class IndicatorSeriesAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "goal", "target", "source"]
    list_filter = ["goal"]
    search_fields = ["name", "code"]


@admin.register(StateFact)
class StateFactAdmin(admin.ModelAdmin):
    list_display = ["key", "state", "kind", "value", "year"]
    list_filter = ["kind"]


@admin.register(FunderReport)
class FunderReportAdmin(admin.ModelAdmin):
    list_display = ["pk", "period_start", "period_end", "status", "requested_by", "created_at"]
    list_filter = ["status"]
    readonly_fields = ["pdf", "xlsx", "status", "step", "finished_at", "error"]
