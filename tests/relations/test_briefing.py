"""The briefing pack for a planned mission to Tokyo, built on the seed's earlier mission."""

import datetime as dt
import re

import pypdfium2 as pdfium
import pytest
from django.urls import reverse
from django.utils import timezone

from envoy.relations import services
from envoy.relations.briefing import briefing_for
from envoy.relations.enums import AgreementKind, OrganisationKind
from envoy.relations.models import SiteVisit
from envoy.reports.services import create_mission_with_report as create_mission
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

START = dt.date(2027, 5, 10)
LESSON_POINTS = [
    "強化韌性城市論述，輸出「新北模式」治理經驗",
    "科技驅動永續轉型，實地考察未來城市願景",
    "深化多邊國際連結，拓展城市外交實質效益",
    "借鏡國際活動籌辦，提升本市接待與品牌軟實力",
]
RECOMMENDATION_POINTS = ["積極參與國際組織活動", "國際事務人才培育精進", "深化國際城市交流"]


@pytest.fixture
def history(cast, bureaus, mission_report):
    """Tokyo as the city knows it after the seed's mission, and a second trip planned.

    - cities: 東京 (G-NETS and C40) and our own 新北市 (G-NETS), and 里加;
    - people: the Governor and a Vice Governor of Tokyo (東京都), a Tokyo architect with no
      meeting yet, a Deputy Mayor of Riga;
    - meetings: both Tokyo officials on the seed's mission (the vice governor with an
      overdue follow-up and one due later, one done), the governor again on a public-works
      mission the secretariat's editors may not open;
    - agreements: one in force, one ended, one signed after the trip starts;
    - a site visit with its lesson.
    """
    officer = cast["officer"]
    earlier = mission_report.mission
    planned = create_mission(
        user=cast["owner"],
        title="赴日本東京出席 2027 G-NETS 首長高峰會",
        start_date=START,
        end_date=dt.date(2027, 5, 14),
        destination_countries=["日本"],
        destination_cities=["東京"],
        host_agency="新北市政府秘書處",
    )
    works = create_mission(
        user=cast["outsider"],
        title="工務局赴東京考察下水道",
        start_date=dt.date(2025, 10, 1),
        end_date=dt.date(2025, 10, 3),
        destination_cities=["東京"],
    )
    tokyo = services.get_or_create_city(
        user=officer,
        name="東京",
        country="JP",
        name_en="Tokyo",
        latitude=35.6895,
        longitude=139.69171,
        timezone="Asia/Tokyo",
    )
    home = services.get_or_create_city(user=officer, name="新北市", country="TW")
    riga = services.get_or_create_city(user=officer, name="里加", country="LV")
    gnets = services.get_or_create_network(
        user=officer, name="全球城市永續網絡", abbreviation="G-NETS", founded_year=2022
    )
    c40 = services.get_or_create_network(user=officer, name="C40 城市氣候領導聯盟")
    services.join_network(user=officer, network=gnets, city=tokyo, since_year=2022)
    services.join_network(user=officer, network=gnets, city=home, since_year=2023)
    services.join_network(user=officer, network=c40, city=tokyo, since_year=2006)
    tmg = services.get_or_create_organisation(
        user=officer, name="東京都", city=tokyo, kind=OrganisationKind.CITY_GOVERNMENT
    )

    def person(data, title=None):
        someone = services.create_person(user=officer, data=data)
        if title:
            services.add_position(
                user=officer, person=someone, data={"title": title, "organisation": tmg}
            )
        return someone

    koike = person(
        {"name": "小池百合子", "name_latin": "Koike Yuriko", "country": "JP",
         "email": "koike@example.jp", "phone": "+81 3 5321 1111"},
        "知事",
    )  # fmt: skip
    matsumoto = person({"name": "松本明子", "country": "JP"}, "副知事")
    person({"name": "隈研吾", "country": "JP", "city": tokyo})
    maris = person({"name": "Māris Sprindžuks", "country": "LV", "city": riga})

    def meet(who, day, mission, **data):
        return services.record_interaction(
            user=officer, person=who, data={"date": day, "mission": mission, **data}
        )

    today = timezone.localdate()
    meet(koike, dt.date(2026, 4, 27), earlier, met_by="祝惠美處長", title_then="東京都知事")
    meet(
        matsumoto,
        dt.date(2026, 4, 28),
        earlier,
        met_by="祝惠美處長",
        title_then="東京都副知事",
        follow_up="寄送平行論壇簡報",
        follow_up_owner=officer,
        follow_up_due=today - dt.timedelta(days=30),
    )
    meet(
        matsumoto,
        dt.date(2026, 4, 29),
        earlier,
        met_by="國際事務科",
        follow_up="邀請副知事出席新北城市論壇",
        follow_up_owner=cast["owner"],
        follow_up_due=today + dt.timedelta(days=60),
    )
    meet(
        matsumoto,
        dt.date(2026, 4, 26),
        earlier,
        follow_up="致謝函",
        follow_up_done_on=dt.date(2026, 5, 2),
    )
    meet(koike, dt.date(2025, 10, 2), works, met_by="工務局長", title_then="東京都知事")
    meet(maris, dt.date(2026, 4, 27), earlier, follow_up="寄送資料", follow_up_due=today)

    def agreement(title, day, end=None):
        return services.save_agreement(
            user=officer,
            agreement=services.Agreement(),
            data={"kind": AgreementKind.MOU, "title": title, "date": day, "end_date": end},
            cities=[tokyo, home],
            organisations=[tmg],
        )

    agreement("新北市與東京都防災合作備忘錄", dt.date(2024, 5, 1))
    agreement("新北市與東京都觀光合作備忘錄", dt.date(2019, 3, 1), dt.date(2025, 3, 1))
    agreement("新北市與東京都智慧城市合作備忘錄", dt.date(2027, 6, 1))
    SiteVisit.objects.create(
        mission=earlier,
        name="東京臨海廣域防災公園",
        date=dt.date(2026, 4, 26),
        city=tokyo,
        lesson="以體驗學習推廣防災教育",
    )
    return {
        "planned": planned,
        "earlier": earlier,
        "works": works,
        "tokyo": tokyo,
        "today": today,
    }


def pdf_text(content: bytes) -> str:
    """The PDF's text, all whitespace removed (Typst breaks lines wherever it likes)."""
    document = pdfium.PdfDocument(content)
    try:
        text = "".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()
    return re.sub(r"\s+", "", text)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def meetings(briefing):
    return [
        (c.person.name, [(m.date, m.mission.title, m.met_by) for m in c.meetings])
        for c in briefing.contacts
    ]


# ----- what the briefing holds -----


def test_briefing_lists_tokyo_people_met_most_recently_first_with_every_meeting(cast, history):
    briefing = briefing_for(history["planned"], user=cast["officer"])
    seed = history["earlier"].title
    assert meetings(briefing) == [
        (
            "松本明子",
            [
                (dt.date(2026, 4, 29), seed, "國際事務科"),
                (dt.date(2026, 4, 28), seed, "祝惠美處長"),
                (dt.date(2026, 4, 26), seed, ""),
            ],
        ),
        (
            "小池百合子",
            [
                (dt.date(2026, 4, 27), seed, "祝惠美處長"),
                (dt.date(2025, 10, 2), "工務局赴東京考察下水道", "工務局長"),
            ],
        ),
        ("隈研吾", []),
    ]
    assert [c.position_text for c in briefing.contacts] == ["東京都 副知事", "東京都 知事", ""]


def test_a_bureau_editor_sees_no_meeting_of_another_bureaus_mission(cast, history):
    briefing = briefing_for(history["planned"], user=cast["owner"])
    koike = next(c for c in briefing.contacts if c.person.name == "小池百合子")
    assert [(m.date, m.met_by) for m in koike.meetings] == [(dt.date(2026, 4, 27), "祝惠美處長")]
    assert [m.title for m in briefing.earlier_missions] == [history["earlier"].title]


def test_only_agreements_in_force_on_the_first_day_of_the_trip_are_listed(cast, history):
    briefing = briefing_for(history["planned"], user=cast["viewer"])
    assert briefing.on == START
    assert [(a.title, a.date) for a in briefing.agreements] == [
        ("新北市與東京都防災合作備忘錄", dt.date(2024, 5, 1))
    ]


def test_open_follow_ups_come_soonest_due_first_and_the_late_one_is_flagged(cast, history):
    briefing = briefing_for(history["planned"], user=cast["officer"])
    today = history["today"]
    assert [
        (f.interaction.follow_up, f.interaction.follow_up_due, f.interaction.follow_up_owner,
         f.overdue, f.days_late)
        for f in briefing.follow_ups
    ] == [
        ("寄送平行論壇簡報", today - dt.timedelta(days=30), cast["officer"], True, 30),
        ("邀請副知事出席新北城市論壇", today + dt.timedelta(days=60), cast["owner"], False, 0),
    ]  # fmt: skip


def test_recommendations_and_lessons_come_from_the_earlier_report(cast, history):
    briefing = briefing_for(history["planned"], user=cast["officer"])
    # The public-works mission went to Tokyo too, but its blank report has nothing to say.
    assert [m.title for m in briefing.earlier_missions] == [
        history["earlier"].title,
        "工務局赴東京考察下水道",
    ]
    assert [(e.mission, e.chapter.title) for e in briefing.recommendations] == [
        (history["earlier"], "建議")
    ]
    assert [p.heading for p in briefing.recommendations[0].points] == [
        "一、積極參與國際組織活動",
        "二、國際事務人才培育精進",
        "三、深化國際城市交流",
    ]
    assert [len(p.paragraphs) for p in briefing.recommendations[0].points] == [1, 1, 1]
    assert (briefing.lessons.mission, briefing.lessons.chapter.title) == (
        history["earlier"],
        "心得",
    )
    assert [p.title for p in briefing.lessons.points] == LESSON_POINTS
    assert [(v.name, v.lesson) for v in briefing.site_visits] == [
        ("東京臨海廣域防災公園", "以體驗學習推廣防災教育")
    ]


def test_the_networks_tokyo_shares_with_new_taipei_are_listed(cast, history):
    briefing = briefing_for(history["planned"], user=cast["officer"])
    [tokyo] = briefing.destinations
    assert (tokyo.name, tokyo.city, tokyo.shared) == ("東京", history["tokyo"], True)
    assert [(str(m.network), m.since_year) for m in tokyo.memberships] == [
        ("全球城市永續網絡（G-NETS）", 2022)
    ]
    assert briefing.home_city.name == "新北市"
    assert tokyo.coordinates == "35.6895° N, 139.6917° E"


def test_the_home_city_is_found_from_the_host_agency_when_the_setting_names_none_recorded(
    cast, history, settings
):
    settings.ENVOY_HOME_CITY = "新北"
    assert briefing_for(history["planned"], user=cast["officer"]).home_city.name == "新北市"


def test_without_a_recorded_home_city_every_membership_of_the_city_is_listed(
    cast, history, settings
):
    settings.ENVOY_HOME_CITY = "高雄市"
    mission = history["planned"]
    mission.host_agency = "高雄市政府秘書處"
    briefing = briefing_for(mission, user=cast["officer"])
    [tokyo] = briefing.destinations
    assert briefing.home_city is None
    assert tokyo.shared is False
    assert [str(m.network) for m in tokyo.memberships] == [
        "C40 城市氣候領導聯盟",
        "全球城市永續網絡（G-NETS）",
    ]


def test_only_staff_get_contact_details(cast, history):
    def details(user):
        return [c.details for c in briefing_for(history["planned"], user=user).contacts]

    assert [[(str(label), value) for label, value in row] for row in details(cast["reviewer"])] == [
        [],
        [("電子郵件", "koike@example.jp"), ("電話", "+81 3 5321 1111")],
        [],
    ]
    assert details(cast["viewer"]) == [[], [], []]


def test_a_city_the_mission_names_in_another_spelling_is_found(cast, history):
    mission = history["planned"]
    mission.destination_cities = ["东京"]
    mission.save()
    briefing = briefing_for(mission, user=cast["officer"])
    assert [(d.name, d.city) for d in briefing.destinations] == [("东京", history["tokyo"])]
    assert [m.title for m in briefing.earlier_missions] == [
        history["earlier"].title,
        "工務局赴東京考察下水道",
    ]


def test_a_mission_without_dates_is_briefed_as_of_today(cast, history):
    mission = history["planned"]
    mission.start_date = mission.end_date = None
    briefing = briefing_for(mission, user=cast["officer"])
    assert briefing.on == history["today"]
    assert [m.title for m in briefing.earlier_missions] == [
        history["earlier"].title,
        "工務局赴東京考察下水道",
    ]


# ----- the page -----


@pytest.mark.parametrize("role", ["officer", "owner", "colleague", "reviewer", "viewer", "admin"])
def test_whoever_may_open_the_mission_may_open_its_briefing(cast, history, role):
    response = client_for(cast[role]).get(
        reverse("relations:briefing", args=[history["planned"].pk])
    )
    assert response.status_code == 200
    assert response.context["briefing"].mission == history["planned"]


def test_an_editor_of_another_bureau_gets_not_found_for_the_briefing(cast, history):
    client = client_for(cast["outsider"])
    pk = history["planned"].pk
    assert client.get(reverse("relations:briefing", args=[pk])).status_code == 404
    assert client.get(reverse("relations:briefing_pdf", args=[pk])).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(cast, history):
    client = client_for(None)
    for name in ("relations:briefing", "relations:briefing_pdf"):
        url = reverse(name, args=[history["planned"].pk])
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (
            302,
            f"{reverse('login')}?next={url}",
        )


def test_the_briefing_page_shows_people_meetings_agreement_follow_ups_and_lessons(cast, history):
    response = client_for(cast["officer"]).get(
        reverse("relations:briefing", args=[history["planned"].pk])
    )
    html = squeeze(response.content.decode())
    for text in [
        "民國116年5月10日至民國116年5月14日（共5天）",
        "全球城市永續網絡（G-NETS），2022年加入",
        "35.6895°N,139.6917°E",
        "東京都副知事",
        "115/4/28",
        "koike@example.jp",
        "有效協定（116/5/10）",
        "新北市與東京都防災合作備忘錄",
        "逾期30天",
        "寄送平行論壇簡報",
        *[f"{n}、{title}" for n, title in zip("一二三", RECOMMENDATION_POINTS, strict=True)],
        *LESSON_POINTS,
        "以體驗學習推廣防災教育",
    ]:
        assert text in html, text
    for text in ["Sprindžuks", "C40", "觀光合作", "智慧城市合作", "致謝函", "寄送資料"]:
        assert text not in html, text
    assert html.index("松本明子") < html.index("小池百合子") < html.index("隈研吾")


def test_a_viewer_sees_no_contact_details_on_the_page(cast, history):
    response = client_for(cast["viewer"]).get(
        reverse("relations:briefing", args=[history["planned"].pk])
    )
    html = response.content.decode()
    assert "koike@example.jp" not in html
    assert "+81 3 5321 1111" not in html
    assert "小池百合子" in html


def test_a_first_trip_to_a_city_says_so_instead_of_empty_tables(cast, bureaus):
    mission = create_mission(
        user=cast["owner"],
        title="赴拉脫維亞里加考察",
        start_date=START,
        end_date=START,
        destination_cities=["里加"],
    )
    response = client_for(cast["owner"]).get(reverse("relations:briefing", args=[mission.pk]))
    html = response.content.decode()
    assert response.context["briefing"].first_visit is True
    assert "本府首次前往里加：尚無曾會晤人員、有效協定、待辦事項或過去報告的紀錄。" in html
    assert "尚無「里加」的城市資料。" in html
    assert "<table" not in html
    pdf = pdf_text(
        client_for(cast["owner"]).get(reverse("relations:briefing_pdf", args=[mission.pk])).content
    )
    assert "本府首次前往里加：尚無曾會晤人員、有效協定、待辦事項或過去報告的紀錄。" in pdf
    assert "尚無這些城市的人員紀錄。" in pdf
    assert "出國日沒有有效的協定。" in pdf
    assert "沒有未完成的後續辦理事項。" in pdf
    assert "過去前往這些城市的報告沒有建議。" in pdf


# ----- the PDF -----


def test_the_pdf_has_a_cover_and_every_section_in_chinese_for_an_english_reader(cast, history):
    client = client_for(cast["officer"])
    client.post(reverse("set_language"), {"language": "en"})
    page = client.get(reverse("relations:briefing", args=[history["planned"].pk]))
    assert "Japan" in page.content.decode()
    response = client.get(reverse("relations:briefing_pdf", args=[history["planned"].pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Japan" not in text
    for expected in [
        "行前簡報",
        "日本",
        "赴日本東京出席2027G-NETS首長高峰會",
        "民國116年5月10日至民國116年5月14日（共5天）",
        "與本市共同參與的城市網絡",
        "全球城市永續網絡（G-NETS），2022年加入",
        "松本明子",
        "東京都副知事",
        "115/4/29",
        "小池百合子KoikeYuriko",
        "koike@example.jp",
        "新北市與東京都防災合作備忘錄",
        "合作備忘錄",
        "寄送平行論壇簡報",
        "逾期30天",
        *[f"{n}、{title}" for n, title in zip("一二三", RECOMMENDATION_POINTS, strict=True)],
        *[f"{n}、{title}" for n, title in zip("一二三四", LESSON_POINTS, strict=True)],
        "東京臨海廣域防災公園",
        "以體驗學習推廣防災教育",
        "1/",
    ]:
        assert expected in text, expected
    for absent in ["Sprindžuks", "觀光合作", "智慧城市合作", "致謝函", "寄送資料", "Briefing"]:
        assert absent not in text, absent
    assert text.index("松本明子") < text.index("小池百合子") < text.index("隈研吾")


def test_a_viewers_pdf_has_no_email_or_phone(cast, history):
    response = client_for(cast["viewer"]).get(
        reverse("relations:briefing_pdf", args=[history["planned"].pk])
    )
    text = pdf_text(response.content)
    assert "小池百合子" in text
    assert "koike@example.jp" not in text
    assert "+81353211111" not in text
    assert "電子郵件" not in text


# ----- destinations and people met from other cities -----


@pytest.fixture
def linked(cast, history):
    """The planned Tokyo trip linked, as confirmed suggestions link a report's cities, to
    Tokyo and to Riga, whose deputy mayor (副市長, no organisation) was met there."""
    from envoy.relations.models import City, Person

    planned = history["planned"]
    riga = City.objects.get(name="里加")
    for city in (history["tokyo"], riga):
        city.missions.add(planned)
    maris = Person.objects.get(name="Māris Sprindžuks")
    services.add_position(user=cast["officer"], person=maris, data={"title": "副市長"})
    services.record_interaction(
        user=cast["officer"],
        person=maris,
        data={"date": dt.date(2027, 5, 11), "mission": planned, "title_then": "里加副市長"},
    )
    return planned


def test_only_the_missions_own_destinations_are_destinations(cast, linked):
    briefing = briefing_for(linked, user=cast["officer"])
    assert [d.name for d in briefing.destinations] == ["東京"]
    assert [c.person.name for c in briefing.contacts] == ["松本明子", "小池百合子", "隈研吾"]
    assert [(c.person.name, c.city.name, c.position_text) for c in briefing.other_contacts] == [
        ("Māris Sprindžuks", "里加", "副市長")
    ]
    assert briefing.destination_names == "東京"


def test_people_met_from_other_cities_have_their_own_heading_on_the_page_and_in_the_pdf(
    cast, linked
):
    client = client_for(cast["officer"])
    html = squeeze(client.get(reverse("relations:briefing", args=[linked.pk])).content.decode())
    destinations = html[html.index('id="destinations"') : html.index('id="contacts"')]
    assert "里加" not in destinations
    others = html[html.index('id="other-contacts"') : html.index('id="agreements"')]
    assert "其他城市的會晤對象" in others
    assert "Sprindžuks" in others and "副市長" in others
    text = pdf_text(client.get(reverse("relations:briefing_pdf", args=[linked.pk])).content)
    assert text.index("曾會晤人員") < text.index("其他城市的會晤對象") < text.index("Sprindžuks")
    assert "里加副市長" in text


def test_a_title_kept_with_its_organisation_inside_is_shown_with_the_organisation_once(
    cast, history
):
    from envoy.relations.models import Person, Position

    # Kept before titles lost their organisation: 東京都知事 at 東京都.
    koike = Person.objects.get(name="小池百合子")
    Position.objects.filter(person=koike).update(title="東京都知事")
    briefing = briefing_for(history["planned"], user=cast["officer"])
    [contact] = [c for c in briefing.contacts if c.person == koike]
    assert contact.position_text == "東京都 知事"


def test_a_destination_that_founded_a_network_shares_it_with_a_member_home_city(cast, history):
    """As in the seed: 東京都廳 founded G-NETS, Tokyo is no member row, New Taipei is."""
    from envoy.relations.models import Membership, Network, Organisation

    Membership.objects.filter(city=history["tokyo"]).delete()
    Network.objects.filter(abbreviation="G-NETS").update(
        founder=Organisation.objects.get(name="東京都")
    )
    briefing = briefing_for(history["planned"], user=cast["officer"])
    [tokyo] = briefing.destinations
    assert tokyo.shared is True
    assert [(str(t.network), t.since_year, t.founder) for t in tokyo.memberships] == [
        ("全球城市永續網絡（G-NETS）", 2022, True)
    ]
    client = client_for(cast["officer"])
    html = squeeze(
        client.get(reverse("relations:briefing", args=[history["planned"].pk])).content.decode()
    )
    assert "全球城市永續網絡（G-NETS），2022年發起成立" in html
    text = pdf_text(
        client.get(reverse("relations:briefing_pdf", args=[history["planned"].pk])).content
    )
    assert "全球城市永續網絡（G-NETS），2022年發起成立" in text
