"""The daily reminder scan over generated data (target: ≤ 5 s at 10,000 missions and 30,000
follow-through actions).

    .venv/bin/python bench/bench_reminders.py [--missions 10000] [--actions 30000]
        [--follow-ups 3000]

Generates the missions (bench/generate.py: reports in every status, return dates over ten
years) for 12 bureaus with 3 editors each, their follow-through actions (every status, due
dates around the scan day, some owned by the editors, some stale), open follow-ups with due
dates around the scan day, then times the scan on a day inside the data: the first run (writes and queues the
reminders), and a second run the same day (finds them all written: sends nothing).
"""

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import django_with_scratch_database  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--missions", type=int, default=10_000)
    parser.add_argument("--actions", type=int, default=30_000)
    parser.add_argument("--follow-ups", type=int, default=3_000)
    parser.add_argument("--day", default="2026-03-16", help="the scan's day (ISO)")
    args = parser.parse_args()
    django_with_scratch_database()

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from generate import generate, generate_actions

    from envoy.core.enums import Role
    from envoy.core.models import Bureau, User
    from envoy.notices import services
    from envoy.notices.models import Notice
    from envoy.relations.models import Interaction, Person

    day = dt.date.fromisoformat(args.day)
    started = time.perf_counter()
    bureaus = Bureau.objects.bulk_create(
        Bureau(name=f"第{n}局", code=f"bureau-{n}") for n in range(12)
    )
    User.objects.bulk_create(
        User(
            username=f"editor-{b.pk}-{n}",
            email=f"e{b.pk}.{n}@city.example",
            role=Role.EDITOR,
            bureau=b,
        )
        for b in bureaus
        for n in range(3)
    )
    User.objects.bulk_create(
        User(username=f"reviewer-{n}", email=f"r{n}@city.example", role=Role.REVIEWER)
        for n in range(3)
    )
    generate(args.missions, bureaus=bureaus)
    owners = list(User.objects.filter(role=Role.EDITOR))
    generate_actions(args.actions, owners=owners, today=day)
    people = Person.objects.bulk_create(Person(name=f"人員{n}") for n in range(500))
    Interaction.objects.bulk_create(
        Interaction(
            person=people[n % len(people)],
            follow_up=f"後續事項 {n}",
            follow_up_owner=owners[n % len(owners)],
            follow_up_due=day + dt.timedelta(days=(n % 120) - 60),
        )
        for n in range(args.follow_ups)
    )
    print(
        f"data: {args.missions} missions, {args.actions} actions, {args.follow_ups} follow-ups "
        f"in {time.perf_counter() - started:.1f} s"
    )

    for label in ("first scan", "second scan (same day)"):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            found = services.scan(day)
            seconds = time.perf_counter() - start
        print(f"{label}: {seconds:.2f} s, {len(queries)} queries, new: {found}")
    print(f"notices written: {Notice.objects.count()}")


if __name__ == "__main__":
    main()
