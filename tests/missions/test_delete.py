"""Deleting a mission with its report, files and search entries: officers and administrators
only, after a confirmation, audited."""

import io

import pytest
from django.urls import reverse
from PIL import Image

from envoy.core.models import AuditEntry
from envoy.missions.models import Mission
from envoy.missions.services import delete_mission
from envoy.reports.models import Photo, SourceFile
from envoy.search.services import search
from tests.conftest import client_for


@pytest.fixture
def imported(mission_report, django_capture_on_commit_callbacks):
    """The seed with a photo in its first figure group, its files on disk, indexed."""
    from envoy.reports.enums import BlockKind
    from envoy.reports.photos import photo_from_document

    group = mission_report.chapters.get(number=2).blocks.filter(kind=BlockKind.FIGURES).first()
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(out, "JPEG")
    with django_capture_on_commit_callbacks(execute=True):
        photo_from_document(group, 0, out.getvalue(), "park.jpg")
        from envoy.search.signals import mark_mission

        mark_mission(mission_report.mission_id)
    return mission_report


def _files(report) -> list:
    photos = Photo.objects.filter(figure_group__chapter__report=report)
    paths = [p.image.path for p in photos] + [p.thumbnail.path for p in photos if p.thumbnail]
    return paths + [s.file.path for s in SourceFile.objects.filter(report=report)]


@pytest.mark.parametrize("who", ["officer", "admin"])
def test_an_officer_deletes_a_mission_with_its_report_files_and_search_entries(
    imported, cast, who, django_capture_on_commit_callbacks
):
    from pathlib import Path

    files = _files(imported)
    assert len(files) == 3 and all(Path(f).exists() for f in files)
    found = search(cast["admin"], "防災公園")
    # The mission and its report: one result, the report's, with the mission's part.
    assert [(h.kind, [p.kind for p in h.parts]) for h in found.hits] == [("report", ["mission"])]
    client = client_for(cast[who])
    url = reverse("missions:delete", args=[imported.mission_id])
    assert "無法復原" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302 and response["Location"] == reverse("missions:list")
    assert not Mission.objects.filter(pk=imported.mission_id).exists()
    assert [Path(f).exists() for f in files] == [False, False, False]
    assert search(cast["admin"], "防災公園").total == 0
    entry = AuditEntry.objects.get(action="mission.deleted")
    assert (entry.mission_id, entry.summary, entry.user) == (
        imported.mission_id,
        imported.mission.title,
        cast[who],
    )


@pytest.mark.parametrize("who", ["owner", "colleague", "outsider", "reviewer", "viewer"])
def test_others_may_not_delete_a_mission(imported, cast, who):
    response = client_for(cast[who]).post(reverse("missions:delete", args=[imported.mission_id]))
    # Those who may not open it are not told it exists; the others are refused.
    assert response.status_code == (404 if who == "outsider" else 403)
    assert Mission.objects.filter(pk=imported.mission_id).exists()


def test_an_anonymous_visitor_is_sent_to_sign_in(imported):
    response = client_for(None).post(reverse("missions:delete", args=[imported.mission_id]))
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert Mission.objects.filter(pk=imported.mission_id).exists()


def test_a_delete_that_fails_keeps_the_files(imported, cast, monkeypatch):
    from pathlib import Path

    files = _files(imported)

    def refuse(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(AuditEntry.objects, "create", refuse)
    with pytest.raises(RuntimeError):
        delete_mission(user=cast["officer"], mission=imported.mission)
    assert Mission.objects.filter(pk=imported.mission_id).exists()
    assert all(Path(f).exists() for f in files)


def test_people_met_stay_when_their_mission_is_deleted(imported, cast):
    from envoy.relations.models import Interaction, Person

    person = Person.objects.create(name="小池百合子")
    Interaction.objects.create(person=person, mission=imported.mission)
    delete_mission(user=cast["officer"], mission=imported.mission)
    assert list(Interaction.objects.filter(person=person).values_list("mission", flat=True)) == [
        None
    ]
