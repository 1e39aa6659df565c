"""manage.py rebuild_search_index: index every record again from scratch."""

import time

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from envoy.search.index import index_size, rebuild


class Progress:
    """A progress bar on stderr, one line a pass: [#####     ] 1,200/6,000 筆任務已讀 12 s."""

    def __init__(self, stream, width: int = 30):
        self.stream, self.width, self.started = stream, width, time.monotonic()

    def write(self, text: str) -> None:
        self.stream.write(text, ending="")

    def __call__(self, done: int, total: int, what: str) -> None:
        filled = self.width * done // total if total else self.width
        bar = "#" * filled + " " * (self.width - filled)
        seconds = time.monotonic() - self.started
        label = _("筆任務已讀") if what == "missions" else _("筆文件已索引")
        self.write(f"\r[{bar}] {done:,}/{total:,} {label} {seconds:.0f} s")
        self.stream.flush()
        if done >= total:
            self.write("\n")


class Command(BaseCommand):
    help = (
        "Rebuild the search index from every mission, report, recommendation, person, "
        "organisation, city and network, in one transaction (on SQLite nobody else can save "
        "meanwhile). Needed after a change to envoy/search/tokens.py; the index is otherwise "
        "kept current on every save. Shows a progress bar on stderr."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--quiet-progress", action="store_true", help="no progress bar (for logs)"
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        progress = None if options["quiet_progress"] else Progress(self.stderr)
        count = rebuild(progress)
        sizes = index_size()
        self.stdout.write(
            _(
                "已重建搜尋索引：%(count)s 筆文件，%(seconds).1f 秒；文字 %(text).1f MB，索引 %(index).1f MB。"
            )
            % {
                "count": f"{count:,}",
                "seconds": time.monotonic() - started,
                "text": sizes["text_bytes"] / 1e6,
                "index": sizes["index_bytes"] / 1e6,
            }
        )
