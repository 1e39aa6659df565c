"""Notices on the admin site: what was sent, what is waiting, and what failed (filter by
status), with the error of the last attempt. Written by the services only; an administrator
may send the waiting or failed ones again."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_tasks_db.models import DBTaskResult

from . import registry, services
from .enums import NoticeStatus
from .models import Notice


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "kind_label",
        "recipient",
        "object_type",
        "object_id",
        "status",
        "attempts",
        "sent_at",
        "last_error",
    ]
    list_filter = ["status", "kind"]
    search_fields = ["recipient__username", "recipient__email", "subject", "last_error"]
    readonly_fields = [f.name for f in Notice._meta.fields]
    list_select_related = ["recipient"]
    actions = ["send_again"]

    @admin.display(description=_("種類"))
    def kind_label(self, obj) -> str:
        kind = registry.get(obj.kind)
        return str(kind.label) if kind else obj.kind

    @admin.action(description=_("重新寄送選取的待寄或失敗通知"))
    def send_again(self, request, queryset):
        ids = services.retry(
            queryset.filter(status__in=[NoticeStatus.PENDING, NoticeStatus.FAILED])
        )
        self.message_user(
            request,
            ngettext("已排入 %(n)d 則通知。", "已排入 %(n)d 則通知。", len(ids)) % {"n": len(ids)},
            messages.SUCCESS,
        )

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    # A notice deleted would be sent again by the next scan: the record stays.
    def has_delete_permission(self, request, obj=None) -> bool:
        return False


# The task queue's own admin pages are left out: a notice's page says how its sending went,
# and a task that raised is logged by the worker.
admin.site.unregister(DBTaskResult)
