from django.contrib import admin

from .models import ExchangeRate, PerDiemRate


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
