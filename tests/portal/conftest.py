"""A small archive for the portal's tests: published reports (the seed among them, with
classified blocks), reports in every other status, and a contact with personal details —
each thing the public must never see carrying a marker word of its own (corpus.py)."""

import datetime as dt

import pytest

from tests.conftest import SEED

from .corpus import (
    ORGANISATION_NOTES,
    PERSON_EMAIL,
    PERSON_NOTES,
    PERSON_PHONE,
    PUBLISHED_TEXT,
    RESTRICTED_CAPTION,
    RESTRICTED_CHAPTER,
    RESTRICTED_TEXT,
    UNPUBLISHED,
    index_everything,
    make_report,
    png,
)


@pytest.fixture(autouse=True)
def fresh_facet_columns():
    """Each test has a database of its own: no facet columns kept from an earlier one."""
    from envoy.search import facets

    facets.forget()
    yield
    facets.forget()


@pytest.fixture
def archive(cast, bureaus):
    """The seed published with classified parts, two more published reports, one report in
    each other status, and a contact with personal details; the search index built."""
    from envoy.relations.models import Organisation, Person
    from envoy.reports.models import Block, Chapter, Report
    from envoy.reports.photos import photo_from_document
    from envoy.reports.services import import_report_file

    seed = import_report_file(SEED, user=cast["owner"], bureau=bureaus["secretariat"]).report
    Report.objects.filter(pk=seed.pk).update(
        status="published",
        subject_category="環境保護",
        policy_category="國際交流",
        portal_id="C11500123",
        page_count=24,
    )
    chapters = {c.number: c for c in Chapter.objects.filter(report=seed)}
    paragraphs = Block.objects.filter(chapter=chapters[2], kind="paragraph").order_by("position")
    published, classified = paragraphs[0], paragraphs[1]
    Block.objects.filter(pk=published.pk).update(text=f"{published.text}{PUBLISHED_TEXT}")
    Block.objects.filter(pk=classified.pk).update(
        text=f"{RESTRICTED_TEXT} 東京防災機密段落", restricted=True
    )
    # The whole of chapter 3 (心得) classified.
    Block.objects.filter(chapter=chapters[3]).update(restricted=True)
    Block.objects.filter(pk=Block.objects.filter(chapter=chapters[3]).first().pk).update(
        text=RESTRICTED_CHAPTER
    )
    groups = list(Block.objects.filter(chapter__report=seed, kind="figures").order_by("position"))
    shown, hidden = groups[0], groups[1]
    photo_from_document(shown, 0, png((30, 120, 200)), "shown.png")
    Block.objects.filter(pk=hidden.pk).update(text=RESTRICTED_CAPTION, restricted=True)
    hidden_photo = photo_from_document(hidden, 0, png((10, 10, 10)), "hidden.png")

    others = [
        make_report(
            "首爾智慧城市考察報告",
            paragraphs=["首爾智慧交通與東京比較。"],
            start=dt.date(2025, 9, 1),
            region="韓國",
            agency="新北市政府經濟發展局",
            subject="經濟發展",
            policy="智慧城市",
        ),
        make_report(
            "柏林再生能源研習報告",
            paragraphs=["柏林能源轉型。"],
            start=dt.date(2024, 5, 20),
            region="德國",
            agency="新北市政府環境保護局",
            subject="環境保護",
            policy="能源",
        ),
    ]
    hidden_reports = {
        status: make_report(
            f"{marker}東京報告",
            status=status,
            paragraphs=[f"{marker}東京內文。"],
            start=dt.date(2023, 1, 5),
            region=f"{marker}地區",
            agency=f"{marker}機關",
            subject=f"{marker}主題",
            policy=f"{marker}施政",
            bureau=bureaus["secretariat"],
        )
        for status, marker in UNPUBLISHED.items()
    }
    organisation = Organisation.objects.create(name="東京都政府", notes=ORGANISATION_NOTES)
    person = Person.objects.create(
        name="東京都知事",
        email=PERSON_EMAIL,
        phone=PERSON_PHONE,
        notes=PERSON_NOTES,
        country="JP",
    )
    index_everything()
    return {
        "seed": Report.objects.get(pk=seed.pk),
        "published": [Report.objects.get(pk=seed.pk), *others],
        "hidden": hidden_reports,
        "hidden_photo": hidden_photo,
        "restricted_block": classified,
        "person": person,
        "organisation": organisation,
    }
