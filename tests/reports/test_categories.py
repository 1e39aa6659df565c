"""The official code lists (主題分類, 施政分类): kept by administrators, loaded from CSV,
offered as pickers, and met by reports' text without losing it (reports/categories.py)."""

import importlib
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from envoy.reports import categories
from envoy.reports.enums import CategoryKind
from envoy.reports.models import CategoryCode, Report
from envoy.reports.services import export_report, update_report_metadata
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

SUBJECT, POLICY = CategoryKind.SUBJECT, CategoryKind.POLICY


@pytest.fixture(autouse=True)
def no_seeded_policy_list():
    """The tests below start from their own 施政分類 list."""
    CategoryCode.objects.filter(kind=CategoryKind.POLICY).delete()


POLICY_CSV = """code,name,parent,position,active
A,工務,,1,
A1,道路工程,A,1,
A2,下水道,A,2,
B,國際交流,,2,
B1,城市外交,B,1,
C,舊分類,,3,0
"""


def load(text: str = POLICY_CSV, **kwargs) -> dict:
    return categories.import_csv(POLICY, text, **kwargs)


def test_the_top_levels_are_seeded_for_both_lists():
    # Run the data migration's step again: a transactional test earlier in the session
    # empties the tables the migrations filled.
    from django.apps import apps

    seeding = importlib.import_module("envoy.reports.migrations.0007_seed_category_top_levels")
    CategoryCode.objects.all().delete()
    seeding.seed(apps, None)
    assert CategoryCode.objects.filter(kind=SUBJECT, parent=None, active=True).count() == 16
    assert CategoryCode.objects.filter(kind=POLICY, parent=None, active=True).count() == 20
    assert categories.match(POLICY, "工務").code == "P06"


def test_a_csv_list_loads_as_a_tree_in_reading_order():
    assert load() == {"added": 6, "changed": 0, "retired": 0}
    assert [(e.code, e.path, e.depth) for e in categories.entries(POLICY)] == [
        ("A", "工務", 0),
        ("A1", "工務 › 道路工程", 1),
        ("A2", "工務 › 下水道", 1),
        ("B", "國際交流", 0),
        ("B1", "國際交流 › 城市外交", 1),
    ]


def test_loading_again_changes_by_code_and_replace_retires_the_rest():
    load()
    changed = POLICY_CSV.replace("A2,下水道", "A2,雨水下水道")
    assert load(changed) == {"added": 0, "changed": 1, "retired": 0}
    # A1, A2, B, B1; C was retired already
    assert load("code,name\nA,工務\n", replace=True)["retired"] == 4
    assert [e.code for e in categories.entries(POLICY)] == ["A"]
    assert CategoryCode.objects.get(kind=POLICY, code="A2").name == "雨水下水道"  # kept


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name\n工務\n", "missing columns: code"),
        ("code,name\nA,\n", "line 2: a code and a name are needed"),
        ("code,name,parent\nA,工務,Z\n", "line 2: no entry with the code Z"),
        ("code,name,position\nA,工務,first\n", "line 2: position must be a number"),
        ("code,name,parent\nA,工務,A\n", "line 2: an entry cannot be its own parent"),
    ],
)
def test_a_csv_row_that_cannot_be_read_is_named_and_nothing_is_loaded(text, message):
    before = CategoryCode.objects.count()
    with pytest.raises(ValueError) as refused:
        load(text)
    assert str(refused.value) == message
    assert CategoryCode.objects.count() == before


def test_the_command_loads_a_file_and_says_what_changed(tmp_path):
    path = tmp_path / "施政分類.csv"
    path.write_text("\ufeff" + POLICY_CSV, encoding="utf-8")
    out = io.StringIO()
    call_command("import_category_codes", "policy", str(path), stdout=out)
    assert out.getvalue().strip() == "6 added, 0 changed, 0 retired"
    with pytest.raises(CommandError):
        call_command("import_category_codes", "policy", str(tmp_path / "none.csv"))


@pytest.mark.parametrize(
    ("text", "filed"),
    [
        ("道路工程", "道路工程"),
        ("  道路工程 ", "道路工程"),
        ("A1", "道路工程"),
        ("工務/道路工程", "道路工程"),
        ("工務 › 道路工程", "道路工程"),
        ("国际交流", "國際交流"),  # Simplified
        ("舊分類", "舊分類"),  # retired, still known
        ("智慧城市", "智慧城市"),  # not on the list: kept as given
        ("", ""),
    ],
)
def test_a_text_is_filed_under_the_entry_it_names_or_kept(text, filed):
    load()
    assert categories.filed_as(POLICY, text) == filed


def test_a_text_on_no_list_is_flagged():
    load()
    assert [categories.unlisted(POLICY, t) for t in ("智慧城市", "道路工程", "", "A1")] == [
        True,
        False,
        False,
        False,
    ]


def test_the_editing_form_offers_the_tree_and_keeps_an_unlisted_text(mission_report, cast):
    load()
    Report.objects.filter(pk=mission_report.pk).update(policy_category="智慧城市")
    page = client_for(cast["owner"]).get(reverse("reports:edit", args=[mission_report.pk]))
    html = page.content.decode()
    import lxml.html

    tree = lxml.html.fromstring(html)
    options = tree.xpath("//select[@name='policy_category']/option")
    labels = [o.text_content() for o in options]
    assert labels[:3] == ["—", "工務", "\u3000道路工程"]
    assert labels[-1] == "智慧城市（不在分類表中）"
    assert tree.xpath("string(//select[@name='policy_category']/option[@selected]/@value)") == (
        "智慧城市"
    )
    assert tree.xpath("string(//option[@value='道路工程']/@data-search)") == "A1 工務 › 道路工程"
    assert "「智慧城市」不在分類表中：請從清單選擇，或保留原文。" in html


def test_saving_the_form_files_the_choice_and_refuses_a_name_off_the_list(mission_report, cast):
    load()
    client = client_for(cast["owner"])
    url = reverse("reports:edit", args=[mission_report.pk])
    data = {"title": "t", "version": 1, "subject_category": "", "policy_category": "下水道"}
    assert client.post(url, data).status_code == 302
    assert Report.objects.get(pk=mission_report.pk).policy_category == "下水道"
    data |= {"policy_category": "自己編的", "version": 2}
    response = client.post(url, data)
    assert response.status_code == 200
    assert list(response.context["metadata_form"].errors) == ["policy_category"]


def test_a_service_call_files_a_code_under_its_name(mission_report, cast):
    load()
    data = {name: getattr(mission_report, name) for name in ("title", "keywords", "summary")}
    data |= {"report_date": None, "page_count": None, "portal_id": ""}
    data |= {"subject_category": "我們的主題", "policy_category": "B1"}
    report = update_report_metadata(
        user=cast["owner"], report=mission_report, data=data, expected_version=1
    )
    assert (report.subject_category, report.policy_category) == ("我們的主題", "城市外交")


def test_a_json_file_round_trips_both_a_listed_and_an_unlisted_text(seed_report, tmp_path):
    load()
    Report.objects.filter(pk=seed_report.pk).update(
        subject_category="自訂主題", policy_category="城市外交"
    )
    path = tmp_path / "report.json"
    path.write_bytes(export_report(seed_report.pk, "json"))
    out = io.StringIO()
    call_command("import_report", str(path), "--json", stdout=out)
    again = Report.objects.get(pk=json.loads(out.getvalue())["id"])
    assert (again.subject_category, again.policy_category) == ("自訂主題", "城市外交")
