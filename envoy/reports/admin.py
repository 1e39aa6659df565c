from django.contrib import admin

from envoy.core.admin import AuditedAdmin

from .models import Block, CategoryCode, Chapter, Photo, Report, ReviewForm, SourceFile


class ChapterInline(admin.TabularInline):
    model = Chapter
    extra = 0
    show_change_link = True


class BlockInline(admin.StackedInline):
    model = Block
    extra = 0


class SourceFileInline(admin.TabularInline):
    model = SourceFile
    extra = 0
    readonly_fields = [
        "file",
        "original_filename",
        "format",
        "encoding",
        "sha256",
        "size",
        "warnings",
    ]


@admin.register(Report)
class ReportAdmin(AuditedAdmin):
    list_display = ["title", "status", "report_date"]
    list_filter = ["status"]
    search_fields = ["title", "summary"]
    inlines = [ChapterInline, SourceFileInline]
    # A report moves only through the workflow (送審, 核定, 公開), which keeps its review
    # events: never published from here.
    readonly_fields = ["status"]

    def mission_of(self, obj) -> int | None:
        return obj.mission_id


@admin.register(Chapter)
class ChapterAdmin(AuditedAdmin):
    inlines = [BlockInline]

    def mission_of(self, obj) -> int | None:
        return obj.report.mission_id


@admin.register(Photo)
class PhotoAdmin(AuditedAdmin):
    def mission_of(self, obj) -> int | None:
        return obj.figure_group.chapter.report.mission_id


@admin.register(ReviewForm)
class ReviewFormAdmin(AuditedAdmin):
    """The review forms (審核表), to look up or correct one; who filled each part and when
    is kept as the workflow page wrote it."""

    list_display = ["report", "reviewed_by", "reviewed_at"]
    search_fields = ["report__title"]
    readonly_fields = ["report", "self_checked_by", "self_checked_at", "reviewed_by", "reviewed_at"]

    def has_add_permission(self, request) -> bool:
        # A report's form is started on its workflow page, by the traveller or the reviewer.
        return False

    def mission_of(self, obj) -> int | None:
        return obj.report.mission_id


@admin.register(CategoryCode)
class CategoryCodeAdmin(AuditedAdmin):
    """The official code lists (主題分類, 施政分類) the report forms offer. Retire an entry
    (``active`` off) rather than delete it: reports stay filed under its name. Whole lists
    load with ``manage.py import_category_codes``."""

    list_display = ["code", "name", "kind", "parent", "position", "active"]
    list_filter = ["kind", "active"]
    list_editable = ["position", "active"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent"]
    ordering = ["kind", "position", "code"]
