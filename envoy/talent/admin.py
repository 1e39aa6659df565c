from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Experience, LanguageSkill, StaffProfile


class LanguageInline(admin.TabularInline):
    model = LanguageSkill
    extra = 0


@admin.register(StaffProfile)
class StaffProfileAdmin(SimpleHistoryAdmin):
    list_display = ["name", "name_en", "bureau", "title", "visibility", "confirmed"]
    list_filter = ["bureau", "visibility", "confirmed"]
    search_fields = ["name", "name_en", "title", "unit"]
    raw_id_fields = ["user"]
    inlines = [LanguageInline]


@admin.register(Experience)
class ExperienceAdmin(admin.ModelAdmin):
    list_display = ["profile", "kind", "date", "title", "countries", "match"]
    list_filter = ["kind", "match"]
    search_fields = ["profile__name", "title"]
    raw_id_fields = ["profile", "mission"]
