"""Generated missions for load tests: realistic sizes, a fixed random seed, bulk inserts.

Each mission has 3–8 itinerary days with 2–5 items each and a report of 4 chapters with
day headings, sections, paragraphs, numbered points and figure groups (~25 blocks).
"""

import datetime as dt
import random

PLACES = [
    ("日本", "東京", "Asia/Tokyo"),
    ("日本", "大阪", "Asia/Tokyo"),
    ("韓國", "首爾", "Asia/Seoul"),
    ("新加坡", "新加坡", "Asia/Singapore"),
    ("法國", "巴黎", "Europe/Paris"),
    ("德國", "柏林", "Europe/Berlin"),
    ("美國", "紐約", "America/New_York"),
    ("拉脫維亞", "里加", "Europe/Riga"),
    ("義大利", "杜林", "Europe/Rome"),
    ("紐西蘭", "奧克蘭", "Pacific/Auckland"),
    ("愛沙尼亞", "塔爾圖", "Europe/Tallinn"),
]
TOPICS = [
    "韌性城市",
    "智慧交通",
    "淨零碳排",
    "下水道",
    "防災公園",
    "長期照顧",
    "青年創業",
    "文化外交",
    "循環經濟",
    "數位治理",
    "水資源",
    "都市更新",
    "公共衛生",
    "觀光行銷",
]
SENTENCE = "本府代表團考察{topic}相關政策與實務作法，並與{city}市政府官員交流{topic}之推動經驗。"


def paragraph(rng: random.Random, city: str) -> str:
    return "".join(
        SENTENCE.format(topic=rng.choice(TOPICS), city=city) for _ in range(rng.randint(3, 7))
    )


def generate(count: int, *, seed: int = 2026, bureaus=None, batch: int = 500) -> None:
    """Insert ``count`` missions with itineraries and reports (no import, no files)."""
    from envoy.missions.models import ItineraryDay, ItineraryItem, Mission
    from envoy.reports.models import Block, Chapter, Report

    rng = random.Random(seed)
    statuses = ["draft"] * 5 + ["submitted", "returned", "approved"] + ["published"] * 3
    categories = ["inspection", "study", "research", "internship", "other"]
    for start in range(0, count, batch):
        n = min(batch, count - start)
        plans = []
        for _ in range(n):
            country, city, zone = rng.choice(PLACES)
            begin = dt.date(2016, 1, 1) + dt.timedelta(days=rng.randrange(3900))
            days = rng.randint(3, 8)
            plans.append((country, city, zone, begin, days))
        missions = Mission.objects.bulk_create(
            Mission(
                title=f"赴{country}{city}考察{rng.choice(TOPICS)}計畫",
                category=rng.choice(categories),
                region=country,
                host_agency="新北市政府",
                start_date=begin,
                end_date=begin + dt.timedelta(days=days - 1),
                destination_countries=[country],
                destination_cities=[city],
                bureau=rng.choice(bureaus) if bureaus else None,
            )
            for country, city, zone, begin, days in plans
        )
        day_rows, item_plans = [], []
        for mission, (country, city, zone, begin, days) in zip(missions, plans, strict=True):
            for d in range(days):
                day_rows.append(
                    ItineraryDay(
                        mission=mission,
                        date=begin + dt.timedelta(days=d),
                        countries=[country],
                        places=[city],
                        heading=f"考察{rng.choice(TOPICS)}",
                    )
                )
                item_plans.append((zone, rng.randint(2, 5)))
        day_rows = ItineraryDay.objects.bulk_create(day_rows)
        items = []
        for day, (zone, k) in zip(day_rows, item_plans, strict=True):
            for position in range(k):
                item = ItineraryItem(
                    day=day,
                    position=position,
                    kind=rng.choice(["session", "visit", "meeting", "meal"]),
                    text=f"參訪{rng.choice(TOPICS)}設施",
                    start_time=dt.time(9 + 2 * position, 0),
                    start_timezone=zone,
                )
                item.set_instants()
                items.append(item)
        ItineraryItem.objects.bulk_create(items)
        reports = Report.objects.bulk_create(
            Report(
                mission=mission,
                title=mission.title.replace("計畫", "出國報告"),
                summary=paragraph(rng, plans[i][1])[:250],
                status=rng.choice(statuses),
                keywords=rng.sample(TOPICS, 3),
            )
            for i, mission in enumerate(missions)
        )
        chapters = Chapter.objects.bulk_create(
            Chapter(report=report, number=number, title=title)
            for report in reports
            for number, title in enumerate(["目的", "過程", "心得", "建議"], 1)
        )
        figures: dict[int, int] = {}
        blocks = [b for chapter in chapters for b in chapter_blocks(rng, chapter, figures)]
        Block.objects.bulk_create(blocks)


def chapter_blocks(rng: random.Random, chapter, figures: dict[int, int]) -> list:
    """The body of one generated chapter; ``figures`` tracks each report's last figure."""
    from envoy.reports.models import Block

    mission = chapter.report.mission
    city = mission.destination_cities[0]
    rows: list[dict] = []
    if chapter.number == 2:
        for d in range(min(4, (mission.end_date - mission.start_date).days + 1)):
            first = figures.get(chapter.report_id, 0) + 1
            last = first + rng.randint(0, 3)
            figures[chapter.report_id] = last
            rows += [
                {"kind": "day", "date": mission.start_date + dt.timedelta(days=d)},
                {"kind": "section", "text": f"考察{rng.choice(TOPICS)}"},
                {"kind": "paragraph", "text": paragraph(rng, city)},
                {
                    "kind": "figures",
                    "text": f"參訪{city}{rng.choice(TOPICS)}設施",
                    "figure_first": first,
                    "figure_last": last,
                },
            ]
    elif chapter.number in (3, 4):
        for number in range(1, 4):
            rows += [
                {"kind": "point", "text": f"{rng.choice(TOPICS)}之推動", "number": number},
                {"kind": "paragraph", "text": paragraph(rng, city)},
            ]
    else:
        rows += [{"kind": "paragraph", "text": paragraph(rng, city)} for _ in range(2)]
    return [Block(chapter=chapter, position=n, **row) for n, row in enumerate(rows)]


def generate_actions(
    count: int, *, seed: int = 2026, owners=(), today=None, batch: int = 5000
) -> None:
    """Insert ``count`` follow-through actions spread over the reports (three a report when
    there are a third as many reports): every status, due dates around today, a share
    owned by each of ``owners``, some stale."""
    from django.utils import timezone

    from envoy.actions.models import Action
    from envoy.core.models import Bureau
    from envoy.reports.models import Report

    rng = random.Random(seed)
    today = today or timezone.localdate()
    reports = list(Report.objects.values_list("id", "mission__bureau_id"))
    bureau_ids = list(Bureau.objects.values_list("id", flat=True))
    statuses = ["proposed"] * 2 + ["accepted"] * 3 + ["in_progress"] * 3 + ["done"] * 2
    statuses += ["not_adopted"]
    owner_ids = [owner.pk for owner in owners]
    rows = []
    for n in range(count):
        report_id, bureau_id = reports[n % len(reports)]
        status = rng.choice(statuses)
        due = today + dt.timedelta(days=rng.randint(-400, 400))
        rows.append(
            Action(
                report_id=report_id,
                kind=rng.choice(["recommendation", "recommendation", "lesson"]),
                source=paragraph(rng, "東京")[:200],
                text=f"推動{rng.choice(TOPICS)}相關措施",
                status=status,
                reason="經費不足" if status == "not_adopted" else "",
                owner_bureau_id=rng.choice(bureau_ids) if rng.random() < 0.5 else bureau_id,
                owner_id=rng.choice(owner_ids) if owner_ids and rng.random() < 0.3 else None,
                start_date=due - dt.timedelta(days=rng.randint(30, 365)),
                due_date=due,
                budget=rng.choice([None, 50000, 120000, 1000000]),
                reviewed_on=today - dt.timedelta(days=rng.randint(0, 400)),
                position=n // len(reports),
            )
        )
        if len(rows) == batch:
            Action.objects.bulk_create(rows)
            rows = []
    Action.objects.bulk_create(rows)
