import secrets
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from envoy.reports.importing import UnreadableReport
from envoy.reports.models import SourceFile
from envoy.reports.services import import_report_file

DEMO_USERNAME = "admin"


class Command(BaseCommand):
    help = _(
        "建立示範資料：匯入種子報告（若尚未匯入）並建立示範管理者帳號；"
        "產生的密碼只在建立時印出一次。可重複執行。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", required=True, help=_("種子報告檔案的路徑"))

    def handle(self, *args, **options):
        import hashlib

        seed = Path(options["seed"])
        if not seed.is_file():
            raise CommandError(_("找不到種子報告：%s") % seed)
        digest = hashlib.sha256(seed.read_bytes()).hexdigest()
        existing = SourceFile.objects.filter(sha256=digest).select_related("report").first()
        if existing:
            self.stdout.write(_("種子報告已匯入（報告 #%s）。") % existing.report_id)
        else:
            try:
                outcome = import_report_file(seed)
            except UnreadableReport as error:
                raise CommandError(error.message) from None
            self.stdout.write(_("已匯入種子報告 #%s。") % outcome.report.pk)

        User = get_user_model()
        if User.objects.filter(username=DEMO_USERNAME).exists():
            self.stdout.write(
                _(
                    "示範帳號「%(user)s」已存在，密碼只在第一次啟動時印出；"
                    "忘記時請執行：python manage.py changepassword %(user)s"
                )
                % {"user": DEMO_USERNAME}
            )
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(DEMO_USERNAME, email="", password=password)
        self.stdout.write(
            _("已建立示範帳號（只顯示這一次）：帳號 %(user)s　密碼 %(password)s")
            % {"user": DEMO_USERNAME, "password": password}
        )
