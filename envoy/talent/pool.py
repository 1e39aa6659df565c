"""Searching the pool: a small query language, the filter it becomes in the database, and
why each person found matched.

A query is words joined by spaces or "+" (both mean AND): 「日語 防災」, "English C1 + net
zero + has presented". Each word is read as one of:

- a language (日語, 日文, Japanese, ja) — a skill in it;
- a level (C1, N2, 中高級) — a skill at that level or above, in the language named before
  it (or after it; N2 implies Japanese and 全民英檢's levels English), else in any; a test
  and its score (TOEIC 800, IELTS 7) — that test at that score or above;
- a flag (曾發表 / has presented, 曾接待 / has hosted, 曾出訪 / has travelled, 曾會談,
  口譯 / interpreter);
- a country (日本, Japan, JP) — experience there;
- otherwise text, looked for in the expertise tags and 施政分類, the name, title and unit,
  and in the experience (titles, report subjects, cities — in Chinese and, for those GeoNames
  knows, in English — networks, countries). Latin words next to each other make one phrase
  ("net zero"), but for a city's English name at its start or end ("Tokyo net zero": Tokyo,
  and "net zero"); separate topics with "+".

Each criterion filters with an uncorrelated subquery (``pk IN (…)``): the database reads
the skills or experience once, where a correlated ``EXISTS`` read them again for every
profile (174 ms for 1,000 profiles on SQLite, see docs/performance.md).

Each kind of criterion is one class holding both its database filter (``q``) and its
explanation (``reasons``), so what is found is what is explained. The pool's filters
(bureau, language, level, country) become criteria too.
"""

import operator
import re
from dataclasses import dataclass, field
from functools import reduce

from django.db.models import Q
from django.utils.translation import gettext as _

from envoy.core.lib.chinese import fold
from envoy.core.lib.places import country_code, country_name

from . import levels
from .enums import ExperienceKind, Interpreting, LanguageCode, LanguageTest
from .models import Experience, LanguageSkill, StaffProfile
from .permissions import profiles_for_user

# How many people a search shows a page; the count says how many matched.
LIMIT = 20

LANGUAGE_WORDS = {
    LanguageCode.EN: ["英語", "英文", "english", "en"],
    LanguageCode.JA: ["日語", "日文", "日本語", "japanese", "ja"],
    LanguageCode.KO: ["韓語", "韓文", "korean", "ko"],
    LanguageCode.FR: ["法語", "法文", "french", "fr"],
    LanguageCode.DE: ["德語", "德文", "german", "de"],
    LanguageCode.ES: ["西班牙語", "西語", "西文", "spanish", "es"],
    LanguageCode.PT: ["葡萄牙語", "葡語", "portuguese"],
    LanguageCode.IT: ["義大利語", "義語", "italian"],
    LanguageCode.RU: ["俄語", "俄文", "russian"],
    LanguageCode.VI: ["越南語", "越語", "vietnamese"],
    LanguageCode.TH: ["泰語", "泰文", "thai"],
    LanguageCode.ID: ["印尼語", "indonesian"],
    LanguageCode.MS: ["馬來語", "malay"],
    LanguageCode.TL: ["菲律賓語", "他加祿語", "filipino", "tagalog"],
    LanguageCode.NL: ["荷蘭語", "dutch"],
    LanguageCode.AR: ["阿拉伯語", "arabic"],
    LanguageCode.SIGN: ["手語", "sign"],
}
LANGUAGES = {fold(word): code for code, words in LANGUAGE_WORDS.items() for word in words}
TESTS = {
    "toeic": LanguageTest.TOEIC,
    "多益": LanguageTest.TOEIC,
    "toefl": LanguageTest.TOEFL,
    "托福": LanguageTest.TOEFL,
    "ielts": LanguageTest.IELTS,
    "雅思": LanguageTest.IELTS,
    "jlpt": LanguageTest.JLPT,
    "gept": LanguageTest.GEPT,
    "全民英檢": LanguageTest.GEPT,
    "topik": LanguageTest.TOPIK,
}
FLAGS = {
    "曾發表": ExperienceKind.PRESENTATION,
    "發表": ExperienceKind.PRESENTATION,
    "has presented": ExperienceKind.PRESENTATION,
    "presented": ExperienceKind.PRESENTATION,
    "speaker": ExperienceKind.PRESENTATION,
    "曾接待": ExperienceKind.HOSTED,
    "has hosted": ExperienceKind.HOSTED,
    "hosted": ExperienceKind.HOSTED,
    "曾出訪": ExperienceKind.MISSION,
    "has travelled": ExperienceKind.MISSION,
    "has traveled": ExperienceKind.MISSION,
    "travelled": ExperienceKind.MISSION,
    "曾會談": ExperienceKind.MEETING,
    "has met": ExperienceKind.MEETING,
    "口譯": "interpreting",
    "interpreter": "interpreting",
    "interpreting": "interpreting",
}
SEPARATORS = re.compile(r"[+＋,，、;；]")
LATIN_WORD = re.compile(r"^[a-z0-9][a-z0-9.'&-]*$")
LEVEL = re.compile(r"^(?:cefr)?([abc][12])$")


def experience_reason(experience: Experience) -> str:
    """曾赴日本東京（2026 G-NETS 首長高峰會）"""
    values = {
        "place": experience.place,
        "title": experience.title,
        "year": experience.date.year if experience.date else "",
    }
    if experience.kind == ExperienceKind.MISSION:
        return _("曾赴%(place)s（%(title)s）") % values
    if experience.kind == ExperienceKind.HOSTED:
        return _("曾接待（%(title)s）") % values
    if experience.kind == ExperienceKind.PRESENTATION:
        return _("曾發表「%(title)s」（%(year)s）") % values
    return _("曾會談：%(title)s（%(year)s）") % values


@dataclass(frozen=True)
class Reason:
    """One reason a person matched, and what it rests on."""

    text: str
    skill: LanguageSkill | None = None
    experience: Experience | None = None


class Criterion:
    def experience_q(self) -> Q | None:
        """The experience this criterion finds people by (None: it reads none); the search
        fetches only such experience with the people, for the reasons."""
        return None

    def q(self) -> Q:  # pragma: no cover - every criterion has its own
        raise NotImplementedError

    def reasons(self, profile: StaffProfile, skills: list, experiences: list) -> list[Reason]:
        """Why ``profile`` (with these languages and the experience found) matched."""
        raise NotImplementedError  # pragma: no cover - every criterion has its own


@dataclass
class LanguageCriterion(Criterion):
    """A skill in ``language`` (any, when empty) at ``rank`` or above; of ``test`` at
    ``score`` or above."""

    language: str = ""
    rank: int = 0
    test: str = ""
    score: float | None = None

    def _skills(self):
        rows = LanguageSkill.objects.all()
        if self.language:
            rows = rows.filter(language=self.language)
        if self.rank:
            rows = rows.filter(level_rank__gte=self.rank)
        if self.test:
            rows = rows.filter(test=self.test)
        if self.score is not None:
            rows = rows.filter(score_value__gte=self.score)
        return rows

    def q(self) -> Q:
        return Q(pk__in=self._skills().values("profile_id"))

    def holds(self, skill: LanguageSkill) -> bool:
        return (
            (not self.language or skill.language == self.language)
            and skill.level_rank >= self.rank
            and (not self.test or skill.test == self.test)
            and (
                self.score is None
                or (skill.score_value is not None and skill.score_value >= self.score)
            )
        )

    def reasons(self, profile, skills, experiences):
        return [Reason(skill.summary, skill=skill) for skill in skills if self.holds(skill)]


@dataclass
class KindCriterion(Criterion):
    """Experience of a kind: has presented, has hosted, has travelled, has met."""

    kind: str

    def experience_q(self) -> Q:
        return Q(kind=self.kind)

    def q(self) -> Q:
        return Q(pk__in=Experience.objects.filter(self.experience_q()).values("profile_id"))

    def reasons(self, profile, skills, experiences):
        return [
            Reason(experience_reason(e), experience=e) for e in experiences if e.kind == self.kind
        ]


@dataclass
class InterpretingCriterion(Criterion):
    def q(self) -> Q:
        return ~Q(interpreting=Interpreting.NONE)

    def reasons(self, profile, skills, experiences):
        if profile.interpreting == Interpreting.NONE:
            return []
        return [Reason(str(Interpreting(profile.interpreting).label))]


@dataclass
class CountryCriterion(Criterion):
    """Experience in country ``code``."""

    code: str

    def experience_q(self) -> Q:
        return Q(countries__contains=self.code)

    def q(self) -> Q:
        # The profile's ``experience_countries``: 5,000 short rows, not 20,000 of experience.
        return Q(experience_countries__contains=self.code)

    def reasons(self, profile, skills, experiences):
        return [
            Reason(experience_reason(e), experience=e)
            for e in experiences
            if self.code in e.country_codes
        ]


@dataclass
class BureauCriterion(Criterion):
    bureau_id: int

    def q(self) -> Q:
        return Q(bureau_id=self.bureau_id)

    def reasons(self, profile, skills, experiences):
        return [Reason(_("局處：%(bureau)s") % {"bureau": profile.organisation})]


@dataclass
class TextCriterion(Criterion):
    """``word`` in the profile's facets or its experience's (see ``facets()``)."""

    word: str

    @property
    def folded(self) -> str:
        return fold(self.word)

    def experience_q(self) -> Q:
        return Q(search_text__contains=self.folded)

    def q(self) -> Q:
        # ``experience_text`` holds the experience's search texts: the word is looked for in
        # the profiles' rows only, not in a subquery over all experience.
        return Q(search_text__contains=self.folded) | Q(experience_text__contains=self.folded)

    def reasons(self, profile, skills, experiences):
        found = [
            Reason(_("%(word)s：%(where)s") % {"word": self.word, "where": label})
            for label, value in profile.facets()
            if value and self.folded in fold(value)
        ]
        for experience in experiences:
            where = [label for label, value in experience.facets() if self.folded in fold(value)]
            if where:
                text = _("%(word)s：%(experience)s的%(where)s") % {
                    "word": self.word,
                    "experience": experience_reason(experience),
                    "where": where[0],
                }
                found.append(Reason(text, experience=experience))
        return found


def _level(word: str) -> tuple[int, str] | None:
    """The rank a level word stands for, and the language it implies ('' none)."""
    if found := LEVEL.match(word):
        return levels.CEFR_RANKS[found.group(1).upper()], ""
    if word in levels.JLPT_LEVELS:
        return levels.JLPT_LEVELS[word], LanguageCode.JA
    if word in levels.GEPT_LEVELS:
        return levels.GEPT_LEVELS[word], LanguageCode.EN
    return None


def parse(text: str) -> list[Criterion]:
    """The criteria of a query (see the module's docstring)."""
    criteria: list[Criterion] = []
    languages: list[LanguageCriterion] = []
    pending: list[tuple[int, str]] = []  # levels waiting for a language named after them

    def language(code: str) -> LanguageCriterion:
        for known in languages:
            if known.language == code:
                return known
        made = LanguageCriterion(language=code)
        languages.append(made)
        criteria.append(made)
        return made

    phrase: list[str] = []  # Latin words read as one text ("net zero")

    def close_phrase() -> None:
        for words in _places_apart(phrase):
            criteria.append(TextCriterion(" ".join(words)))
        phrase.clear()

    for segment in SEPARATORS.split(text):
        words = [fold(word) for word in segment.split()]
        originals = segment.split()
        n = 0
        while n < len(words):
            word, pair = words[n], " ".join(words[n : n + 2])
            following = words[n + 1] if n + 1 < len(words) else ""
            if pair in FLAGS:
                close_phrase()
                criteria.append(_flag(FLAGS[pair]))
                n += 2
                continue
            if word in TESTS:
                close_phrase()
                test = TESTS[word]
                skill = language(levels.TEST_LANGUAGE.get(test, ""))
                skill.test = test
                level = _level(following)
                if level:
                    skill.rank = max(skill.rank, level[0])
                    n += 2
                elif levels.NUMBER.fullmatch(following):
                    skill.score = float(following)
                    n += 2
                else:
                    n += 1
                continue
            if word in LANGUAGES:
                close_phrase()
                made = language(LANGUAGES[word])
                for rank, _implied in pending:
                    made.rank = max(made.rank, rank)
                pending.clear()
                n += 1
                continue
            if level := _level(word):
                close_phrase()
                rank, implied = level
                if implied:
                    made = language(implied)
                    made.rank = max(made.rank, rank)
                elif languages:
                    languages[-1].rank = max(languages[-1].rank, rank)
                else:
                    pending.append(level)
                n += 1
                continue
            if word in FLAGS:
                close_phrase()
                criteria.append(_flag(FLAGS[word]))
                n += 1
                continue
            code = country_code(originals[n])
            if code and (not LATIN_WORD.match(word) or len(word) > 3):
                close_phrase()
                criteria.append(CountryCriterion(code))
                n += 1
                continue
            if LATIN_WORD.match(word):
                phrase.append(word)
            else:
                close_phrase()
                criteria.append(TextCriterion(originals[n]))
            n += 1
        close_phrase()
    for rank, _implied in pending:
        criteria.append(LanguageCriterion(rank=rank))
    return criteria


def _places_apart(words: list[str]) -> list[list[str]]:
    """A Latin phrase with a city's English name at its start or end cut into two: "tokyo net
    zero" is Tokyo and "net zero" (each looked for on its own), "net zero" stays one."""
    if len(words) < 2:
        return [words] if words else []
    from envoy.relations.suggesting.gazetteer import gazetteer, latin_key

    cities = gazetteer().english_names
    for size in (2, 1):
        if len(words) > size and latin_key(" ".join(words[:size])) in cities:
            return [words[:size], *_places_apart(words[size:])]
        if len(words) > size and latin_key(" ".join(words[-size:])) in cities:
            return [*_places_apart(words[:-size]), words[-size:]]
    return [words]


def _flag(value: str) -> Criterion:
    return InterpretingCriterion() if value == "interpreting" else KindCriterion(value)


@dataclass
class Hit:
    """One person found: the profile, their languages, and why they matched."""

    profile: StaffProfile
    reasons: list[Reason] = field(default_factory=list)
    languages: list[LanguageSkill] = field(default_factory=list)

    @property
    def experiences(self) -> list[Experience]:
        """The experience that made them match, each once."""
        seen = {r.experience.pk: r.experience for r in self.reasons if r.experience}
        return list(seen.values())

    @property
    def countries(self) -> list[str]:
        codes = [code for e in self.experiences for code in e.country_codes]
        return [country_name(code) for code in dict.fromkeys(codes)]


@dataclass
class PoolResult:
    hits: list[Hit]
    total: int
    criteria: list[Criterion]
    offset: int = 0
    limit: int = LIMIT

    @property
    def has_previous(self) -> bool:
        return self.offset > 0

    @property
    def has_next(self) -> bool:
        return self.offset + self.limit < self.total

    @property
    def page(self) -> int:
        return self.offset // self.limit + 1

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.limit))


def criteria_for(
    text: str = "",
    *,
    bureau: int | None = None,
    language: str = "",
    level: str = "",
    country: str = "",
) -> list[Criterion]:
    """The query's criteria and those of the pool page's filters."""
    criteria = parse(text)
    if language or level:
        rank = levels.CEFR_RANKS.get(level, 0)
        same = [c for c in criteria if isinstance(c, LanguageCriterion) and c.language == language]
        if same:
            same[0].rank = max(same[0].rank, rank)
        else:
            criteria.append(LanguageCriterion(language=language, rank=rank))
    if country:
        criteria.append(CountryCriterion(country))
    if bureau:
        criteria.append(BureauCriterion(bureau))
    return criteria


def matching(user, criteria: list[Criterion]):
    """The profiles ``user`` may see that meet every criterion, by name: the query whose ids
    ``search_pool`` reads (``bench/bench_talent.py --explain`` shows its plan)."""
    rows = profiles_for_user(user)
    for criterion in criteria:
        rows = rows.filter(criterion.q())
    return rows.order_by("name_key", "id")


def search_pool(
    user,
    text: str = "",
    *,
    bureau: int | None = None,
    language: str = "",
    level: str = "",
    country: str = "",
    limit: int = LIMIT,
    offset: int = 0,
) -> PoolResult:
    """The people of the pool ``user`` may see who match the query and the filters — at most
    ``limit`` of them, by name, each with the reasons — and how many match in all. With no
    query and no filter, everyone ``user`` may see, with no reasons. ``offset``: skip that
    many (the next page).

    Four queries whatever the numbers (three when no criterion is about experience): the ids
    of everyone matching in order (their number is the count: the filters run once), the
    first ``limit`` people, and ``hits_for``'s two: their languages and the experience that
    made them match (only that)."""
    criteria = criteria_for(text, bureau=bureau, language=language, level=level, country=country)
    ids = list(matching(user, criteria).values_list("pk", flat=True))
    profiles = (
        StaffProfile.objects.filter(pk__in=ids[offset : offset + limit])
        .defer("search_text", "experience_text")
        .select_related("bureau")
        .order_by("name_key", "id")
    )
    return PoolResult(
        hits=hits_for(list(profiles), criteria),
        total=len(ids),
        criteria=criteria,
        offset=offset,
        limit=limit,
    )


def hits_for(profiles: list[StaffProfile], criteria: list[Criterion]) -> list[Hit]:
    """``profiles`` as hits of ``criteria``: each with its languages, the experience the
    criteria found it by, and the reasons. Two queries (one when no criterion reads
    experience), read straight into lists by profile: a ``prefetch_related`` made a queryset
    for each profile and relation, a third of a search's time on 20 people."""
    ids = [profile.pk for profile in profiles]
    # The model's order within a profile, without its join to order by the profile.
    skills = _by_profile(
        LanguageSkill.objects.filter(profile_id__in=ids).order_by("-level_rank", "language", "id")
    )
    experiences: dict[int, list[Experience]] = {}
    found_by = [q for criterion in criteria if (q := criterion.experience_q()) is not None]
    if found_by:
        experiences = _by_profile(
            Experience.objects.filter(profile_id__in=ids)
            .filter(reduce(operator.or_, found_by))
            .defer("search_text")
        )
    hits = []
    for profile in profiles:
        own_skills = skills.get(profile.pk, [])
        own_experience = experiences.get(profile.pk, [])
        reasons = [r for c in criteria for r in c.reasons(profile, own_skills, own_experience)]
        hits.append(Hit(profile, reasons, own_skills))
    return hits


def _by_profile(rows) -> dict[int, list]:
    """The rows by their ``profile_id``, each list in the rows' order."""
    grouped: dict[int, list] = {}
    for row in rows:
        grouped.setdefault(row.profile_id, []).append(row)
    return grouped
