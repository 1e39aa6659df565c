"""manage.py import_opportunities FILE [--user USERNAME] [--dry-run] [--json]: load a
spreadsheet of opportunities (CSV or .xlsx) as the list page's upload does
(``services.import_opportunities``: all rows or, when one is refused, none)."""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from envoy.opportunities import queries, services
from envoy.opportunities.importing import ImportFileError


class Command(BaseCommand):
    help = _(
        "從試算表（CSV 或 .xlsx）匯入國際參與機會。欄位：名稱（title，必填）、類型、主辦單位、"
        "開始日期、結束日期、城市、國家、線上、報名截止日、摘要投稿截止日、主題、網址。"
        "有任何一列無法匯入時，整份檔案都不匯入；已記錄的（同名稱、同開始日期）略過。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help=_("CSV 或 .xlsx 檔的路徑"))
        parser.add_argument(
            "--user", default="", help=_("以這位使用者（帳號）匯入：其權限與局處；不填則為系統")
        )
        parser.add_argument("--dry-run", action="store_true", help=_("只檢查，不匯入"))
        parser.add_argument("--json", action="store_true", help=_("以 JSON 輸出"))

    def handle(self, *args, file: Path, **options):
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(_("沒有使用者「%s」。") % options["user"])
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}") from None
        try:
            result = services.import_opportunities(
                user=user, data=data, name=file.name, dry_run=options["dry_run"]
            )
        except PermissionDenied:
            raise CommandError(_("「%s」沒有匯入國際參與機會的權限。") % user.username) from None
        except ImportFileError as error:
            raise CommandError(error.message) from None
        if options["json"]:
            self.stdout.write(json.dumps(_as_json(result, file.name), ensure_ascii=False, indent=2))
        else:
            self._describe(result)
        if result.errors:
            raise CommandError(
                _("有 %(count)d 個問題，整份檔案都沒有匯入。請修正後再匯入。")
                % {"count": len(result.errors)}
            )

    def _describe(self, result) -> None:
        for error in result.errors:
            self.stderr.write(error)
        for line, title in result.duplicates:
            self.stdout.write(
                _("第 %(line)d 列：「%(title)s」已有紀錄或在檔案中重複，略過。")
                % {"line": line, "title": title}
            )
        if result.ignored_columns:
            self.stdout.write(
                _("未使用的欄位：%(columns)s") % {"columns": "、".join(result.ignored_columns)}
            )
        for opportunity in result.opportunities:
            self.stdout.write(f"{opportunity.line}\t{opportunity.title}")
        if result.errors:
            return
        counts = {"count": len(result.opportunities), "skipped": len(result.duplicates)}
        if result.dry_run:
            self.stdout.write(_("檢查完成：可匯入 %(count)d 筆，略過 %(skipped)d 筆。") % counts)
        else:
            self.stdout.write(_("已匯入 %(count)d 筆，略過 %(skipped)d 筆。") % counts)


def _as_json(result, name: str) -> dict:
    return {
        "file": name,
        "dry_run": result.dry_run,
        "written": result.written,
        "opportunities": [
            {"line": opportunity.line} | queries.as_json(opportunity)
            for opportunity in result.opportunities
        ],
        "duplicates": [{"line": line, "title": title} for line, title in result.duplicates],
        "errors": result.errors,
        "ignored_columns": result.ignored_columns,
        "new_cities": result.new_cities,
        "new_organisations": result.new_organisations,
    }
