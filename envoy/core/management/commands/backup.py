"""manage.py backup PATH: the database, the uploaded files and the secret key in one archive."""

import sys
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from envoy.core.backups import BackupError, describe, human_size, make_backup
from envoy.core.lib.console import ConsoleCommand
from envoy.core.lib.progress import ProgressBar


class Command(ConsoleCommand):
    help = gettext_lazy(
        "備份整個 Envoy：資料庫、所有上傳的檔案（原始報告檔、照片與縮圖、簡報與協定檔）\n"
        "與金鑰，寫成一個 .tar.gz 檔。備份時網站不必停止。"
    )
    epilog = gettext_lazy(
        "範例：\n"
        "  manage.py backup /srv/envoy-backups/\n"
        "      在資料夾中寫出 envoy-backup-年月日-時分秒.tar.gz\n"
        "  manage.py backup /srv/envoy-backups/before-upgrade.tar.gz\n"
        "\n"
        "備份檔含有全部的個人資料、密碼雜湊與金鑰，只有擁有者能讀取：請存放在安全的地方，\n"
        "並定期用 manage.py restore 在另一台主機試著還原。PostgreSQL 的資料庫以 pg_dump\n"
        "備份（Debian 套件 postgresql-client）。"
    )
    missing_args_message = gettext_lazy(
        "請指定備份檔的路徑或資料夾，例如：manage.py backup /srv/envoy-backups/"
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "path", help=_("備份檔的路徑，或一個已經存在的資料夾（檔名依日期時間產生）")
        )

    def handle(self, *args, **options):
        progress = None
        if options["verbosity"] >= 1 and sys.stderr.isatty():
            bar = ProgressBar(self.stderr, every=0.2)
            progress = lambda done, total: bar.show(done, total, _("個檔案"))  # noqa: E731
        try:
            outcome = make_backup(Path(options["path"]), progress=progress)
        except BackupError as error:
            raise CommandError(error.message) from None
        size = human_size(outcome.path.stat().st_size)
        self.stdout.write(_("已備份到 %(path)s（%(size)s）") % {"path": outcome.path, "size": size})
        for line in describe(outcome.manifest) + outcome.notes:
            self.stdout.write("  " + line)
