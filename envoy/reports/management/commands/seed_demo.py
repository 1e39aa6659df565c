import hashlib
import secrets
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from envoy.core.enums import Role
from envoy.core.models import Bureau
from envoy.reports.importing import UnreadableReport
from envoy.reports.models import SourceFile
from envoy.reports.services import import_report_file
from envoy.reports.signals import demo_seeded

# The demo accounts' addresses: a reserved domain, so the notices they get (printed by the
# development console backend) can never reach anyone.
DEMO_MAIL_DOMAIN = "envoy.example"

DEMO_BUREAUS = [
    ("secretariat", "秘書處", "Secretariat"),
    ("public-works", "工務局", "Public Works Department"),
    ("environment", "環境保護局", "Environmental Protection Department"),
    ("youth", "青年局", "Youth Bureau"),
]
# One demo user per role: (username, role, bureau code, full name, English name). Migration
# core 0010 gives accounts made before the English name existed theirs.
DEMO_USERS = [
    ("admin", Role.ADMIN, None, "系統管理者", "Administrator"),
    ("officer", Role.OFFICER, "secretariat", "國際事務科承辦人", "International Affairs Officer"),
    ("editor", Role.EDITOR, "secretariat", "秘書處編輯", "Secretariat Editor"),
    ("works-editor", Role.EDITOR, "public-works", "工務局編輯", "Public Works Editor"),
    ("reviewer", Role.REVIEWER, "secretariat", "秘書處審核人", "Secretariat Reviewer"),
    ("viewer", Role.VIEWER, None, "檢視者", "Viewer"),
]
DEMO_NAMES = [username for username, *_rest in DEMO_USERS]


class Command(BaseCommand):
    help = _(
        "建立示範資料：局處、每個角色一個示範帳號，並匯入種子報告（若尚未匯入），"
        "再加上人才庫、國際參與機會與來訪接待的示範資料。"
        "新帳號的密碼是隨機產生的，只在建立時印出一次。可重複執行。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", required=True, help=_("種子報告檔案的路徑"))

    def handle(self, *args, **options):
        seed = Path(options["seed"])
        if not seed.is_file():
            raise CommandError(_("找不到種子報告：%s") % seed)
        with transaction.atomic():
            bureaus = {
                code: Bureau.objects.get_or_create(
                    code=code, defaults={"name": name, "name_en": name_en}
                )[0]
                for code, name, name_en in DEMO_BUREAUS
            }
        self.seed_report(seed, bureaus["secretariat"])
        created = self.users(bureaus)
        if created:
            self.stdout.write(_("已建立示範帳號（密碼只顯示這一次，請記下）："))
            for username, role, password in created:
                self.stdout.write(f"  {username:<14} {password}  {role.label}")
        else:
            self.stdout.write(
                _(
                    "示範帳號已存在；密碼只在第一次啟動時印出。忘記時請執行：python manage.py changepassword 帳號"
                )
            )
        User = get_user_model()
        users = {user.username: user for user in User.objects.filter(username__in=DEMO_NAMES)}
        demo_seeded.send(
            sender=self.__class__, bureaus=bureaus, users=users, write=self.stdout.write
        )

    def seed_report(self, seed: Path, bureau: Bureau) -> None:
        digest = hashlib.sha256(seed.read_bytes()).hexdigest()
        existing = SourceFile.objects.filter(sha256=digest).first()
        if existing:
            self.stdout.write(_("種子報告已匯入（報告 #%s）。") % existing.report_id)
            return
        try:
            outcome = import_report_file(seed, bureau=bureau)
        except UnreadableReport as error:
            raise CommandError(error.message) from None
        self.stdout.write(_("已匯入種子報告 #%s。") % outcome.report.pk)

    def users(self, bureaus: dict) -> list[tuple]:
        """The demo accounts, each with a new random password (printed once) and an address
        at a reserved domain."""
        User = get_user_model()
        created = []
        for username, role, bureau_code, full_name, name_en in DEMO_USERS:
            if User.objects.filter(username=username).exists():
                continue
            password = secrets.token_urlsafe(12)
            user = User(
                username=username,
                role=role,
                bureau=bureaus.get(bureau_code),
                first_name=full_name,
                name_en=name_en,
                email=f"{username}@{DEMO_MAIL_DOMAIN}",
                is_staff=role == Role.ADMIN,
                is_superuser=role == Role.ADMIN,
            )
            user.set_password(password)
            user.save()
            created.append((username, role, password))
        return created
