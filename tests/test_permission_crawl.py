"""Every URL of Envoy, asked by everyone, with GET and with an empty POST.

The answers expected are in ``permission_crawl.csv`` beside this file: one row per URL
pattern (its name; its route when it has none), the URL's arguments (``pk=@mission``: the
record of that name in the dataset below, or the first record of a model written
``@app.model``; a value without ``@`` is used as written), then for anonymous visitors and
each role of the cast the answer to a GET and to a POST without data, as ``GET/POST`` (one
value when both answer alike): a status code, ``login`` (sent to sign in) or
``admin-login`` (sent to the admin site's sign-in).

The test fails, naming each, for a URL pattern missing from the table (with what it
answered, to check and copy), a row whose URL is gone, an answer that differs from the
table, and an error (500) — unless the table records that 500: a known error, reported
as a warning until it is fixed. A new URL cannot ship without its access decided: see
docs/permissions.md. Each request runs in a transaction rolled back after it, so every one
meets the same dataset whatever the requests before it did.
"""

import csv
import datetime as dt
import io
import logging
import os
import re
import time
import warnings
from collections.abc import Iterator
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from PIL import Image

from envoy.actions import services as action_services
from envoy.missions import services as mission_services
from envoy.relations import services as relation_services
from envoy.relations.interop.ical import feed_token
from envoy.relations.models import (
    Agreement,
    Event,
    Organisation,
    Presentation,
    Session,
    SiteVisit,
)
from envoy.reports import photos
from envoy.reports.enums import ReportStatus
from envoy.reports.importing.staging import stage_import
from envoy.reports.models import FigureGroup
from envoy.reports.services import import_report_file, move_report, save_self_check
from tests.conftest import SEED, fill_cover

pytestmark = [pytest.mark.django_db, pytest.mark.one_pass("postgresql")]

TABLE = Path(__file__).with_name("permission_crawl.csv")
WHO = ["anonymous", "officer", "owner", "colleague", "outsider", "reviewer", "viewer", "admin"]
HEADER = ["url", "args", *WHO]
METHODS = ("GET", "POST")
# Rewrite the table from what the URLs answer (then read the diff before committing it).
REWRITE = os.environ.get("ENVOY_CRAWL_REWRITE") == "1"


# ----- The URL patterns -----


def url_patterns(
    resolver: URLResolver | None = None, prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str]]:
    """(key, route) of every URL pattern, walking included URLconfs: the key is the
    pattern's name with its namespaces, or its whole route when it has no name."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = ":".join(n for n in (namespace, pattern.namespace or "") if n)
            yield from url_patterns(pattern, route, inner)
        elif isinstance(pattern, URLPattern):
            name = ":".join(n for n in (namespace, pattern.name or "") if n)
            yield (name if pattern.name else route), route


REGEX_GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)")
ROUTE_ARGUMENT = re.compile(r"<(?:\w+:)?(\w+)>")


def fill(route: str, values: dict[str, str]) -> str:
    """The path of ``route`` with each argument replaced by its value: regular expressions'
    ``(?P<pk>…)`` and ``<int:pk>`` alike."""
    path = REGEX_GROUP.sub(lambda m: values[m.group(1)], route)
    path = ROUTE_ARGUMENT.sub(lambda m: values[m.group(1)], path)
    return "/" + path.replace("^", "").replace("$", "")


def route_arguments(route: str) -> list[str]:
    names = REGEX_GROUP.findall(route)
    return names + ROUTE_ARGUMENT.findall(REGEX_GROUP.sub("", route))


# ----- The dataset the URLs are filled from -----

PNG = io.BytesIO()
Image.new("RGB", (64, 48), "#3a6ea5").save(PNG, format="PNG")
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def build_dataset(cast, bureaus) -> dict[str, str]:
    """A small world made through the services, each record by name (as URL values).

    - a trip plan (出國計畫) of the secretariat, a draft (``plan``: its mission);
    - the seed report imported by the secretariat's editor (``mission``, ``report``), a
      draft, with a delegation member, its first day and item, chapter and block, a figure
      group with a photo;
    - the seed imported again and published (``published``), with a photo, for the
      public archive;
    - a report file staged for import by the owner (``pending``);
    - Koike (held by the secretariat) with a position at the Tokyo Metropolitan
      Government, met on the mission with a follow-up; Tokyo; G-NETS with Tokyo a member;
      the summit the mission attended, a session of it, the city's talk there with its
      slides; a site visit of the mission; an agreement signed on it with its file;
    - a forum in Tokyo spotted by the secretariat's editor (``opportunity``).
    """
    owner, officer = cast["owner"], cast["officer"]
    secretariat = bureaus["secretariat"]
    report = fill_cover(import_report_file(SEED, user=owner, bureau=secretariat).report)
    # Its review form (審核表), with the traveller's self-check.
    save_self_check(user=owner, report=report, data={"self_on_time": True}, expected_version=1)
    mission = report.mission
    figures = FigureGroup.objects.filter(chapter__report=report).order_by("id").first()
    photo = photos.add_photo(
        user=owner, block=figures, upload=SimpleUploadedFile("photo.png", PNG.getvalue())
    )
    day = mission.days.order_by("date").first()
    chapter = report.chapters.order_by("number").first()

    published = fill_cover(import_report_file(SEED, user=owner, bureau=secretariat).report)
    public_figures = FigureGroup.objects.filter(chapter__report=published).first()
    public_photo = photos.add_photo(
        user=owner, block=public_figures, upload=SimpleUploadedFile("p.png", PNG.getvalue())
    )
    move_report(user=owner, report=published, to_status=ReportStatus.SUBMITTED)
    move_report(user=cast["reviewer"], report=published, to_status=ReportStatus.APPROVED)
    move_report(user=officer, report=published, to_status=ReportStatus.PUBLISHED)

    pending = stage_import(user=owner, upload=SimpleUploadedFile(SEED.name, SEED.read_bytes()))

    tokyo = relation_services.get_or_create_city(
        user=owner, name="東京", country="JP", name_en="Tokyo"
    )
    metro = relation_services.save_organisation(
        user=owner,
        organisation=Organisation(),
        data={"name": "東京都", "city": tokyo, "country": "JP", "notes": "窗口為國際部長室"},
    )
    koike = relation_services.create_person(
        user=owner,
        data={"name": "小池百合子", "city": tokyo, "email": "koike@example.jp", "notes": "備註"},
    )
    position = relation_services.add_position(
        user=owner, person=koike, data={"title": "知事", "organisation": metro}
    )
    meeting = relation_services.record_interaction(
        user=owner,
        person=koike,
        data={
            "date": dt.date(2026, 4, 28),
            "mission": mission,
            "city": tokyo,
            "follow_up": "寄送簡報",
            "follow_up_owner": owner,
            "follow_up_due": dt.date(2026, 6, 30),
        },
    )
    gnets = relation_services.get_or_create_network(
        user=owner, name="全球永續發展城市網絡", abbreviation="G-NETS"
    )
    relation_services.join_network(user=owner, network=gnets, city=tokyo, since_year=2022)
    summit = relation_services.save_event(
        user=owner,
        event=Event(),
        data={"name": "2026 G-NETS 首長高峰會", "network": gnets, "city": tokyo},
        missions=[mission],
    )
    session = relation_services.save_session(
        user=owner, session=Session(), data={"event": summit, "title": "開幕式"}
    )
    talk = relation_services.save_presentation(
        user=owner,
        presentation=Presentation(),
        data={
            "title": "綠動新北",
            "speaker": koike,
            "event": summit,
            "session": session,
            "mission": mission,
            "slides": SimpleUploadedFile("talk.pdf", PDF),
        },
    )
    visit = relation_services.save_site_visit(
        user=owner,
        visit=SiteVisit(),
        data={"mission": mission, "name": "東京臨海廣域防災公園", "city": tokyo},
    )
    agreement = relation_services.save_agreement(
        user=owner,
        agreement=Agreement(),
        data={
            "kind": "communique",
            "title": "2026 G-NETS 共同宣言",
            "event": summit,
            "network": gnets,
            "mission": mission,
            "file": SimpleUploadedFile("宣言.pdf", PDF),
        },
        cities=[tokyo],
    )
    action_services.propose_actions(report=report, user=owner)
    action = report.actions.order_by("position").first()
    action_services.settle_action(
        user=owner, action=action, data={"status": "accepted"}, expected_version=action.version
    )
    action_note = action_services.add_progress(
        user=owner,
        action=action,
        date=dt.date(2026, 6, 1),
        text="已函請各局處推薦人選。",
        evidence=SimpleUploadedFile("簽陳.pdf", PDF),
    )
    from envoy.planning.models import ExchangeRate

    ExchangeRate.objects.create(date=dt.date(2026, 4, 25), twd_per_usd=32)
    from envoy.planning import plans

    plan = plans.create_plan(
        user=owner,
        mission_fields={
            "title": "考察首爾智慧城市",
            "start_date": dt.date(2026, 9, 14),
            "end_date": dt.date(2026, 9, 18),
        },
        plan_fields={"purpose": "考察智慧城市。"},
    )
    talent = talent_records(cast, bureaus)
    from envoy.opportunities.services import add_opportunity

    opportunity = add_opportunity(
        user=owner,
        data={
            "title": "2026 亞洲城市防災論壇",
            "network": gnets,
            "city": tokyo,
            "start_date": dt.date(2026, 10, 5),
            "end_date": dt.date(2026, 10, 7),
            "registration_deadline": dt.date(2026, 9, 15),
        },
    )
    lodging = mission_services.add_lodging(
        user=owner, mission=mission, data={"name": "東京王子大飯店", "check_in": mission.start_date}
    )
    contact = mission_services.add_emergency_contact(
        user=owner, mission=mission, data={"kind": "office", "name": "台北駐日經濟文化代表處"}
    )
    hosted = hosting_visit(owner, secretariat)
    records = {
        "plan": plan.mission,
        "action": action,
        "action_note": action_note,
        "mission": mission,
        "report": report,
        "member": mission.members.first(),
        "lodging": lodging,
        "contact": contact,
        "day": day,
        "item": day.items.order_by("id").first(),
        "chapter": chapter,
        "block": chapter.blocks.order_by("position").first(),
        "figures": figures,
        "photo": photo,
        "published": published,
        "public_photo": public_photo,
        "pending": pending,
        "person": koike,
        "position": position,
        "organisation": metro,
        "city": tokyo,
        "network": gnets,
        "meeting": meeting,
        "event": summit,
        "session": session,
        "presentation": talk,
        "site_visit": visit,
        "agreement": agreement,
        "person_type": ContentType.objects.get_for_model(koike),
        **talent,
        "opportunity": opportunity,
        **hosted,
    }
    values = {name: str(record.pk) for name, record in records.items()}
    values["feed_token"] = feed_token(owner)
    return values


def hosting_visit(owner, bureau) -> dict:
    """A visit received by the secretariat (``visit``) with a visitor (``visitor``), a host,
    a transport leg and a gift received."""
    from envoy.hosting import services as hosting
    from envoy.missions import services as mission_services

    visit = mission_services.create_mission(
        user=owner,
        title="東京都訪問團",
        start_date=dt.date(2026, 10, 5),
        end_date=dt.date(2026, 10, 6),
        bureau=bureau,
        direction="inbound",
        destination_countries=["JP"],
    )
    hosting.save_hosting(user=owner, mission=visit, data={"table_size": 10})
    visitor = mission_services.add_member(user=owner, mission=visit, data={"name": "山田太郎"})
    hosting.save_visitor(user=owner, member=visitor, data={"diets": ["halal"]})
    host = hosting.save_host(user=owner, mission=visit, host=None, data={"name": "林市長"})
    leg = hosting.save_leg(
        user=owner,
        mission=visit,
        leg=None,
        data={"date": dt.date(2026, 10, 5), "origin": "飯店", "destination": "市政府"},
    )
    gift = hosting.save_gift(
        user=owner,
        mission=visit,
        gift=None,
        data={
            "direction": "received",
            "date": dt.date(2026, 10, 5),
            "description": "酒杯",
            "counterpart": "山田太郎",
            "value_ntd": 800,
        },
    )
    return {"visit": visit, "visitor": visitor, "host": host, "leg": leg, "gift": gift}


def talent_records(cast, bureaus) -> dict:
    """The owner's own profile (seen by them and the officers only), and a traveller matched
    unsure to a namesake in another bureau, for an officer to settle."""
    from envoy.missions.models import DelegationMember, Mission
    from envoy.talent.models import Experience, StaffProfile
    from envoy.talent.services import create_profile, sync_mission

    owner = cast["owner"]
    profile = create_profile(user=owner, data={"name": "秘書處編輯"}, owner=owner)
    StaffProfile.objects.create(name="林志明", bureau=bureaus["works"])
    trip = Mission.objects.create(title="東京消防廳訓練", destination_countries=["JP"])
    member = DelegationMember.objects.create(mission=trip, name="林志明", unit="消防局")
    sync_mission(trip.pk)
    unsure = Experience.objects.get(source_id=member.pk, match="unsure")
    return {"talent_profile": profile, "talent_match": unsure}


def argument_values(args: str, dataset: dict[str, str]) -> dict[str, str]:
    """``pk=@mission fmt=json`` → {"pk": "3", "fmt": "json"}."""
    values = {}
    for pair in args.split():
        name, _, value = pair.partition("=")
        if value.startswith("@"):
            key = value[1:]
            if key not in dataset:
                first = apps.get_model(key).objects.order_by("pk").first()
                dataset[key] = str(first.pk) if first is not None else "0"
            value = dataset[key]
        values[name] = value
    return values


# ----- Asking -----


def answer(response) -> str:
    """``login``, ``admin-login`` or the status code."""
    if response.status_code in (301, 302):
        location = response["Location"]
        if location.startswith(resolve_url(settings.LOGIN_URL) + "?"):
            return "login"
        if location.startswith(reverse("admin:login") + "?"):
            return "admin-login"
    return str(response.status_code)


def signed_in(user) -> tuple[Client, SimpleCookie]:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client, SimpleCookie(client.cookies.output(header="", sep=";"))


def ask(client: Client, cookies: SimpleCookie, method: str, path: str) -> tuple[str, str]:
    """What ``path`` answers, and the error when it raised one. The request's changes are
    rolled back, and the client keeps its own session whatever the request did to it (a
    POST to sign out)."""
    client.cookies = SimpleCookie(cookies.output(header="", sep=";"))
    with transaction.atomic():
        try:
            response = client.get(path) if method == "GET" else client.post(path, {})
        except Exception as error:  # a 500: keep crawling, report them all
            outcome = ("500", f"{type(error).__name__}: {error}")
        else:
            outcome = (answer(response), "")
        transaction.set_rollback(True)
    return outcome


# ----- The table -----


def cell(answers: list[str]) -> str:
    """``403`` when GET and POST answer alike, else ``200/405``."""
    return answers[0] if len(set(answers)) == 1 else "/".join(answers)


def read_table() -> dict[str, dict]:
    """{url: {"args": …, "expected": {who: {"GET": …, "POST": …}}}}."""
    with TABLE.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    reader = csv.reader(lines, skipinitialspace=True)
    header = [value.strip() for value in next(reader)]
    assert header == HEADER, f"{TABLE.name}: the header must be {', '.join(HEADER)}"
    rows = {}
    for row in reader:
        values = [value.strip() for value in row]
        assert len(values) == len(HEADER), f"{TABLE.name}: {values[0]} has {len(values)} cells"
        expected = {}
        for who, value in zip(WHO, values[2:], strict=True):
            answers = value.split("/")
            expected[who] = dict(
                zip(METHODS, answers * (len(METHODS) // len(answers)), strict=True)
            )
        assert values[0] not in rows, f"{TABLE.name}: {values[0]} twice"
        rows[values[0]] = {"args": values[1], "expected": expected}
    return rows


def quoted(value: str) -> str:
    """A CSV cell: quoted when it holds a comma or a quote (a regular expression's route)."""
    if "," in value or '"' in value:
        return '"' + value.replace('"', '""') + '"'
    return value


def table_lines(rows: list[list[str]]) -> list[str]:
    """Rows as CSV lines, their columns aligned."""
    rows = [[quoted(value) for value in row] for row in rows]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADER))]
    return [
        ", ".join(value.ljust(width) for value, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]


def write_table(rows: list[list[str]]) -> None:
    comment = (
        "# What each URL answers: GET/POST (one value: both). See tests/test_permission_crawl.py."
    )
    TABLE.write_text("\n".join([comment, *table_lines([HEADER, *rows])]) + "\n", encoding="utf-8")


@pytest.fixture
def quiet_logs():
    """Refused requests log their tracebacks; a crawl makes two thousand of them."""
    logging.disable(logging.CRITICAL)
    yield
    logging.disable(logging.NOTSET)


def test_every_url_answers_every_role_as_the_table_says(cast, bureaus, quiet_logs):
    started = time.monotonic()
    dataset = build_dataset(cast, bureaus)
    table = read_table()
    patterns = list(url_patterns())
    clients = {who: signed_in(cast[who]) for who in WHO}

    missing, differ, errors, known_errors, observed_rows = [], [], [], [], []
    for key, route in patterns:
        row = table.get(key)
        args = row["args"] if row else " ".join(f"{n}=@?" for n in route_arguments(route))
        if "@?" in args:
            missing.append(f"{key} ({route}): write its arguments ({args}) in the table")
            continue
        path = fill(route, argument_values(args, dataset))
        observed = []
        for who in WHO:
            client, cookies = clients[who]
            answers = []
            for method in METHODS:
                status, error = ask(client, cookies, method, path)
                answers.append(status)
                expected = row["expected"][who][method] if row else None
                if error:
                    message = f"{method} {path} as {who}: {error}"
                    (known_errors if expected == "500" else errors).append(message)
                if row and expected != status:
                    differ.append(f"{key}: {method} {path} as {who}: {status}, table: {expected}")
            observed.append(cell(answers))
        observed_rows.append([key, args, *observed])
        if row is None:
            missing.append(f"{key} ({route}) is not in the table")

    stale = sorted(set(table) - {key for key, _route in patterns})
    if REWRITE:
        write_table(observed_rows)
    if known_errors:
        warnings.warn("Known errors (500) in the table:\n" + "\n".join(known_errors), stacklevel=1)
    problems = []
    if missing:
        new_rows = [r for r in observed_rows if r[0] not in table]
        problems += ["URLs without their access decided:", *missing]
        if new_rows:
            problems += ["What they answered:", *table_lines([HEADER, *new_rows])[1:]]
    if stale:
        problems += ["Rows of URLs that are gone:", *stale]
    if errors:
        problems += ["Errors (500):", *errors]
    if differ:
        problems += ["Answers that differ from the table:", *differ]
    assert not problems, "\n".join(problems)
    print(
        f"{len(patterns)} URLs × {len(WHO)} visitors × {len(METHODS)} methods "
        f"in {time.monotonic() - started:.1f} s"
    )
