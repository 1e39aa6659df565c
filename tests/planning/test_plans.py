"""The trip plan (出國計畫): made with its mission and no report; edited while a draft or
returned; refused for submission while incomplete; approved or returned by the approver
roles (ENVOY_APPROVER_ROLES); approval adds the report; the approved plan against what the
mission records; the plan document in PDF, ODT and DOCX."""

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pypdfium2
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from envoy.core.lib.locking import EditConflict
from envoy.core.models import AuditEntry
from envoy.missions.models import DelegationMember, ItineraryDay
from envoy.planning import plans, printing
from envoy.planning.enums import PlanStatus
from envoy.planning.models import ExchangeRate, TripPlan
from envoy.reports.models import Report
from tests.conftest import client_for

START, END = dt.date(2026, 4, 26), dt.date(2026, 4, 30)


def new_plan(user, **plan_fields):
    return plans.create_plan(
        user=user,
        mission_fields={
            "title": "出席 2026 G-NETS 首長高峰會",
            "start_date": START,
            "end_date": END,
            "destination_countries": ["日本"],
            "destination_cities": ["東京"],
        },
        plan_fields={
            "purpose": "出席高峰會並考察防災公園。",
            "funding_source": "秘書處 國際交流業務—國外旅費",
            **plan_fields,
        },
    )


def ready(plan, *, travellers=("祝惠美", "林小明")):
    for n, name in enumerate(travellers):
        DelegationMember.objects.create(
            mission=plan.mission, name=name, agency="新北市政府", unit="秘書處", position=n
        )
    plans.save_budget(
        user=plan.mission.created_by,
        plan=plan,
        rows=[
            {"kind": "airfare", "description": "臺北—東京來回", "amount_twd": 36000},
            {"kind": "per_diem", "description": "", "amount_twd": 83590},
        ],
        expected_version=plan.version,
    )
    plan.refresh_from_db()
    return plan


@pytest.fixture
def plan(cast):
    return new_plan(cast["owner"])


def test_a_plan_is_a_mission_without_a_report_until_approved(plan, cast):
    assert plan.status == PlanStatus.DRAFT
    assert plan.mission.destination_countries == ["JP"]
    assert not Report.objects.filter(mission=plan.mission).exists()
    assert AuditEntry.objects.filter(action="plan.created", mission_id=plan.mission_id).exists()


def test_submission_names_what_is_missing(plan, cast):
    with pytest.raises(ValidationError) as refused:
        plans.submit_plan(user=cast["owner"], plan=plan, expected_version=plan.version)
    assert "出國人員" in refused.value.messages[0] and "經費概算" in refused.value.messages[0]
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_the_whole_way_to_approval_adds_the_report(plan, cast):
    plan = ready(plan)
    plans.submit_plan(user=cast["owner"], plan=plan, expected_version=plan.version)
    assert plan.status == PlanStatus.SUBMITTED
    assert plan.submitted["total_twd"] == 119590
    assert [t["name"] for t in plan.submitted["travellers"]] == ["祝惠美", "林小明"]
    # Submitted: no more changes by the bureau, no decision by the bureau either.
    assert not plans.can_edit_plan(cast["owner"], plan)
    with pytest.raises(PermissionDenied):
        plans.decide_plan(user=cast["owner"], plan=plan, approve=True, expected_version=2)
    plans.decide_plan(user=cast["reviewer"], plan=plan, approve=True, expected_version=plan.version)
    assert plan.status == PlanStatus.APPROVED and plan.approved["total_twd"] == 119590
    report = Report.objects.get(mission=plan.mission)
    assert report.status == "draft" and report.chapters.count() == 4


def test_returning_asks_why_and_opens_the_plan_again(plan, cast):
    plan = ready(plan)
    plans.submit_plan(user=cast["owner"], plan=plan, expected_version=plan.version)
    with pytest.raises(ValidationError):
        plans.decide_plan(
            user=cast["reviewer"], plan=plan, approve=False, expected_version=plan.version
        )
    plans.decide_plan(
        user=cast["reviewer"],
        plan=plan,
        approve=False,
        comment="機票費請附估價單。",
        expected_version=plan.version,
    )
    assert plan.status == PlanStatus.RETURNED
    assert plans.can_edit_plan(cast["owner"], plan)
    assert not Report.objects.filter(mission=plan.mission).exists()


def test_approver_roles_are_a_setting(plan, cast, settings):
    plan = ready(plan)
    plans.submit_plan(user=cast["owner"], plan=plan, expected_version=plan.version)
    settings.ENVOY_APPROVER_ROLES = ["officer"]
    assert not plans.can_decide_plan(cast["reviewer"], plan)
    assert plans.can_decide_plan(cast["officer"], plan)
    # An editor is never an approver: approvers must see every mission.
    settings.ENVOY_APPROVER_ROLES = ["editor"]
    assert not plans.can_decide_plan(cast["owner"], plan)


def test_an_older_form_is_refused(plan, cast):
    plans.update_plan(
        user=cast["owner"], plan=plan, data={"purpose": "新的目的"}, expected_version=1
    )
    with pytest.raises(EditConflict):
        plans.update_plan(
            user=cast["colleague"], plan=plan, data={"purpose": "另一個目的"}, expected_version=1
        )
    plan.refresh_from_db()
    assert plan.purpose == "新的目的"


def test_other_bureaus_cannot_touch_it(plan, cast):
    assert not plans.can_edit_plan(cast["outsider"], plan)
    with pytest.raises(PermissionDenied):
        plans.update_plan(
            user=cast["outsider"], plan=plan, data={"purpose": "x"}, expected_version=1
        )


def test_comparison_names_what_departed_from_the_approved_plan(plan, cast):
    plan = ready(plan)
    plans.submit_plan(user=cast["owner"], plan=plan, expected_version=plan.version)
    plans.decide_plan(user=cast["reviewer"], plan=plan, approve=True, expected_version=plan.version)
    kept = plans.comparison(plan)
    assert kept.kept and [row.kept for row in kept.rows] == [True] * 5
    # The trip ran a day longer, one traveller stayed home, another went, and it cost more.
    mission = plan.mission
    mission.end_date = END + dt.timedelta(days=1)
    mission.save()
    DelegationMember.objects.filter(mission=mission, name="林小明").delete()
    DelegationMember.objects.create(mission=mission, name="陳大文", position=5)
    plans.save_budget(
        user=cast["owner"],
        plan=plan,
        rows=[
            {"id": line.pk, "actual_twd": line.amount_twd + 5000}
            for line in plan.budget_lines.all()
        ],
        expected_version=plan.version,
    )
    result = plans.comparison(plan)
    assert [row.label for row in result.departures] == ["出國期間", "出國人員", "經費"]
    travellers = result.departures[1]
    assert "計畫外：陳大文" in travellers.notes and "未成行：林小明" in travellers.notes
    assert "超出核定經費新臺幣 10,000 元" in result.departures[2].notes


def test_before_approval_there_is_nothing_to_compare(plan):
    assert plans.comparison(plan) is None


def test_per_diem_fills_the_budget_line(plan, cast):
    plan = ready(plan)
    ItineraryDay.objects.create(mission=plan.mission, date=START, countries=["JP"], places=["東京"])
    ExchangeRate.objects.create(date=START - dt.timedelta(days=1), twd_per_usd=Decimal("32.5"))
    # 4 nights at Tokyo's US$299 and 30 % on the day of return: US$1,286 = NT$41,795 a head.
    assert plans.per_diem_estimate(plan) == 41795 * 2
    response = client_for(cast["owner"]).post(
        reverse("plans:detail", args=[plan.mission_id]),
        {
            "fill_per_diem": "1",
            "version": plan.version,
            "budget-TOTAL_FORMS": "1",
            "budget-INITIAL_FORMS": "0",
            "budget-0-kind": "airfare",
            "budget-0-description": "機票",
            "budget-0-amount_twd": "36000",
        },
    )
    assert response.status_code == 302
    lines = {line.kind: line.amount_twd for line in plan.budget_lines.all()}
    assert lines == {"airfare": 36000, "per_diem": 83590}


def pdf_text(data: bytes) -> str:
    pdf = pypdfium2.PdfDocument(data)
    return "".join(page.get_textpage().get_text_range() for page in pdf)


@pytest.mark.parametrize("fmt", ["pdf", "odt", "docx"])
def test_the_plan_document_prints_what_the_plan_says(plan, cast, fmt):
    plan = ready(plan)
    response = client_for(cast["viewer"]).get(reverse("plans:print", args=[plan.mission_id, fmt]))
    assert response.status_code == 200
    assert response["Content-Type"] == printing.CONTENT_TYPES[fmt]
    data = b"".join(response.streaming_content) if response.streaming else response.content
    if fmt == "pdf":
        text = pdf_text(data)
    else:
        inner = "content.xml" if fmt == "odt" else "word/document.xml"
        text = zipfile.ZipFile(io.BytesIO(data)).read(inner).decode()
    for words in ["出國計畫書", "出席 2026 G-NETS 首長高峰會", "日本（東京）", "祝惠美",
                  "臺北—東京來回", "119,590", "經費來源（預算科目）：秘書處"]:  # fmt: skip
        assert words in text, (fmt, words)


def test_an_unknown_format_is_not_found(plan, cast):
    response = client_for(cast["owner"]).get(f"/plans/{plan.mission_id}/plan.exe")
    assert response.status_code == 404


def test_pages_through_the_browser_client(cast, bureaus):
    owner = client_for(cast["owner"])
    response = owner.post(
        reverse("plans:create"),
        {
            "title": "考察首爾智慧城市",
            "start_date": "115/9/14",
            "end_date": "115/9/18",
            "destination_countries": "韓國",
            "destination_cities": "首爾",
            "category": "inspection",
            "purpose": "考察智慧城市。",
            "funding_source": "資訊中心 業務費",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    plan = TripPlan.objects.select_related("mission").get(mission__title="考察首爾智慧城市")
    assert plan.mission.destination_countries == ["KR"]
    page = owner.get(reverse("plans:detail", args=[plan.mission_id]))
    assert page.status_code == 200
    assert "送審前尚缺" in page.content.decode()
    # An empty submission is refused with the list of what is missing, not an error page.
    refused = owner.post(reverse("plans:submit", args=[plan.mission_id]), {"version": 1})
    assert refused.status_code == 422 and "出國計畫尚缺" in refused.content.decode()
    listing = client_for(cast["reviewer"]).get(reverse("plans:list"))
    assert "考察首爾智慧城市" in listing.content.decode()
    # Other bureaus do not see it.
    assert (
        client_for(cast["outsider"])
        .get(reverse("plans:detail", args=[plan.mission_id]))
        .status_code
        == 404
    )


def test_the_review_page_holds_the_trip_against_its_plan(plan, cast):
    plan = ready(plan)
    plans.submit_plan(user=cast["owner"], plan=plan, expected_version=plan.version)
    plans.decide_plan(user=cast["reviewer"], plan=plan, approve=True, expected_version=plan.version)
    DelegationMember.objects.filter(mission=plan.mission, name="林小明").delete()
    report = Report.objects.get(mission=plan.mission)
    page = client_for(cast["reviewer"]).get(reverse("reports:workflow", args=[report.pk]))
    html = page.content.decode()
    assert "與核定的出國計畫比較" in html and "未成行：林小明" in html


def test_a_report_without_a_plan_has_no_comparison(mission_report, cast):
    page = client_for(cast["reviewer"]).get(reverse("reports:workflow", args=[mission_report.pk]))
    assert page.status_code == 200 and "與核定的出國計畫比較" not in page.content.decode()


def test_the_home_page_lists_the_plans_at_hand(plan, cast):
    assert "尚未送審的出國計畫" in client_for(cast["owner"]).get("/").content.decode()
    assert "出國計畫" not in client_for(cast["outsider"]).get("/").content.decode().split(
        "<main", 1
    )[1].split("</main>")[0].replace("出國計畫</a>", "")
    plan = ready(plan)
    plans.submit_plan(user=cast["owner"], plan=plan, expected_version=plan.version)
    html = client_for(cast["reviewer"]).get("/").content.decode()
    assert "待核定的出國計畫" in html and plan.mission.title in html


def test_the_command_prints_the_plan_and_writes_its_document(plan, cast, capsys, tmp_path):
    import json

    from django.core.management import CommandError, call_command

    plan = ready(plan)
    call_command("trip_plan", str(plan.mission_id), "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["status"] == "draft" and data["plan"]["total_twd"] == 119590
    assert data["missing"] == [] and data["comparison"] is None
    plans.submit_plan(user=cast["owner"], plan=plan, expected_version=plan.version)
    plans.decide_plan(user=cast["reviewer"], plan=plan, approve=True, expected_version=plan.version)
    call_command("trip_plan", str(plan.mission_id), "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["comparison"]["kept"] is True and len(data["comparison"]["rows"]) == 5
    out = tmp_path / "plan.docx"
    call_command("trip_plan", str(plan.mission_id), "--format", "docx", "-o", str(out))
    assert out.stat().st_size > 1000
    with pytest.raises(CommandError):
        call_command("trip_plan", "999999")


def test_the_plan_pages_keep_their_queries_fixed(plan, cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    plan = ready(plan, travellers=("祝惠美",))
    client = client_for(cast["owner"])
    url = reverse("plans:detail", args=[plan.mission_id])
    listing = reverse("plans:list")
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as few_listed:
        client.get(listing)
    for n in range(4):
        DelegationMember.objects.create(mission=plan.mission, name=f"隨員{n}", position=n + 1)
        ItineraryDay.objects.create(mission=plan.mission, date=START + dt.timedelta(days=n))
    plan.budget_lines.create(kind="gifts", amount_twd=3000, position=5)
    ready(new_plan(cast["owner"], purpose="另一個計畫"))
    with CaptureQueriesContext(connection) as more:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as more_listed:
        client.get(listing)
    assert len(more) == len(few) and len(more_listed) == len(few_listed)
    # Approved, with the comparison on the page.
    plans.submit_plan(user=cast["owner"], plan=plan, expected_version=plan.version)
    plans.decide_plan(user=cast["reviewer"], plan=plan, approve=True, expected_version=plan.version)
    with CaptureQueriesContext(connection) as approved:
        assert client.get(url).status_code == 200
    DelegationMember.objects.create(mission=plan.mission, name="計畫外", position=9)
    with CaptureQueriesContext(connection) as approved_more:
        assert client.get(url).status_code == 200
    assert len(approved) == len(approved_more)
    # The comparison reads the travellers and budget lines the page has already read.
    assert len(approved) == len(few)


def test_amounts_on_the_plan_pages_are_grouped_in_thousands(plan, cast):
    plan = ready(plan)
    client = client_for(cast["owner"])
    url = reverse("plans:detail", args=[plan.mission_id])
    assert "NT$119,590" in client.get(url).content.decode()
    # Submitted, the lines are read, not edited.
    plans.submit_plan(user=cast["owner"], plan=plan, expected_version=plan.version)
    page = client.get(url).content.decode()
    assert ">36,000<" in page and ">83,590<" in page and "NT$119,590" in page
    listing = client.get(reverse("plans:list")).content.decode()
    # Once, whatever the number of travellers (two here).
    assert "NT$119,590" in listing
