"""A mission's per diem (生活費) under 國外出差旅費報支要點, per traveller and in total."""

import json
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from envoy.missions.models import Mission
from envoy.planning import rates, services


class Command(BaseCommand):
    help = (
        "Print a mission's per diem (生活費): per traveller the days, the rate used each day "
        "and the rule applied, the amount in US dollars (rounded up to a dollar) and in NT "
        "dollars. Rates come from the stored table (生活費日支數額表), or --rates FILE.csv "
        "(country,city,usd_per_day[,effective_from]; a city not in it takes its country's "
        "row with an empty city). The exchange rate is --fx, else the stored rate of the day "
        "before the trip."
    )

    def add_arguments(self, parser):
        parser.add_argument("mission_id", type=int)
        parser.add_argument(
            "--rates", dest="rates_file", type=Path, help="a rates CSV to use instead of the table"
        )
        parser.add_argument("--fx", help="NT dollars to one US dollar, e.g. 32.45")
        parser.add_argument(
            "--long-stay-exempt",
            action="store_true",
            help="an international meeting or negotiation: no long-stay reduction (第11點)",
        )
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, mission_id, rates_file, fx, long_stay_exempt, **options):
        try:
            mission = Mission.objects.get(pk=mission_id)
        except Mission.DoesNotExist:
            raise CommandError(f"No mission {mission_id}.") from None
        table = None
        if rates_file is not None:
            table = self._table(rates_file)
        twd_per_usd = None
        if fx is not None:
            try:
                twd_per_usd = Decimal(fx)
            except InvalidOperation:
                raise CommandError(f"--fx {fx!r} is not a number.") from None
        result = services.mission_per_diem(
            mission, table=table, twd_per_usd=twd_per_usd, long_stay_exempt=long_stay_exempt
        )
        shares = services.traveller_amounts(mission, result)
        twd_total = None
        if all(share.twd is not None for share in shares):
            twd_total = sum(share.twd for share in shares)
        data = {
            "mission": mission.pk,
            "title": mission.title,
            "start_date": mission.start_date.isoformat() if mission.start_date else None,
            "end_date": mission.end_date.isoformat() if mission.end_date else None,
            "twd_per_usd": str(result.twd_per_usd) if result.twd_per_usd is not None else None,
            "travellers": [
                {
                    "name": share.member.name if share.member else "",
                    "days": [day.as_dict() for day in result.days],
                    "usd": result.usd,
                    "twd_per_usd": str(share.twd_per_usd) if share.twd_per_usd else None,
                    "own_exchange": share.own is not None,
                    "twd": share.twd,
                }
                for share in shares
            ],
            "total": {"usd": result.usd * len(shares), "twd": twd_total},
            "missing": [day.date.isoformat() for day in result.missing],
        }
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        for day in result.days:
            self.stdout.write(
                f"{day.date.isoformat()} {day.city or day.country}: US${day.usd}  "
                + " ".join(day.rules)
            )
        twd = f", NT${result.twd}" if result.twd is not None else ""
        self.stdout.write(f"Per traveller: US${result.usd}{twd}; {len(shares)} traveller(s).")

    def _table(self, path: Path) -> rates.RateTable:
        try:
            rows, errors = rates.read_csv(path.read_bytes(), source=path.name)
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from None
        except rates.RatesFileError as error:
            raise CommandError(error.message) from None
        for error in errors:
            self.stderr.write(error)
        return rates.RateTable(rows)
