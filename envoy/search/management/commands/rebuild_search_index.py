"""manage.py rebuild_search_index: index every record again from scratch."""

import time

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from envoy.core.lib.numbers import thousands
from envoy.core.lib.progress import ProgressBar
from envoy.search.index import index_size, rebuild


def progress_of(stream):
    """The rebuild's ``progress(done, total, what)`` callback, a bar a step:
    [#####     ] 1,200/6,000 筆任務已索引 12 s, then [##########] 1/1 索引已建立 15 s."""
    bar = ProgressBar(stream)

    def progress(done: int, total: int, what: str) -> None:
        label = _("筆任務已索引") if what == "missions" else _("索引已建立")
        if what != "missions" and done < total:
            label = _("建立索引中")
        bar.show(done, total, f"{label} {bar.elapsed:.0f} s")

    return progress


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
        parser.add_argument(
            "--workers",
            type=int,
            help="processes that read the records and build their documents (default: two "
            "from 2,000 missions on, else none; 0: none)",
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        progress = None if options["quiet_progress"] else progress_of(self.stderr)
        count = rebuild(progress, workers=options["workers"])
        sizes = index_size()
        self.stdout.write(
            _(
                "已重建搜尋索引：%(count)s 筆文件，%(seconds).1f 秒；文字 %(text).1f MB，索引 %(index).1f MB。"
            )
            % {
                "count": thousands(count),
                "seconds": time.monotonic() - started,
                "text": sizes["text_bytes"] / 1e6,
                "index": sizes["index_bytes"] / 1e6,
            }
        )
