"""manage.py restore PATH [--force]: an Envoy put back from a backup archive."""

from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from envoy.core.backups import BackupError, describe, restore_backup
from envoy.core.lib.console import ConsoleCommand


class Command(ConsoleCommand):
    help = gettext_lazy(
        "從 manage.py backup 寫出的備份檔還原 Envoy：資料庫、上傳的檔案與金鑰。\n"
        "這個 Envoy 已經有資料時不會還原，除非加上 --force。"
    )
    epilog = gettext_lazy(
        "步驟：\n"
        "  1. 停止 Envoy（例如 systemctl stop envoy）。\n"
        "  2. manage.py restore /srv/envoy-backups/envoy-backup-20260427-030000.tar.gz\n"
        "  3. 依提示執行 manage.py migrate（備份來自較舊的版本時），再啟動 Envoy。\n"
        "\n"
        "在新的主機上：先設定與原來相同的環境變數（DATABASE_URL、ENVOY_DATA_DIR 等），\n"
        "執行 bin/setup，再還原。備份中的金鑰會寫入資料目錄，取代 bin/setup 產生的金鑰。\n"
        "還原前會先檢查整個備份檔；資料庫的種類（SQLite 或 PostgreSQL）必須與備份相同。"
    )
    missing_args_message = gettext_lazy(
        "請指定備份檔，例如：manage.py restore /srv/envoy-backups/envoy-backup-20260427-030000.tar.gz"
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("path", help=_("manage.py backup 寫出的備份檔（.tar.gz）"))
        parser.add_argument(
            "--force",
            action="store_true",
            help=_("取代這個 Envoy 現有的資料庫與上傳檔（請先備份它們）"),
        )

    def handle(self, *args, **options):
        try:
            outcome = restore_backup(Path(options["path"]), force=options["force"])
        except BackupError as error:
            raise CommandError(error.message) from None
        manifest = outcome.manifest
        self.stdout.write(
            _("已從 %(path)s 還原（%(created)s 的備份，Envoy %(version)s）")
            % {
                "path": outcome.path,
                "created": manifest["created"],
                "version": manifest["envoy_version"],
            }
        )
        for line in describe(manifest) + outcome.notes:
            self.stdout.write("  " + line)
        self.stdout.write(_("請重新啟動 Envoy。"))
