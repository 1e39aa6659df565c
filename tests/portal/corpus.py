"""The words of the archive's test corpus, and how its records are made."""

import datetime as dt
import io

# Words that must never reach the public, where each is written.
UNPUBLISHED = {
    status: f"Unpub{status.capitalize()}Marker"
    for status in ("draft", "submitted", "returned", "approved")
}
RESTRICTED_TEXT = "RestrictedParagraphMarker"
RESTRICTED_CHAPTER = "RestrictedChapterMarker"
RESTRICTED_CAPTION = "RestrictedCaptionMarker"
PERSON_EMAIL = "contact-marker@example.org"
PERSON_PHONE = "0912-345-678"
PERSON_NOTES = "PersonNotesMarker"
ORGANISATION_NOTES = "OrganisationNotesMarker"
NEVER_SHOWN = [
    *UNPUBLISHED.values(),
    RESTRICTED_TEXT,
    RESTRICTED_CHAPTER,
    RESTRICTED_CAPTION,
    PERSON_EMAIL,
    PERSON_PHONE,
    PERSON_NOTES,
    ORGANISATION_NOTES,
]
# A word of a published report's text: found, so that the checks above are not vacuous.
PUBLISHED_TEXT = "PublishedParagraphMarker"


def png(colour=(200, 40, 40)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(out, "PNG")
    return out.getvalue()


def make_report(
    title: str,
    *,
    status: str = "published",
    paragraphs: list[str] = (),
    start: dt.date = dt.date(2025, 3, 10),
    region: str = "",
    agency: str = "",
    subject: str = "",
    policy: str = "",
    bureau=None,
):
    """A mission and its report with one chapter (過程) of ``paragraphs``."""
    from envoy.core.lib.places import settle_places
    from envoy.missions.models import DelegationMember, Mission
    from envoy.reports.models import Block, Chapter, Report

    mission = Mission.objects.create(
        title=f"{title}計畫",
        start_date=start,
        end_date=start + dt.timedelta(days=4),
        host_agency=agency,
        # Stored as the services store them: ISO codes (韓國 → KR).
        destination_countries=settle_places([], region),
        bureau=bureau,
        visited_agencies=f"{title}參訪機關",
    )
    DelegationMember.objects.create(
        mission=mission, name=f"{title}團員", agency=agency, unit="國際科", title="科長"
    )
    report = Report.objects.create(
        mission=mission,
        title=title,
        status=status,
        summary=f"{title}摘要",
        keywords=[f"{title}關鍵詞"],
        subject_category=subject,
        policy_category=policy,
        report_date=start + dt.timedelta(days=30),
    )
    chapter = Chapter.objects.create(report=report, number=1, title="過程")
    for n, text in enumerate(paragraphs):
        Block.objects.create(chapter=chapter, position=n, kind="paragraph", text=text)
    return report


def index_everything():
    from envoy.search.index import rebuild

    return rebuild()
