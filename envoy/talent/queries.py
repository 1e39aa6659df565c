"""What the talent pages read, each in a fixed number of queries."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from .enums import Match
from .models import Experience, LanguageSkill, StaffProfile, name_key


def experience_countries() -> list[str]:
    """The countries anyone in the pool has experience of (the pool's country filter)."""
    # No ordering: with the model's (by date) DISTINCT would keep a row per date.
    rows = Experience.objects.exclude(countries="").order_by().values_list("countries", flat=True)
    return sorted({code for value in rows.distinct() for code in value.split()})


def unsure_count() -> int:
    return Experience.objects.filter(match=Match.UNSURE).count()


def unsure_matches(limit: int = 100) -> list[Experience]:
    """The travellers matched by name alone, oldest trips last, each with ``candidates``:
    the profiles of the same name (two queries for all of them)."""
    rows = list(
        Experience.objects.filter(match=Match.UNSURE).select_related("profile__bureau", "mission")[
            :limit
        ]
    )
    keys = {row.profile.name_key for row in rows}
    same: dict[str, list[StaffProfile]] = {}
    for profile in StaffProfile.objects.filter(name_key__in=keys).select_related("bureau"):
        same.setdefault(profile.name_key, []).append(profile)
    for row in rows:
        row.candidates = same.get(row.profile.name_key, [])
    return rows


def candidates_for(experience: Experience) -> list[StaffProfile]:
    return list(
        StaffProfile.objects.filter(name_key=name_key(experience.profile.name)).select_related(
            "bureau"
        )
    )


@dataclass(frozen=True)
class Change:
    at: object
    user: object
    kind: str
    what: str


def profile_history(profile: StaffProfile, limit: int = 30) -> list[Change]:
    """The profile's and its languages' changes, newest first (two queries)."""
    own: QuerySet = profile.history.select_related("history_user").order_by("-history_date")
    skills = LanguageSkill.history.filter(profile_id=profile.pk).select_related("history_user")
    changes = [
        Change(row.history_date, row.history_user, row.get_history_type_display(), _("基本資料"))
        for row in own[:limit]
    ] + [
        Change(
            row.history_date,
            row.history_user,
            row.get_history_type_display(),
            _("語言能力：%(language)s") % {"language": row.get_language_display()},
        )
        for row in skills.order_by("-history_date")[:limit]
    ]
    return sorted(changes, key=lambda change: change.at, reverse=True)[:limit]
