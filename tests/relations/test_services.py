import datetime as dt

import pytest

from envoy.core.lib.locking import EditConflict
from envoy.core.models import AuditEntry
from envoy.relations import services
from envoy.relations.duplicates import duplicate_pairs
from envoy.relations.models import Interaction, Person, Position
from envoy.relations.names import name_key, word_set_key

pytestmark = pytest.mark.django_db


def test_name_keys_ignore_diacritics_case_script_variants_and_word_order():
    assert name_key("Māris Sprindžuks") == name_key("maris  SPRINDZUKS") == "maris sprindzuks"
    assert name_key("臺北") == name_key("台北") == name_key("台北")
    assert name_key("東京") == name_key("东京")
    assert word_set_key("Lo Russo, Stefano") == word_set_key("Stefano Lo Russo")


def test_a_person_change_is_kept_in_their_history_with_who_made_it(cast):
    person = services.create_person(user=cast["officer"], data={"name": "小池百合子"})
    services.update_person(
        user=cast["owner"], person=person, data={"email": "koike@example.jp"}, expected_version=1
    )
    history = list(person.history.order_by("history_date"))
    assert [(h.history_type, h.history_user, h.email) for h in history] == [
        ("+", cast["officer"], ""),
        ("~", cast["owner"], "koike@example.jp"),
    ]
    assert AuditEntry.objects.filter(action="person.updated").count() == 1


def test_a_save_from_an_older_version_is_refused_and_changes_nothing(cast):
    person = services.create_person(user=cast["officer"], data={"name": "Kertu Vuks"})
    services.update_person(
        user=cast["officer"], person=person, data={"phone": "+372 1"}, expected_version=1
    )
    stale = Person.objects.get(pk=person.pk)
    stale.version = 1
    with pytest.raises(EditConflict):
        services.update_person(
            user=cast["owner"], person=stale, data={"phone": "+372 2"}, expected_version=1
        )
    assert Person.objects.get(pk=person.pk).phone == "+372 1"


def test_spellings_of_one_person_are_proposed_as_duplicates_and_others_are_not(cast):
    def make(**data):
        return services.create_person(user=cast["officer"], data=data)

    maris = make(name="Māris Sprindžuks")
    maris_plain = make(name="Maris Sprindzuks")
    dinesh = make(name="Dinesh Vasu Dash", name_zh="迪內希")
    dinesh_zh = make(name="迪內希")
    turin = make(name="Stefano Lo Russo")
    turin_typo = make(name="Stefano Lo Rosso")
    make(name="Kertu Vuks")
    make(name="小池百合子")
    make(name="松本明子")
    pairs = {frozenset((p.first.pk, p.second.pk)): p.score for p in duplicate_pairs()}
    assert set(pairs) == {
        frozenset((maris.pk, maris_plain.pk)),
        frozenset((dinesh.pk, dinesh_zh.pk)),
        frozenset((turin.pk, turin_typo.pk)),
    }
    assert pairs[frozenset((maris.pk, maris_plain.pk))] == 100
    assert 90 <= pairs[frozenset((turin.pk, turin_typo.pk))] < 100


def test_merging_keeps_every_meeting_and_position_and_the_other_spelling(cast):
    keep = services.create_person(user=cast["officer"], data={"name": "Māris Sprindžuks"})
    other = services.create_person(
        user=cast["officer"], data={"name": "Maris Sprindzuks", "email": "m@riga.lv"}
    )
    services.add_position(user=cast["officer"], person=other, data={"title": "副市長"})
    services.record_interaction(
        user=cast["officer"], person=keep, data={"date": dt.date(2026, 4, 28)}
    )
    services.record_interaction(
        user=cast["officer"], person=other, data={"date": dt.date(2025, 3, 1)}
    )

    merged = services.merge_people(user=cast["officer"], keep=keep, duplicate=other)

    assert not Person.objects.filter(pk=other.pk).exists()
    assert sorted(i.date for i in Interaction.objects.filter(person=merged)) == [
        dt.date(2025, 3, 1),
        dt.date(2026, 4, 28),
    ]
    assert [p.title for p in Position.objects.filter(person=merged)] == ["副市長"]
    assert merged.email == "m@riga.lv"
    assert merged.other_names == ["Maris Sprindzuks"]
    assert merged.history.first().history_change_reason == f"merged #{other.pk} Maris Sprindzuks"
    assert services.find_person("Maris Sprindzuks") == merged


def test_a_position_cannot_end_before_it_starts(cast):
    from django.core.exceptions import ValidationError

    person = services.create_person(user=cast["officer"], data={"name": "A"})
    with pytest.raises(ValidationError):
        services.add_position(
            user=cast["officer"],
            person=person,
            data={
                "title": "市長",
                "start_date": dt.date(2026, 1, 2),
                "end_date": dt.date(2026, 1, 1),
            },
        )
    assert not Position.objects.exists()
