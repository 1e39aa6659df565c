"""The official per-diem table in force from 2026-01-01 (data/README.md says where it comes
from). Loaded once; offices load corrections and later tables with load_per_diem_rates."""

from django.db import migrations


def load(apps, schema_editor):
    from envoy.planning.rates import OFFICIAL_SOURCE, OFFICIAL_TABLE, read_csv

    PerDiemRate = apps.get_model("planning", "PerDiemRate")
    rows, errors = read_csv(OFFICIAL_TABLE.read_bytes(), source=OFFICIAL_SOURCE)
    assert not errors, errors
    PerDiemRate.objects.bulk_create(
        PerDiemRate(
            country=r.country,
            city=r.city,
            usd_per_day=r.usd_per_day,
            effective_from=r.effective_from,
            season_from=r.season_from,
            season_to=r.season_to,
            official_no=r.official_no,
            source=r.source,
        )
        for r in rows
    )


def unload(apps, schema_editor):
    from envoy.planning.rates import OFFICIAL_SOURCE

    apps.get_model("planning", "PerDiemRate").objects.filter(source=OFFICIAL_SOURCE).delete()


class Migration(migrations.Migration):
    dependencies = [("planning", "0001_per_diem_rates")]
    operations = [migrations.RunPython(load, unload)]
