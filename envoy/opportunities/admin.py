from django.contrib import admin

from envoy.core.admin import AuditedAdmin

from .models import Opportunity


@admin.register(Opportunity)
class OpportunityAdmin(AuditedAdmin):
    """The opportunities, to look one up or correct what is known of it. Its status, and
    what accepting it made (the mission, the event, the presentation), move only through
    its page's verbs, which keep their audit entries and make those records: read-only
    here, as are who added it and when. Saves and deletions are audited (``AuditedAdmin``),
    on the mission's history when it became one."""

    list_display = ["title", "kind", "status", "start_date", "online", "bureau", "assignee"]
    list_filter = ["status", "kind", "online", "bureau"]
    search_fields = ["title", "title_en", "venue", "notes"]
    date_hierarchy = "start_date"
    list_select_related = ["bureau", "assignee"]
    raw_id_fields = ["network", "organisation", "city", "assignee", "speaker"]
    readonly_fields = [
        "status",
        "mission",
        "event",
        "presentation",
        "version",
        "created_by",
        "created_at",
        "updated_at",
    ]

    def has_add_permission(self, request) -> bool:
        # Added on the opportunities' pages or imported from a spreadsheet, which check it
        # and give it its bureau.
        return False

    def mission_of(self, obj) -> int | None:
        return obj.mission_id
