"""manage.py add_opportunity --user USERNAME --title TITLE [...] [--json]: record an opening
as the add page does (the same form and service: dates as people type them, the user's
permissions)."""

import json

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from envoy.opportunities import queries, services
from envoy.opportunities.enums import OpportunityKind
from envoy.opportunities.forms import OpportunityForm

# Options given as they are to the form (option name → form field).
TEXT = {
    "title": "title",
    "title_en": "title_en",
    "start": "start_date",
    "end": "end_date",
    "start_time": "start_time",
    "end_time": "end_time",
    "timezone": "timezone",
    "venue": "venue",
    "registration_deadline": "registration_deadline",
    "abstract_deadline": "abstract_deadline",
    "topics": "topics",
    "languages": "languages",
    "url": "source_url",
    "talk_title": "talk_title",
    "notes": "notes",
}


class Command(BaseCommand):
    help = _(
        "新增一筆國際參與機會（與新增頁面相同的檢查）。日期可寫 115/9/1 或 2026-09-01；"
        "主題與語言以頓號或逗號分隔；城市與主辦組織須已記錄於國際關係。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help=_("以這位使用者（帳號）新增"))
        parser.add_argument("--title", required=True, help=_("名稱"))
        parser.add_argument("--title-en", default="", help=_("英文名稱"))
        parser.add_argument("--kind", choices=OpportunityKind.values, default=OpportunityKind.FORUM)
        parser.add_argument("--network", default="", help=_("主辦城市網絡（名稱或簡稱）"))
        parser.add_argument("--organisation", default="", help=_("主辦組織（名稱）"))
        parser.add_argument("--start", default="", help=_("開始日期"))
        parser.add_argument("--end", default="", help=_("結束日期"))
        parser.add_argument("--start-time", default="", help=_("開始時間（HH:MM）"))
        parser.add_argument("--end-time", default="", help=_("結束時間（HH:MM）"))
        parser.add_argument("--timezone", default="", help=_("時區，例如 Asia/Tokyo"))
        parser.add_argument("--online", action="store_true", help=_("線上參與"))
        parser.add_argument("--city", default="", help=_("城市（名稱）"))
        parser.add_argument("--venue", default="", help=_("地點"))
        parser.add_argument("--registration-deadline", default="", help=_("報名截止日"))
        parser.add_argument("--abstract-deadline", default="", help=_("摘要投稿截止日"))
        parser.add_argument("--topics", default="", help=_("主題，例如：防災、淨零"))
        parser.add_argument("--languages", default="", help=_("使用語言，例如：日語"))
        parser.add_argument("--url", default="", help=_("資訊來源網址"))
        parser.add_argument("--talk-title", default="", help=_("發表題目"))
        parser.add_argument("--notes", default="", help=_("備註"))
        parser.add_argument("--json", action="store_true", help=_("以 JSON 輸出"))

    def handle(self, *args, **options):
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(_("沒有使用者「%s」。") % options["user"])
        data = {field: options[name] for name, field in TEXT.items()}
        data |= {"kind": options["kind"], "city_q": options["city"]}
        data["organisation_q"] = options["organisation"]
        if options["online"]:
            data["online"] = "on"
        if options["network"]:
            network = queries.network_named(options["network"])
            if network is None:
                raise CommandError(_("找不到城市網絡「%s」。") % options["network"].strip())
            data["network"] = str(network.pk)
        form = OpportunityForm(data)
        if not form.is_valid():
            raise CommandError(_errors(form.errors.items()))
        try:
            opportunity = services.add_opportunity(user=user, data=form.values())
        except PermissionDenied:
            raise CommandError(_("「%s」沒有新增國際參與機會的權限。") % user.username) from None
        except ValidationError as error:
            raise CommandError(_errors(error.message_dict.items())) from None
        if options["json"]:
            self.stdout.write(
                json.dumps(queries.as_json(opportunity), ensure_ascii=False, indent=2)
            )
        else:
            self.stdout.write(
                _("已新增國際參與機會 %(id)d：%(title)s")
                % {"id": opportunity.pk, "title": opportunity.title}
            )


def _errors(items) -> str:
    return "\n".join(f"{name}: {' '.join(str(m) for m in messages)}" for name, messages in items)
