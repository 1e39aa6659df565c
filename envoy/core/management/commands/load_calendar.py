"""manage.py load_calendar FILE.csv: a year of the official calendar, for the due dates."""

from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from envoy.core.calendar_import import UnreadableCalendar, load_calendar, read_official_calendar
from envoy.core.lib.console import ConsoleCommand


class Command(ConsoleCommand):
    help = gettext_lazy(
        "載入一年的政府行政機關辦公日曆表（政府資料開放平臺資料集 14718 的 CSV 檔，Big5 或 UTF-8），"
        "報告繳交期限依此計算放假日。可重複執行。"
    )
    epilog = gettext_lazy(
        "範例：\n  manage.py load_calendar 116年中華民國政府行政機關辦公日曆表.csv"
    )
    missing_args_message = gettext_lazy("請指定日曆表 CSV 檔的路徑。")

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("日曆表 CSV 檔的路徑"))

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            days = read_official_calendar(path.read_bytes())
        except OSError as error:
            raise CommandError(
                _("無法讀取「%(name)s」：%(reason)s") % {"name": path, "reason": error.strerror}
            ) from None
        except UnreadableCalendar as error:
            raise CommandError(error.message) from None
        loaded = load_calendar(days)
        self.stdout.write(
            _(
                "已讀取 %(days)d 天（%(years)s 年）：新增 %(added)d 筆、更新 %(changed)d 筆放假日或補行上班日。"
            )
            % {
                "days": loaded.days,
                "years": "、".join(str(year) for year in loaded.years),
                "added": loaded.added,
                "changed": loaded.changed,
            }
        )
