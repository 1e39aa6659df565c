from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .enums import AuditAction
from .models import AuditEntry, Bureau, CalendarDay, User
from .services import record


def bump_version(obj) -> None:
    """A row with a ``version`` (the pages' check of a save over someone else's) changed
    here takes the next one, so a page opened before this save is refused as after any
    other save."""
    if obj.pk is not None and any(f.name == "version" for f in obj._meta.concrete_fields):
        obj.version += 1


class AuditedAdmin(admin.ModelAdmin):
    """A model admin whose saves and deletions are written to the audit trail, as the
    services' are (the mission's history shows them), and whose changes bump the versions
    of the rows changed, inline rows too (``bump_version``). ``mission_of`` names the
    mission a record belongs to."""

    def mission_of(self, obj) -> int | None:
        return None

    def save_formset(self, request, form, formset, change) -> None:
        for obj in formset.save(commit=False):
            bump_version(obj)
            obj.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()

    def save_model(self, request, obj, form, change) -> None:
        if change:
            bump_version(obj)
        super().save_model(request, obj, form, change)
        record(
            user=request.user,
            action=AuditAction.ADMIN_CHANGED if change else AuditAction.ADMIN_ADDED,
            obj=obj,
            mission_id=self.mission_of(obj),
            summary=str(obj),
            details={"fields": form.changed_data} if change else None,
        )

    def delete_model(self, request, obj) -> None:
        self._record_deletion(request, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset) -> None:
        for obj in queryset:
            self._record_deletion(request, obj)
        super().delete_queryset(request, queryset)

    def _record_deletion(self, request, obj) -> None:
        record(
            user=request.user,
            action=AuditAction.ADMIN_DELETED,
            obj=obj,
            mission_id=self.mission_of(obj),
            summary=str(obj),
        )


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        (_("Envoy"), {"fields": ["name_en", "role", "bureau", "language"]}),
    ]
    list_display = ["username", "first_name", "last_name", "role", "bureau", "is_active"]
    list_filter = ["role", "bureau", "is_active"]


@admin.register(Bureau)
class BureauAdmin(AuditedAdmin):
    list_display = ["name", "name_en", "code"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "user", "action", "object_type", "object_id", "summary"]
    list_filter = ["action"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    # The audit trail is written by the services alone: nobody adds, edits or removes an
    # entry by hand (adding one here also failed: an entry must name its object).
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(CalendarDay)
class CalendarDayAdmin(AuditedAdmin):
    """The official calendar's days off and working Saturdays, for the due dates."""

    list_display = ["date", "off", "name"]
    list_filter = ["off"]
    date_hierarchy = "date"
    search_fields = ["name"]
