"""Officers and administrators link a profile to a user account (a traveller's profile made
from a report, to the colleague who signs in later), or undo a wrong link; audited; a user
with a profile already is refused."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from envoy.core.models import AuditEntry
from envoy.talent.enums import Visibility
from envoy.talent.models import StaffProfile
from envoy.talent.services import link_account
from tests.conftest import client_for, make_user


@pytest.fixture
def traveller(bureaus):
    return StaffProfile.objects.create(
        name="林志明", bureau=bureaus["works"], confirmed=False, visibility=Visibility.STAFF
    )


@pytest.mark.parametrize("who", ["officer", "admin"])
def test_an_officer_links_a_profile_to_a_user_on_its_page(cast, traveller, who):
    client = client_for(cast[who])
    page = client.get(f"/talent/{traveller.pk}/")
    text = page.content.decode()
    assert "連結帳號" in text and 'name="account"' in text
    # Who has a profile already is not offered.
    StaffProfile.objects.create(name="他人", user=cast["colleague"])
    text = client.get(f"/talent/{traveller.pk}/").content.decode()
    assert f'value="{cast["outsider"].pk}"' in text
    assert f'value="{cast["colleague"].pk}"' not in text

    answer = client.post(
        f"/talent/{traveller.pk}/link/", {"link": "", "account": cast["outsider"].pk}
    )
    assert answer.status_code == 302
    traveller.refresh_from_db()
    assert traveller.user == cast["outsider"]
    entry = AuditEntry.objects.get(action="talent.profile_linked")
    assert (entry.user, entry.details) == (cast[who], {"from": None, "to": cast["outsider"].pk})
    assert traveller.history.first().user == cast["outsider"]
    # Now theirs: they may change it.
    assert client_for(cast["outsider"]).get(f"/talent/{traveller.pk}/edit/").status_code == 200
    text = client.get(f"/talent/{traveller.pk}/").content.decode()
    assert "取消連結" in text and "outsider" in text


def test_a_user_who_has_a_profile_is_refused(cast, traveller):
    StaffProfile.objects.create(name="外人", user=cast["outsider"])
    client = client_for(cast["officer"])
    answer = client.post(
        f"/talent/{traveller.pk}/link/", {"link": "", "account": cast["outsider"].pk}, follow=True
    )
    assert "請選擇一個還沒有人才資料的使用者帳號。" in answer.content.decode()
    with pytest.raises(ValidationError) as refused:
        link_account(user=cast["officer"], profile=traveller, account=cast["outsider"])
    assert refused.value.messages == ["這位使用者已經有人才資料。"]
    traveller.refresh_from_db()
    assert traveller.user is None
    assert not AuditEntry.objects.filter(action="talent.profile_linked").exists()


def test_an_inactive_account_is_refused(cast, traveller):
    gone = make_user("gone", "editor", is_active=False)
    with pytest.raises(ValidationError):
        link_account(user=cast["officer"], profile=traveller, account=gone)


def test_an_officer_undoes_a_wrong_link(cast, traveller):
    link_account(user=cast["officer"], profile=traveller, account=cast["outsider"])
    answer = client_for(cast["officer"]).post(
        f"/talent/{traveller.pk}/link/", {"unlink": ""}, follow=True
    )
    assert "已取消人才資料與使用者帳號的連結。" in answer.content.decode()
    traveller.refresh_from_db()
    assert traveller.user is None
    details = [
        e.details for e in AuditEntry.objects.filter(action="talent.profile_linked").order_by("id")
    ]
    assert details == [
        {"from": None, "to": cast["outsider"].pk},
        {"from": cast["outsider"].pk, "to": None},
    ]
    # Linking it again to someone else is fine now.
    link_account(user=cast["officer"], profile=traveller, account=cast["colleague"])
    assert StaffProfile.objects.get(pk=traveller.pk).user == cast["colleague"]


@pytest.mark.parametrize("who", ["owner", "colleague", "outsider", "reviewer", "viewer"])
def test_only_officers_and_administrators_link(cast, traveller, who):
    client = client_for(cast[who])
    assert "連結帳號" not in client.get(f"/talent/{traveller.pk}/").content.decode()
    answer = client.post(f"/talent/{traveller.pk}/link/", {"account": cast[who].pk})
    assert answer.status_code == 403
    with pytest.raises(PermissionDenied):
        link_account(user=cast[who], profile=traveller, account=cast[who])
    assert StaffProfile.objects.get(pk=traveller.pk).user is None


def test_the_owner_of_a_linked_profile_cannot_unlink_it(cast, traveller):
    link_account(user=cast["officer"], profile=traveller, account=cast["outsider"])
    answer = client_for(cast["outsider"]).post(f"/talent/{traveller.pk}/link/", {"unlink": ""})
    assert answer.status_code == 403
    assert StaffProfile.objects.get(pk=traveller.pk).user == cast["outsider"]


@pytest.mark.parametrize("users", [1, 5])
def test_the_profile_page_with_the_link_control_takes_fixed_queries(
    cast, traveller, users, django_assert_max_num_queries
):
    for n in range(users):
        make_user(f"extra{n}", "editor")
    client = client_for(cast["officer"])
    with django_assert_max_num_queries(13):
        page = client.get(f"/talent/{traveller.pk}/")
    assert page.content.decode().count('<option value="') >= users + 6
