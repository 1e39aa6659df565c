from django.contrib import admin

from envoy.core.admin import AuditedAdmin

from .models import (
    DelegationMember,
    EmergencyContact,
    ItineraryDay,
    ItineraryItem,
    Lodging,
    Mission,
)


class DelegationMemberInline(admin.TabularInline):
    model = DelegationMember
    extra = 0


class ItineraryDayInline(admin.TabularInline):
    model = ItineraryDay
    extra = 0
    show_change_link = True


class LodgingInline(admin.TabularInline):
    model = Lodging
    extra = 0


class EmergencyContactInline(admin.TabularInline):
    model = EmergencyContact
    extra = 0


class ItineraryItemInline(admin.TabularInline):
    model = ItineraryItem
    extra = 0


@admin.register(Mission)
class MissionAdmin(AuditedAdmin):
    list_display = ["title", "start_date", "end_date", "region", "host_agency"]
    list_filter = ["direction", "category"]
    search_fields = ["title", "region", "host_agency"]
    inlines = [DelegationMemberInline, ItineraryDayInline, LodgingInline, EmergencyContactInline]

    def mission_of(self, obj) -> int | None:
        return obj.pk


@admin.register(ItineraryDay)
class ItineraryDayAdmin(AuditedAdmin):
    list_display = ["mission", "date", "heading"]
    inlines = [ItineraryItemInline]

    def mission_of(self, obj) -> int | None:
        return obj.mission_id
