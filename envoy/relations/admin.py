from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Agreement,
    City,
    Event,
    Interaction,
    Membership,
    Network,
    Organisation,
    Person,
    Position,
    Presentation,
    Session,
    SiteVisit,
)


class PositionInline(admin.TabularInline):
    model = Position
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "name_latin", "name_zh", "country", "city", "our_side", "bureau"]
    list_filter = ["our_side", "bureau", "country"]
    search_fields = ["name", "name_latin", "name_zh"]
    autocomplete_fields = ["city"]
    inlines = [PositionInline]


@admin.register(Position)
class PositionAdmin(SimpleHistoryAdmin):
    list_display = ["person", "title", "organisation", "start_date", "end_date"]
    search_fields = ["title", "person__name", "organisation__name"]
    autocomplete_fields = ["person", "organisation"]


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "country", "latitude", "longitude", "geonames_id"]
    list_filter = ["country"]
    search_fields = ["name", "name_en"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "abbreviation", "kind", "city", "country", "bureau"]
    list_filter = ["kind", "bureau"]
    search_fields = ["name", "name_en", "abbreviation"]
    autocomplete_fields = ["city"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["city"]


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "abbreviation", "founded_year", "founder"]
    search_fields = ["name", "name_en", "abbreviation"]
    inlines = [MembershipInline]


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["name", "network", "edition", "city", "start_date", "end_date"]
    search_fields = ["name", "name_en"]
    inlines = [SessionInline]


@admin.register(Presentation)
class PresentationAdmin(admin.ModelAdmin):
    list_display = ["title", "speaker", "event", "date"]
    search_fields = ["title", "title_en"]


@admin.register(SiteVisit)
class SiteVisitAdmin(admin.ModelAdmin):
    list_display = ["name", "mission", "date", "city"]
    search_fields = ["name", "other_name"]


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "date", "end_date", "network"]
    list_filter = ["kind"]
    search_fields = ["title", "title_en"]


@admin.register(Interaction)
class InteractionAdmin(admin.ModelAdmin):
    list_display = ["date", "person", "mission", "city", "follow_up_due", "follow_up_done_on"]
    list_filter = ["follow_up_done_on"]
    search_fields = ["person__name", "met_by"]
    raw_id_fields = ["person", "mission", "source_block"]
