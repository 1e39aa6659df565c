from django.contrib import admin

from .models import Block, Chapter, Photo, Report, SourceFile


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
class ReportAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "report_date"]
    list_filter = ["status"]
    search_fields = ["title", "summary"]
    inlines = [ChapterInline, SourceFileInline]


@admin.register(Chapter)
class ChapterAdmin(admin.ModelAdmin):
    inlines = [BlockInline]


admin.site.register(Photo)
