"""The index follows every save made through the services, at commit."""

import datetime as dt

import pytest

from envoy.search.services import search

from .helpers import found


@pytest.fixture
def seeded(cast, bureaus, django_capture_on_commit_callbacks):
    """The seed imported by the owner, indexed as its import commits."""
    from envoy.reports.services import import_report_file
    from tests.conftest import SEED

    with django_capture_on_commit_callbacks(execute=True):
        return import_report_file(SEED, user=cast["owner"], bureau=bureaus["secretariat"]).report


def test_an_imported_report_is_indexed_when_its_transaction_commits(
    cast, bureaus, django_capture_on_commit_callbacks
):
    from envoy.reports.services import import_report_file
    from tests.conftest import SEED

    with django_capture_on_commit_callbacks(execute=True):
        report = import_report_file(SEED, user=cast["owner"], bureau=bureaus["secretariat"]).report
    assert found(search(cast["owner"], "防災公園")) == {
        ("mission", report.mission.title),
        ("report", report.title),
    }
    recommendations = search(cast["owner"], "國際", filters={"kind": ["recommendation"]})
    assert [h.title for h in recommendations.hits] == [
        "積極參與國際組織活動",
        "國際事務人才培育精進",
        "深化國際城市交流",
    ] or recommendations.total == 3


def test_an_edited_block_is_found_by_its_new_words_only(
    seeded, cast, django_capture_on_commit_callbacks
):
    from envoy.reports.models import Block
    from envoy.reports.services import update_block

    block = Block.objects.filter(chapter__report=seeded, kind="paragraph").first()
    old = block.text[:6]
    with django_capture_on_commit_callbacks(execute=True):
        update_block(
            user=cast["owner"],
            block=block,
            data={"text": "嶄新的韌性詞彙"},
            expected_version=block.version,
        )
    assert found(search(cast["owner"], "韌性詞彙")) == {("report", seeded.title)}
    assert ("report", seeded.title) not in found(
        search(cast["owner"], f'"{old}"')
    ) or old in "".join(Block.objects.filter(chapter__report=seeded).values_list("text", flat=True))


def test_a_removed_block_takes_its_words_out(seeded, cast, django_capture_on_commit_callbacks):
    from envoy.reports.models import Block
    from envoy.reports.services import add_block, remove_block

    chapter = seeded.chapters.first()
    with django_capture_on_commit_callbacks(execute=True):
        block = add_block(
            user=cast["owner"],
            chapter=chapter,
            after=None,
            kind="paragraph",
            data={"text": "獨一無二的段落"},
        )
    assert search(cast["owner"], "獨一無二").total == 1
    block = Block.objects.get(pk=block.pk)
    with django_capture_on_commit_callbacks(execute=True):
        remove_block(user=cast["owner"], block=block, expected_version=block.version)
    assert search(cast["owner"], "獨一無二").total == 0


def test_a_renamed_mission_is_found_by_its_new_title(
    seeded, cast, django_capture_on_commit_callbacks
):
    from envoy.missions.services import update_mission

    mission = seeded.mission
    with django_capture_on_commit_callbacks(execute=True):
        update_mission(
            user=cast["owner"],
            mission=mission,
            data={"title": "赴東京考察下水道幹線"},
            expected_version=mission.version,
        )
    assert found(search(cast["owner"], "下水道幹線", filters={"kind": ["mission"]})) == {
        ("mission", "赴東京考察下水道幹線")
    }


def test_a_new_mission_from_the_service_is_found(cast, bureaus, django_capture_on_commit_callbacks):
    from envoy.reports.services import create_mission_with_report as create_mission

    with django_capture_on_commit_callbacks(execute=True):
        create_mission(
            user=cast["owner"],
            title="赴首爾考察智慧交通",
            start_date=dt.date(2026, 5, 1),
            end_date=dt.date(2026, 5, 3),
        )
    assert found(search(cast["owner"], "智慧交通")) == {
        ("mission", "赴首爾考察智慧交通"),
        ("report", "赴首爾考察智慧交通"),
    }


def test_a_published_report_becomes_public(seeded, cast, django_capture_on_commit_callbacks):
    from envoy.reports.services import move_report
    from tests.conftest import fill_cover

    assert search(None, "防災公園", published_only=True).total == 0
    with django_capture_on_commit_callbacks(execute=True):
        fill_cover(seeded)
        for step, who in (
            ("submitted", "owner"),
            ("approved", "reviewer"),
            ("published", "officer"),
        ):
            move_report(user=cast[who], report=seeded, to_status=step)
    assert found(search(None, "防災公園", published_only=True)) == {("report", seeded.title)}


def test_a_deleted_mission_leaves_the_index(seeded, cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        seeded.mission.delete()
    assert search(cast["admin"], "防災公園").total == 0


def test_people_follow_the_relations_services(cast, django_capture_on_commit_callbacks):
    from envoy.relations.models import Person
    from envoy.relations.services import create_person, update_person

    with django_capture_on_commit_callbacks(execute=True):
        person = create_person(
            user=cast["officer"], data={"name": "Stefano Lo Russo", "name_zh": "羅魯索"}
        )
    assert found(search(cast["viewer"], "羅魯索")) == {("person", "Stefano Lo Russo（羅魯索）")}
    person = Person.objects.get(pk=person.pk)
    with django_capture_on_commit_callbacks(execute=True):
        update_person(
            user=cast["officer"],
            person=person,
            data={"name_zh": "盧索"},
            expected_version=person.version,
        )
    assert (search(cast["viewer"], "羅魯索").total, search(cast["viewer"], "盧索").total) == (0, 1)


def test_an_unchanged_record_is_not_written_again(seeded):
    from envoy.search.index import reindex

    assert reindex(missions=[seeded.mission_id]) == 0


def test_a_failing_index_write_never_undoes_the_save(
    cast, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    caplog.set_level("ERROR", logger="envoy.search.signals")
    from envoy.reports.services import create_mission_with_report as create_mission
    from envoy.search import index

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(index, "reindex", broken)
    with django_capture_on_commit_callbacks(execute=True):
        mission = create_mission(
            user=cast["owner"],
            title="赴首爾",
            start_date=dt.date(2026, 5, 1),
            end_date=dt.date(2026, 5, 3),
        )
    assert mission.pk is not None
    assert "Search index not updated" in caplog.text


def test_deferred_reindexes_in_batches_and_the_rest_on_the_way_out(
    db, monkeypatch, django_capture_on_commit_callbacks
):
    from envoy.search.signals import deferred, mark_mission

    calls = []
    monkeypatch.setattr(
        "envoy.search.index.reindex", lambda missions, relations: calls.append(sorted(missions))
    )
    with deferred(batch=2):
        for mission_id in (11, 12, 13):
            with django_capture_on_commit_callbacks(execute=True):
                mark_mission(mission_id)
        assert calls == [[11, 12]]
    assert calls == [[11, 12], [13]]
    # Outside, each commit is re-indexed as it happens again.
    with django_capture_on_commit_callbacks(execute=True):
        mark_mission(14)
    assert calls == [[11, 12], [13], [14]]


def test_an_archive_import_is_found_whole_once_it_ends(cast, tmp_path):
    """The import re-indexes in batches (signals.deferred); what is left is indexed as it
    ends, whatever the batch's size."""
    from django.core.management import call_command

    from tests.conftest import SEED

    text = SEED.read_text(encoding="utf-8")
    titles = [f"匯入測試{n}號出國報告" for n in range(3)]
    for n, title in enumerate(titles):
        (tmp_path / f"{n}.txt").write_text(
            text.replace("赴日本東京出席", f"{title}赴日本東京出席", 1), encoding="utf-8"
        )
    call_command(
        "import_archive", str(tmp_path), "--no-progress", "--log", str(tmp_path / "log.csv")
    )
    for title in titles:
        hits = search(cast["admin"], title).hits
        assert [(h.kind, [p.kind for p in h.parts]) for h in hits] == [("report", ["mission"])]


def test_a_change_on_the_admin_site_is_indexed_and_audited(
    seeded, cast, django_capture_on_commit_callbacks
):
    """The admin site saves through ``ModelAdmin.save_model``: indexed by the model signal,
    audited by ``AuditedAdmin`` with the mission, so the mission's history shows it."""
    from django.contrib import admin
    from django.test import RequestFactory

    from envoy.core.enums import AuditAction
    from envoy.core.models import AuditEntry
    from envoy.missions.models import Mission

    mission = seeded.mission
    model_admin = admin.site.get_model_admin(Mission)
    request = RequestFactory().post("/admin/")
    request.user = cast["admin"]
    form = model_admin.get_form(request, mission, change=True)(instance=mission)
    mission.title = "赴東京考察防災地下調節池"
    with django_capture_on_commit_callbacks(execute=True):
        model_admin.save_model(request, mission, form, change=True)
    assert found(search(cast["owner"], "地下調節池", filters={"kind": ["mission"]})) == {
        ("mission", "赴東京考察防災地下調節池")
    }
    entry = AuditEntry.objects.filter(action=AuditAction.ADMIN_CHANGED).get()
    assert (entry.mission_id, entry.user) == (mission.pk, cast["admin"])


WORD = "溫哥華防洪閘門"


def _rename_chapter(report, user):
    from envoy.reports.services import rename_chapter

    chapter = report.chapters.order_by("number").first()
    rename_chapter(user=user, chapter=chapter, title=WORD, expected_version=chapter.version)


def _add_chapter(report, user):
    from envoy.reports.services import add_chapter

    add_chapter(user=user, report=report, title=WORD)


def _add_block(report, user):
    from envoy.reports.services import add_block

    chapter = report.chapters.order_by("number").first()
    add_block(user=user, chapter=chapter, after=None, kind="paragraph", data={"text": WORD})


def _report_metadata(report, user):
    from envoy.reports.services import METADATA_FIELDS, update_report_metadata

    data = {name: getattr(report, name) for name in METADATA_FIELDS} | {"summary": WORD}
    update_report_metadata(user=user, report=report, data=data, expected_version=report.version)


def _day_heading(report, user):
    from envoy.missions.services import update_day

    day = report.mission.days.order_by("date").first()
    update_day(user=user, day=day, data={"heading": WORD}, expected_version=day.version)


def _item_text(report, user):
    from envoy.missions.models import ItineraryItem
    from envoy.missions.services import update_item

    item = ItineraryItem.objects.filter(day__mission=report.mission).first()
    update_item(user=user, item=item, data={"text": WORD}, expected_version=item.version)


def _new_day(report, user):
    from envoy.missions.services import add_day, update_mission

    mission = report.mission
    end = mission.end_date + dt.timedelta(days=1)
    update_mission(
        user=user, mission=mission, data={"end_date": end}, expected_version=mission.version
    )
    add_day(user=user, mission=mission, data={"date": end, "heading": WORD})


@pytest.mark.parametrize(
    "write, kind",
    [
        (_rename_chapter, "report"),
        (_add_chapter, "report"),
        (_add_block, "report"),
        (_report_metadata, "report"),
        (_day_heading, "mission"),
        (_item_text, "mission"),
        (_new_day, "mission"),
    ],
    ids=lambda value: getattr(value, "__name__", value).strip("_"),
)
def test_every_write_path_reindexes_at_commit(
    seeded, cast, django_capture_on_commit_callbacks, write, kind
):
    """Each service that writes a record's text — through save(), QuerySet.update (optimistic
    locking) or bulk writes — leaves it findable by its new words once the change commits."""
    assert search(cast["owner"], WORD).total == 0
    with django_capture_on_commit_callbacks(execute=True):
        write(seeded, cast["owner"])
    assert kind in {hit.kind for hit in search(cast["owner"], WORD).hits}
