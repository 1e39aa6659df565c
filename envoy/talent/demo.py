"""The talent pool's part of the demo data (``manage.py seed_demo``): a few colleagues of the
demo bureaus with their languages and expertise, so the pool, the speakers an opportunity
suggests and the interpreters a visit can choose are not empty on a new install. The people
are invented; each is added once (by name and bureau), whatever how often the command runs."""

import datetime as dt

from django.utils.translation import gettext as _

from .enums import Interpreting, LanguageCode, LanguageTest, Visibility
from .models import StaffProfile
from .services import create_profile

# (bureau code, name, English name, title, expertise, interpreting, visibility, languages)
# with languages as (code, CEFR, test, score, tested on).
DEMO_PROFILES = [
    (
        "secretariat",
        "陳怡君",
        "Chen Yi-chun",
        "專員",
        ["防災", "城市外交"],
        Interpreting.LIAISON,
        Visibility.STAFF,
        [
            (LanguageCode.JA, "", LanguageTest.JLPT, "N2", dt.date(2024, 12, 1)),
            (LanguageCode.EN, "B2", "", "", None),
        ],
    ),
    (
        "environment",
        "林志明",
        "Lin Chih-ming",
        "技正",
        ["淨零", "循環經濟", "空氣品質"],
        Interpreting.NONE,
        Visibility.STAFF,
        [(LanguageCode.EN, "", LanguageTest.IELTS, "7.0", dt.date(2025, 3, 15))],
    ),
    (
        "youth",
        "黃雅婷",
        "Huang Ya-ting",
        "科員",
        ["青年交流", "社群經營"],
        Interpreting.CONSECUTIVE,
        Visibility.STAFF,
        [
            (LanguageCode.KO, "", LanguageTest.TOPIK, "5", dt.date(2025, 10, 19)),
            (LanguageCode.EN, "", LanguageTest.TOEIC, "860", dt.date(2024, 6, 30)),
        ],
    ),
    (
        "public-works",
        "王建民",
        "Wang Chien-min",
        "正工程司",
        ["防災", "韌性城市", "排水工程"],
        Interpreting.NONE,
        Visibility.BUREAU,
        [(LanguageCode.JA, "B1", "", "", None)],
    ),
]


def seed(*, bureaus: dict, users: dict, write, **signal) -> None:
    """Add the demo colleagues not yet in the pool, as the demo officer.
    Connected to ``reports.signals.demo_seeded`` (``signal``: its sender and itself, unused)."""
    officer = users.get("officer")
    if officer is None:
        return
    added = 0
    for code, name, name_en, title, expertise, interpreting, visibility, skills in DEMO_PROFILES:
        bureau = bureaus.get(code)
        if StaffProfile.objects.filter(name=name, bureau=bureau).exists():
            continue
        create_profile(
            user=officer,
            data={
                "name": name,
                "name_en": name_en,
                "bureau": bureau,
                "title": title,
                "expertise": expertise,
                "interpreting": interpreting,
                "visibility": visibility,
            },
            languages=[
                {"language": language, "cefr": cefr, "test": test, "score": score, "tested_on": on}
                for language, cefr, test, score, on in skills
            ],
        )
        added += 1
    if added:
        write(_("已加入人才庫示範人員 %(count)s 位。") % {"count": added})
