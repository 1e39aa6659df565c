from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a user may do. Access is decided in each app's ``permissions.py``."""

    ADMIN = "admin", _("系統管理者")
    OFFICER = "officer", _("國際事務承辦人")
    EDITOR = "editor", _("局處編輯")
    REVIEWER = "reviewer", _("審核人")
    VIEWER = "viewer", _("檢視者")


class Language(models.TextChoices):
    ZH_HANT = "zh-hant", "繁體中文"
    EN = "en", "English"


class AuditAction(models.TextChoices):
    """What an audit entry records, as the services write it (``core.services.record``); the
    label is what people read in the mission's history and the admin site."""

    MISSION_CREATED = "mission.created", _("建立任務")
    MISSION_UPDATED = "mission.updated", _("修改任務")
    MISSION_DELETED = "mission.deleted", _("刪除任務")
    MEMBER_ADDED = "member.added", _("新增出國人員")
    MEMBER_UPDATED = "member.updated", _("修改出國人員")
    MEMBER_MOVED = "member.moved", _("調整出國人員順序")
    MEMBER_REMOVED = "member.removed", _("刪除出國人員")
    DAY_ADDED = "day.added", _("新增行程日")
    DAY_UPDATED = "day.updated", _("修改行程日")
    DAY_REMOVED = "day.removed", _("刪除行程日")
    ITEM_ADDED = "item.added", _("新增行程項目")
    ITEM_UPDATED = "item.updated", _("修改行程項目")
    ITEM_MOVED = "item.moved", _("調整行程項目順序")
    ITEM_REMOVED = "item.removed", _("刪除行程項目")
    REPORT_IMPORT_STAGED = "report.import_staged", _("上傳待確認的匯入")
    REPORT_IMPORT_DISCARDED = "report.import_discarded", _("捨棄匯入")
    REPORT_IMPORTED = "report.imported", _("匯入報告")
    REPORT_METADATA_UPDATED = "report.metadata_updated", _("修改報告資料")
    REPORT_SUBMITTED = "report.submitted", _("送審")
    REPORT_RETURNED = "report.returned", _("退回修改")
    REPORT_APPROVED = "report.approved", _("核定")
    REPORT_PUBLISHED = "report.published", _("公開")
    REPORT_UNPUBLISHED = "report.unpublished", _("撤回公開")
    CHAPTER_ADDED = "chapter.added", _("新增章")
    CHAPTER_RENAMED = "chapter.renamed", _("修改章名")
    CHAPTER_MOVED = "chapter.moved", _("調整章的順序")
    CHAPTER_REMOVED = "chapter.removed", _("刪除章")
    BLOCK_ADDED = "block.added", _("新增內文")
    BLOCK_UPDATED = "block.updated", _("修改內文")
    BLOCK_MOVED = "block.moved", _("調整內文順序")
    BLOCK_REMOVED = "block.removed", _("刪除內文")
    PHOTO_ADDED = "photo.added", _("新增照片")
    PHOTO_MOVED = "photo.moved", _("調整照片順序")
    PHOTO_REMOVED = "photo.removed", _("刪除照片")
    SUGGESTIONS_CONFIRMED = "relations.suggestions_confirmed", _("確認報告提及的關係")
    PERSON_CREATED = "person.created", _("新增人員")
    PERSON_UPDATED = "person.updated", _("修改人員")
    PERSON_DELETED = "person.deleted", _("刪除人員")
    PERSON_MERGED = "person.merged", _("合併重複的人員")
    PERSON_EXPORTED = "person.exported", _("匯出人員名片")
    PEOPLE_EXPORTED = "people.exported", _("匯出人員清單")
    POSITION_CREATED = "position.created", _("新增職位")
    POSITION_UPDATED = "position.updated", _("修改職位")
    POSITION_DELETED = "position.deleted", _("刪除職位")
    ORGANISATION_CREATED = "organisation.created", _("新增組織")
    ORGANISATION_UPDATED = "organisation.updated", _("修改組織")
    CITY_CREATED = "city.created", _("新增城市")
    CITY_UPDATED = "city.updated", _("修改城市")
    NETWORK_CREATED = "network.created", _("新增城市網絡")
    NETWORK_UPDATED = "network.updated", _("修改城市網絡")
    MEMBERSHIP_SAVED = "membership.saved", _("儲存網絡會籍")
    EVENT_CREATED = "event.created", _("新增活動")
    EVENT_UPDATED = "event.updated", _("修改活動")
    SESSION_CREATED = "session.created", _("新增場次")
    SESSION_UPDATED = "session.updated", _("修改場次")
    SESSION_DELETED = "session.deleted", _("刪除場次")
    PRESENTATION_CREATED = "presentation.created", _("新增發表")
    PRESENTATION_UPDATED = "presentation.updated", _("修改發表")
    SITE_VISIT_CREATED = "site_visit.created", _("新增參訪紀錄")
    SITE_VISIT_UPDATED = "site_visit.updated", _("修改參訪紀錄")
    AGREEMENT_CREATED = "agreement.created", _("新增協定或宣言")
    AGREEMENT_UPDATED = "agreement.updated", _("修改協定或宣言")
    INTERACTION_CREATED = "interaction.created", _("新增交流紀錄")
    INTERACTION_UPDATED = "interaction.updated", _("修改交流紀錄")
    INTERACTION_DELETED = "interaction.deleted", _("刪除交流紀錄")
    FOLLOW_UP_DONE = "interaction.follow_up_done", _("完成後續辦理事項")
    ADMIN_ADDED = "admin.added", _("在系統管理頁面新增")
    ADMIN_CHANGED = "admin.changed", _("在系統管理頁面修改")
    ADMIN_DELETED = "admin.deleted", _("在系統管理頁面刪除")
