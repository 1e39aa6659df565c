"""What a language test's result means on the CEFR scale (A1 = 1 … C2 = 6), and which
language a test is of. One table for the profile (a skill's ``level_rank``) and the pool
search ("N2", "中高級", "TOEIC 800").

Sources: ETS's TOEIC and TOEFL iBT mappings, IELTS's (Cambridge) and the LTTC's for 全民英檢
(GEPT); JLPT N5–N1 and TOPIK 1–6 as the Japan Foundation and NIIED align them.
"""

import re

from .enums import Cefr, LanguageCode, LanguageTest

CEFR_RANKS = {level.value: n for n, level in enumerate(Cefr, start=1)}

TEST_LANGUAGE = {
    LanguageTest.GEPT: LanguageCode.EN,
    LanguageTest.TOEIC: LanguageCode.EN,
    LanguageTest.TOEFL: LanguageCode.EN,
    LanguageTest.IELTS: LanguageCode.EN,
    LanguageTest.JLPT: LanguageCode.JA,
    LanguageTest.TOPIK: LanguageCode.KO,
}

# 全民英檢's five levels, by the names people write (初級 … 優級).
GEPT_LEVELS = {"初級": 2, "中級": 3, "中高級": 4, "高級": 5, "優級": 6}
JLPT_LEVELS = {"n5": 1, "n4": 2, "n3": 3, "n2": 4, "n1": 5}
# Lowest score of each CEFR rank, highest first.
SCORE_BANDS = {
    LanguageTest.TOEIC: [(945, 5), (785, 4), (550, 3), (225, 2), (0, 1)],
    LanguageTest.TOEFL: [(114, 6), (95, 5), (72, 4), (42, 3), (0, 2)],
    LanguageTest.IELTS: [(8.5, 6), (7.0, 5), (5.5, 4), (4.0, 3), (0, 2)],
    LanguageTest.TOPIK: [(6, 6), (5, 5), (4, 4), (3, 3), (2, 2), (0, 1)],
}
NUMBER = re.compile(r"\d+(?:\.\d+)?")


def cefr_name(rank: int) -> str:
    return Cefr.values[rank - 1] if 1 <= rank <= len(Cefr.values) else ""


def score_value(test: str, score: str) -> float | None:
    """The number in a numeric score ("TOEIC 850" → 850, "IELTS 7.5" → 7.5, "TOPIK 4級" →
    4); None for a test scored in levels (全民英檢, JLPT) or a score with no number."""
    if test not in SCORE_BANDS:
        return None
    found = NUMBER.search(score or "")
    return float(found.group()) if found else None


def test_rank(test: str, score: str) -> int:
    """The CEFR rank a test result stands for, 0 when it cannot be read."""
    text = (score or "").strip().lower().replace(" ", "")
    if test == LanguageTest.GEPT:
        # The longest name first: 中高級 holds 高級.
        for name, rank in sorted(GEPT_LEVELS.items(), key=lambda item: -len(item[0])):
            if name in text:
                return rank
        return 0
    if test == LanguageTest.JLPT:
        return next((rank for name, rank in JLPT_LEVELS.items() if name in text), 0)
    value = score_value(test, score)
    if value is None:
        return 0
    return next(rank for least, rank in SCORE_BANDS[test] if value >= least)


def skill_rank(cefr: str, test: str, score: str) -> int:
    """A skill's level: the CEFR level given, else what its test result stands for."""
    return CEFR_RANKS.get(cefr, 0) or test_rank(test, score)
