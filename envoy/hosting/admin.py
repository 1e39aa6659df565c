"""The hosting rows in the admin site, for administrators to look into and mend. A change
made here is audited on the visit's history, and bumps the row's version (``AuditedAdmin``),
so a form opened before it is refused as it would be after any other save; a gift is held to the ethics rule
as on the hosting pages."""

from django import forms
from django.contrib import admin

from envoy.core.admin import AuditedAdmin

from . import services
from .models import Gift, Host, Hosting, TransportLeg, Visitor


class VersionedAdmin(AuditedAdmin):
    readonly_fields = ["version"]

    def mission_of(self, obj) -> int | None:
        return obj.mission_id


@admin.register(Hosting)
class HostingAdmin(VersionedAdmin):
    list_display = ["mission", "visitor_city", "network", "seating_layout", "table_size"]
    list_filter = ["seating_layout"]
    search_fields = ["mission__title", "visitor_city__name", "network__name"]
    raw_id_fields = ["mission", "visitor_city", "network"]
    list_select_related = ["mission", "visitor_city", "network"]


@admin.register(Visitor)
class VisitorAdmin(VersionedAdmin):
    list_display = ["member", "name_native", "name_en", "precedence"]
    search_fields = ["member__name", "name_native", "name_en", "member__mission__title"]
    raw_id_fields = ["member", "person", "organisation"]
    list_select_related = ["member"]

    def mission_of(self, obj) -> int | None:
        return obj.member.mission_id


@admin.register(Host)
class HostAdmin(VersionedAdmin):
    list_display = ["name", "role", "title", "mission", "precedence", "profile"]
    list_filter = ["role"]
    search_fields = ["name", "name_en", "mission__title"]
    raw_id_fields = ["mission", "bureau", "profile"]
    list_select_related = ["mission", "profile"]


@admin.register(TransportLeg)
class TransportLegAdmin(VersionedAdmin):
    list_display = ["date", "departs_at", "origin", "destination", "kind", "mission"]
    list_filter = ["kind"]
    search_fields = ["origin", "destination", "mission__title"]
    raw_id_fields = ["mission"]
    list_select_related = ["mission"]


class GiftAdminForm(forms.ModelForm):
    class Meta:
        model = Gift
        fields = "__all__"

    def clean(self):
        """The ethics rule of ``services.check_gift``, on what the form holds."""
        data = super().clean()
        facts = ["direction", "date", "value_ntd", "recipient", "handling", "reported_on"]
        probe = Gift(**{name: data.get(name) for name in facts})
        services.check_gift(probe)
        data.update({name: getattr(probe, name) for name in facts})
        return data


@admin.register(Gift)
class GiftAdmin(VersionedAdmin):
    form = GiftAdminForm
    list_display = ["date", "description", "direction", "value_ntd", "recipient", "handling"]
    list_filter = ["direction", "recipient", "handling"]
    search_fields = ["description", "counterpart", "our_person", "mission__title"]
    raw_id_fields = ["mission"]
    list_select_related = ["mission"]
