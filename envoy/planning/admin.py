from django.contrib import admin

from envoy.core.admin import AuditedAdmin

from .models import BudgetLine, ExchangeRate, PerDiemRate, TripPlan


class BudgetLineInline(admin.TabularInline):
    model = BudgetLine
    extra = 0


@admin.register(TripPlan)
class TripPlanAdmin(AuditedAdmin):
    """For mending a plan by hand; its way (submit, approve, return) stays on its own page,
    so the workflow's facts are shown, not edited."""

    list_display = ["mission", "status", "submitted_at", "decided_at"]
    list_filter = ["status"]
    search_fields = ["mission__title", "purpose"]
    readonly_fields = [
        "mission",
        "status",
        "submitted_at",
        "submitted_by",
        "decided_at",
        "decided_by",
        "decision_comment",
    ]
    inlines = [BudgetLineInline]

    def has_add_permission(self, request) -> bool:
        return False  # a plan is made with its mission, on the plans page

    def mission_of(self, obj) -> int | None:
        return obj.mission_id


@admin.register(PerDiemRate)
class PerDiemRateAdmin(admin.ModelAdmin):
    list_display = ["country", "city", "usd_per_day", "effective_from", "source"]
    list_filter = ["country", "effective_from"]
    search_fields = ["country", "city"]
    ordering = ["country", "city", "-effective_from"]


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    list_display = ["date", "twd_per_usd", "source"]
    ordering = ["-date"]
