"""Speakers the talent pool suggests for an opportunity: the people who speak its languages
(at its least level, when it has one) and know one of its topics.

The pool's own criteria decide what "speaks" and "knows" mean (``talent.pool``): a
language as a ``LanguageCriterion``, a topic as a ``TextCriterion`` (expertise tags, 施政分類,
experience), each with its filter and its reasons. Here they are only combined — every
language, and any one topic — and the people who know more of the topics come first. Only
the profiles the user may see are suggested (``talent.permissions.profiles_for_user``)."""

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Case, Value, When

from envoy.core.lib.chinese import fold
from envoy.talent import levels
from envoy.talent.permissions import profiles_for_user
from envoy.talent.pool import LANGUAGES, Hit, LanguageCriterion, TextCriterion, hits_for

from .models import Opportunity

# How many people are suggested at most.
SUGGESTED = 10


def language_code(word: str) -> str | None:
    """The pool's code of a language as people write it (日語, Japanese, ja), or None."""
    return LANGUAGES.get(fold(word.strip()))


@dataclass
class Suggestions:
    hits: list[Hit]
    # Whether the opportunity says anything to match on (languages or topics).
    asked: bool


def suggest_speakers(user, opportunity: Opportunity, limit: int = SUGGESTED) -> Suggestions:
    """The people to suggest as speakers, best first, each with why. Three queries whatever
    the numbers: the people, their languages, and the experience that matched a topic."""
    rank = levels.CEFR_RANKS.get(opportunity.language_level, 0)
    languages = [LanguageCriterion(language=code, rank=rank) for code in opportunity.languages]
    topics = [TextCriterion(topic) for topic in opportunity.topics]
    if not (languages or topics):
        return Suggestions([], asked=False)
    rows = profiles_for_user(user)
    for criterion in languages:
        rows = rows.filter(criterion.q())
    known = Value(0)
    if topics:
        rows = rows.filter(reduce(or_, (criterion.q() for criterion in topics)))
        # How many of the topics each knows: those who know more come first.
        known = sum((Case(When(c.q(), then=Value(1)), default=Value(0)) for c in topics), Value(0))
    profiles = list(
        rows.annotate(known=known)
        .defer("search_text", "experience_text")
        .select_related("bureau")
        .order_by("-known", "name_key", "id")[:limit]
    )
    return Suggestions(hits_for(profiles, [*languages, *topics]), asked=True)
