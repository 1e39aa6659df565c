"""People recorded twice: the same person written differently (Latin or Chinese, with or
without diacritics, family name first or last, a typo) is proposed for merging."""

from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from .models import Person
from .names import is_han, word_set_key

# Two Latin-letter names this similar (0–100, word order aside) are proposed.
SIMILAR = 90


@dataclass(frozen=True)
class DuplicatePair:
    first: Person
    second: Person
    score: int  # 100 for the same name up to diacritics, script and word order
    reason: str  # the two spellings that matched


def duplicate_pairs(people=None) -> list[DuplicatePair]:
    """Pairs of ``people`` (every person by default) that look like one person, the surest
    first. Exact matches come from a dictionary of name keys; near ones from rapidfuzz over
    the Latin-letter keys."""
    # In the order they were recorded: the older record of a pair comes first, on every
    # database (names sort differently under each one's collation).
    people = sorted(people if people is not None else Person.objects.all(), key=lambda p: p.pk)
    by_key: dict[str, set[int]] = defaultdict(set)
    spelled: dict[tuple[int, str], str] = {}
    latin: list[tuple[str, int]] = []
    for index, person in enumerate(people):
        for name in person.all_names():
            key = word_set_key(name)
            if not key:
                continue
            by_key[key].add(index)
            spelled.setdefault((index, key), name)
            if not is_han(name) and " " in key:
                latin.append((key, index))
    found: dict[tuple[int, int], DuplicatePair] = {}

    def propose(i: int, j: int, score: int, key_i: str, key_j: str) -> None:
        pair = (min(i, j), max(i, j))
        if i == j or (pair in found and found[pair].score >= score):
            return
        a, b = people[pair[0]], people[pair[1]]
        reason = f"{spelled.get((i, key_i), key_i)} ≈ {spelled.get((j, key_j), key_j)}"
        found[pair] = DuplicatePair(a, b, score, reason)

    for key, indexes in by_key.items():
        ordered = sorted(indexes)
        for n, i in enumerate(ordered):
            for j in ordered[n + 1 :]:
                propose(i, j, 100, key, key)
    keys = [key for key, _ in latin]
    for r, key in enumerate(keys):
        near = process.extract(
            key, keys, scorer=fuzz.token_sort_ratio, score_cutoff=SIMILAR, limit=None
        )
        for _, score, c in near:
            if r < c and latin[r][1] != latin[c][1]:
                propose(latin[r][1], latin[c][1], int(score), key, keys[c])
    return sorted(found.values(), key=lambda p: (-p.score, p.first.name, p.second.name))
