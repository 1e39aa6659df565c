"""Load the per-diem rates table (生活費日支數額表) from a CSV file or an Excel workbook."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from envoy.planning import rates


class Command(BaseCommand):
    help = (
        "Load the per-diem rates (生活費日支數額表) from a CSV or .xlsx file with the columns "
        "country,city,usd_per_day[,effective_from]. A row for a place and date already "
        "loaded takes the new amount; rows of another date are kept beside it (history). "
        "Rows that cannot be read are listed and skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the CSV or .xlsx file")
        parser.add_argument(
            "--source", default="", help="where the table comes from (kept on each row)"
        )

    def handle(self, *args, file: Path, source: str, **options):
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}") from None
        try:
            rows, errors = rates.read_csv(data, source=source or file.name)
        except rates.RatesFileError as error:
            raise CommandError(error.message) from None
        for error in errors:
            self.stderr.write(error)
        added, changed = rates.store(rows)
        self.stdout.write(f"{added} added, {changed} changed, {len(errors)} skipped")
