"""An in-place (htmx) request that fails keeps what was typed on screen and says why: a
session that ended answers 401 instead of redirecting htmx to the sign-in page."""

from django.urls import reverse

from envoy.reports.models import Block

from ..conftest import client_for

HTMX = {"HX-Request": "true"}


def block_edit_url(report):
    block = Block.objects.filter(chapter__report=report, kind="paragraph").first()
    return reverse("reports:block_edit", args=[report.pk, block.pk]), block


def test_a_signed_out_htmx_save_answers_401_and_changes_nothing(mission_report):
    url, block = block_edit_url(mission_report)
    response = client_for(None).post(url, {"text": "新的文字", "version": 1}, headers=HTMX)
    assert (response.status_code, response.content) == (401, b"")
    block.refresh_from_db()
    assert block.text != "新的文字"


def test_a_signed_out_page_request_is_still_sent_to_sign_in(mission_report):
    url, _ = block_edit_url(mission_report)
    response = client_for(None).get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


def test_a_signed_in_htmx_request_is_answered_as_before(mission_report, cast):
    url, _ = block_edit_url(mission_report)
    response = client_for(cast["owner"]).get(url, headers=HTMX)
    assert response.status_code == 200
    assert "<form" in response.content.decode()


def test_other_redirects_of_htmx_requests_are_left_alone(cast):
    # The sign-in page sends someone already signed in on to the home page.
    response = client_for(cast["owner"]).get("/accounts/login/", headers=HTMX)
    assert response.status_code == 302


def test_every_page_carries_the_messages_in_the_users_language(cast):
    html = client_for(cast["owner"]).get("/missions/").content.decode()
    assert 'id="request-error" role="alert" hidden' in html
    assert 'data-status-401="您已登出（或登入已逾時），這個動作沒有完成。' in html
    assert 'data-status-404="找不到這個項目，可能已被其他人刪除。' in html
    cast["owner"].language = "en"
    cast["owner"].save()
    html = client_for(cast["owner"]).get("/missions/").content.decode()
    assert "您已登出" not in html
    assert 'data-status-401="You have been signed out' in html
