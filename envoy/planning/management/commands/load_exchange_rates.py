"""Load US dollar exchange rates (NT dollars to one US dollar, by day) from a CSV file or an Excel workbook."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from envoy.planning import rates
from envoy.planning.models import ExchangeRate


class Command(BaseCommand):
    help = (
        "Load US dollar exchange rates from a CSV or .xlsx file with the columns date,twd_per_usd (the Bank "
        "of Taiwan's cash selling rate of each day, as 國外出差旅費報支要點 第19點 asks). A day "
        "loaded again takes the new rate. Rows that cannot be read are listed and skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the CSV or .xlsx file")
        parser.add_argument("--source", default="", help="where the rates come from")

    def handle(self, *args, file: Path, source: str, **options):
        try:
            rows, errors = rates.read_exchange_csv(file.read_bytes())
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}") from None
        except rates.RatesFileError as error:
            raise CommandError(error.message) from None
        for error in errors:
            self.stderr.write(error)
        for day, rate in rows:
            ExchangeRate.objects.update_or_create(
                date=day, defaults={"twd_per_usd": rate, "source": source or file.name}
            )
        self.stdout.write(f"{len(rows)} loaded, {len(errors)} skipped")
