"""The talent pool's search over 5,000 profiles (target: p95 ≤ 50 ms), on SQLite and, with
--postgres, on a throwaway PostgreSQL cluster.

    .venv/bin/python bench/bench_talent.py [--profiles 5000] [--runs 200] [--postgres]
        [--database-url postgres://…]

Generates the profiles across 30 bureaus: 0–3 languages each (CEFR levels or test scores —
JLPT, 全民英檢, TOEIC, IELTS — with dates), 1–4 expertise tags from 60 topics, a 施政分類, and
0–8 pieces of experience (trips to 25 countries and their cities with titles, networks and
report subjects; presentations; hosted visits; meetings); a fifth of the profiles consent to
be found by every colleague, a fifth by their bureau. Then times, as median / p95 / max over
``--runs`` runs each (wall time, and this process's CPU time), ``envoy.talent.pool.search_pool``
(the ids of all who match, the first page of 20 by name, their languages and the experience
that matched, the reasons) for an officer (sees everyone) and for a bureau
editor (sees what is consented), and the pool page end to end through Django's test client.
"""

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

ROOT = Path(__file__).resolve().parents[1]

TOPICS = (
    "防災 淨零 智慧城市 韌性 交通 水資源 都市更新 觀光 文化 長照 青年 新創 教育 衛生 "
    "環境 廢棄物 循環經濟 能源 綠建築 公共運輸 自行車 港灣 農業 食安 消防 警政 社福 "
    "性別平等 原住民 客家 體育 藝術 博物館 圖書館 數位治理 資安 開放資料 國際會議 "
    "城市外交 姊妹市 國際行銷 招商 產業 勞動 住宅 地政 都市計畫 防洪 下水道 氣候變遷 "
    "空氣品質 net-zero smart-city resilience tourism culture water mobility"
).split()
COUNTRIES = {
    "JP": ["東京", "大阪", "橫濱", "福岡", "仙台"],
    "KR": ["首爾", "釜山", "仁川"],
    "SG": ["新加坡"],
    "US": ["紐約", "洛杉磯", "舊金山"],
    "FR": ["巴黎", "里昂"],
    "DE": ["柏林", "慕尼黑"],
    "GB": ["倫敦"],
    "NL": ["阿姆斯特丹", "鹿特丹"],
    "LV": ["里加"],
    "EE": ["塔爾圖"],
    "IT": ["杜林", "米蘭"],
    "NZ": ["奧克蘭"],
    "AU": ["雪梨", "墨爾本"],
    "CA": ["溫哥華"],
    "TH": ["曼谷"],
    "VN": ["胡志明市"],
    "ID": ["雅加達"],
    "MY": ["吉隆坡"],
    "PH": ["馬尼拉"],
    "IN": ["孟買"],
    "ES": ["巴塞隆納"],
    "SE": ["斯德哥爾摩"],
    "DK": ["哥本哈根"],
    "CZ": ["布拉格"],
    "PL": ["華沙"],
}
NETWORKS = ["G-NETS", "ICLEI", "C40", "UCLG", "CityNet", "APCS", "WTA", ""]
SURNAMES = "陳林黃張李王吳劉蔡楊許鄭謝洪郭邱曾廖賴徐周葉蘇莊呂江何蕭羅高潘簡朱鍾游彭詹胡施沈余盧梁趙顏柯翁魏孫戴范方宋鄧杜傅侯曹薛丁卓馬阮董唐温藍蔣石古紀姚連馮歐程湯黃田康姜汪白鄒尤巫鐘黎涂龔嚴韓袁金童陸夏柳凃邵錢伍倪溫于譚駱熊任甘秦顧毛章史官萬俞雷粘饒張闕凌崔尹孔辛歐陽"
GIVEN = "志明淑芬怡君雅婷家豪俊傑建宏美玲宗翰冠宇欣怡佩珊承恩柏翰詩涵子晴思妤宇軒品妍"
QUERIES = [
    ("「日語 防災」", "日語 防災", {}),
    ("English C1 + net zero + has presented", "English C1 + net-zero + has presented", {}),
    ("「日本」(country)", "日本", {}),
    ("TOEIC 800", "TOEIC 800", {}),
    ("「防災」(text, common)", "防災", {}),
    ("「里加」(city, rare)", "里加", {}),
    ("Tokyo net-zero (a city in English)", "Tokyo net-zero", {}),
    ("filters: ja ≥ B2, JP", "", {"language": "ja", "level": "B2", "country": "JP"}),
    ("filters: bureau + 英語", "英語", {"bureau": "first"}),
    ("no query (browse)", "", {}),
]


def measure(label: str, fn, *, runs: int, warmup: int = 3) -> dict:
    """Run ``fn`` warm ``runs`` times; print the median and p95 of the wall time and of this
    process's CPU time (on SQLite the database works in this process, so the CPU time is
    the search's own cost, whatever else the machine runs; on PostgreSQL the server's is
    not in it), in ms."""
    for _ in range(warmup):
        fn()
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    wall.sort()
    cpu.sort()
    p95 = max(0, int(runs * 0.95) - 1)
    result = {
        "wall_median": statistics.median(wall),
        "wall_p95": wall[p95],
        "cpu_median": statistics.median(cpu),
        "cpu_p95": cpu[p95],
    }
    print(
        f"{label:<52} wall {result['wall_median']:6.1f} / {result['wall_p95']:6.1f}   "
        f"cpu {result['cpu_median']:6.1f} / {result['cpu_p95']:6.1f} ms (median / p95)"
    )
    return result


def generate(profiles: int) -> None:
    from envoy.core.models import Bureau
    from envoy.talent.enums import ExperienceKind, LanguageCode, Visibility
    from envoy.talent.models import (
        Experience,
        LanguageSkill,
        StaffProfile,
        refresh_experience_text,
    )

    rng = random.Random(18)
    bureaus = Bureau.objects.bulk_create(
        Bureau(name=f"第{n}局", code=f"bureau-{n}") for n in range(30)
    )
    rows = []
    for n in range(profiles):
        profile = StaffProfile(
            name=rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, 2)) + str(n),
            bureau=rng.choice(bureaus),
            title=rng.choice(["科員", "科長", "專員", "技正", "股長", "處長"]),
            expertise=rng.sample(TOPICS, rng.randint(1, 4)),
            policy_areas=[rng.choice(["公共安全", "環境保護", "交通建設", "文化觀光"])],
            visibility=rng.choice([Visibility.STAFF, Visibility.BUREAU] + [Visibility.PRIVATE] * 3),
            confirmed=rng.random() < 0.7,
        )
        profile.derive()
        rows.append(profile)
    profiles_made = StaffProfile.objects.bulk_create(rows, batch_size=1000)
    skills, experiences = [], []
    kinds = [ExperienceKind.MISSION] * 5 + [
        ExperienceKind.PRESENTATION,
        ExperienceKind.HOSTED,
        ExperienceKind.MEETING,
    ]
    for profile in profiles_made:
        for language in rng.sample(["en", "en", "ja", "ko", "fr", "de", "es"], rng.randint(0, 3)):
            skill = LanguageSkill(profile=profile, language=language)
            test = rng.random()
            if language == LanguageCode.JA and test < 0.6:
                skill.test, skill.score = "jlpt", rng.choice(["N1", "N2", "N3", "N4", "N5"])
            elif language == LanguageCode.EN and test < 0.3:
                skill.test, skill.score = "toeic", str(rng.randrange(400, 990, 5))
            elif language == LanguageCode.EN and test < 0.5:
                skill.test = "gept"
                skill.score = rng.choice(["初級", "中級", "中高級", "高級"])
            elif language == LanguageCode.EN and test < 0.6:
                skill.test, skill.score = "ielts", str(rng.choice([5.5, 6.0, 6.5, 7.0, 7.5, 8.0]))
            else:
                skill.cefr = rng.choice(["A2", "B1", "B2", "C1", "C2"])
            if skill.test:
                skill.tested_on = dt.date(rng.randint(2015, 2026), rng.randint(1, 12), 1)
            skill.derive()
            skills.append(skill)
        for k in range(rng.randint(0, 8)):
            country = rng.choice(list(COUNTRIES))
            city = rng.choice(COUNTRIES[country])
            experience = Experience(
                profile=profile,
                kind=rng.choice(kinds),
                date=dt.date(rng.randint(2010, 2026), rng.randint(1, 12), rng.randint(1, 28)),
                countries=country,
                city=city,
                network=rng.choice(NETWORKS),
                title=f"{city}{rng.choice(TOPICS)}考察與交流",
                topics="、".join(rng.sample(TOPICS, 3)),
                source_type="bench.source",
                source_id=profile.pk * 10 + k,
            )
            experience.derive()
            experiences.append(experience)
    LanguageSkill.objects.bulk_create(skills, batch_size=2000)
    Experience.objects.bulk_create(experiences, batch_size=2000)
    # bulk_create sends no signal: the profiles' experience text is set as the app does.
    refresh_experience_text(profile.pk for profile in profiles_made)
    print(
        f"data: {len(profiles_made)} profiles, {len(skills)} language skills, "
        f"{len(experiences)} pieces of experience"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--database-url")
    parser.add_argument(
        "--explain",
        action="store_true",
        help="print each query's SQL and the database's plan of it (EXPLAIN ANALYZE on "
        "PostgreSQL), for the officer and the editor, before timing",
    )
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="envoy-bench-talent-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "envoy.settings")
    os.environ["ENVOY_DATA_DIR"] = str(scratch)
    stop = None
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    elif args.postgres:
        from bench_search import start_postgres

        url, stop = start_postgres()
        os.environ["DATABASE_URL"] = url
    else:
        os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(ROOT))
    try:
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)
        run(args)
    finally:
        if stop is not None:
            stop()


def run(args) -> None:
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from envoy.core.enums import Role
    from envoy.core.models import Bureau, User
    from envoy.talent.pool import search_pool

    started = time.perf_counter()
    print(f"load average before: {os.getloadavg()[0]:.1f}")
    generate(args.profiles)
    print(f"generated in {time.perf_counter() - started:.1f} s on {connection.vendor}")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    first = Bureau.objects.order_by("id").first()
    officer = User.objects.create_user("bench-officer", role=Role.OFFICER, bureau=first)
    editor = User.objects.create_user("bench-editor", role=Role.EDITOR, bureau=first)
    settings.ALLOWED_HOSTS = ["*"]
    if args.explain:
        explain(officer, editor, first)
    for who, user in (("officer", officer), ("editor", editor)):
        print(f"\n{who}:")
        for label, text, filters in QUERIES:
            filters = {k: first.pk if v == "first" else v for k, v in filters.items()}
            result = search_pool(user, text, **filters)
            with CaptureQueriesContext(connection) as queries:
                search_pool(user, text, **filters)
            measure(
                f"{label} [{result.total} found, {len(queries)} queries]",
                lambda text=text, filters=filters, user=user: search_pool(user, text, **filters),
                runs=args.runs,
            )
    client = Client()
    client.force_login(officer)
    print("\nthe pool page (officer, end to end):")
    for label, text, filters in QUERIES[:3]:
        params = {"q": text, **{k: v for k, v in filters.items() if v != "first"}}

        def page(params=params):
            response = client.get("/talent/", params)
            assert response.status_code == 200, response.status_code

        measure(label, page, runs=max(args.runs // 4, 20))
    print(f"load average after: {os.getloadavg()[0]:.1f}")


def explain(officer, editor, first) -> None:
    """The SQL of the query whose ids each search reads (``pool.matching``), and its plan."""
    from django.db import connection

    from envoy.talent.pool import criteria_for, matching

    options = {"analyze": True} if connection.vendor == "postgresql" else {}
    for label, text, filters in QUERIES:
        filters = {k: first.pk if v == "first" else v for k, v in filters.items()}
        for who, user in (("officer", officer), ("editor", editor)):
            rows = matching(user, criteria_for(text, **filters)).values_list("pk", flat=True)
            print(f"\n--- {label}, {who}\n{rows.query}\n{rows.explain(**options)}")


if __name__ == "__main__":
    main()
