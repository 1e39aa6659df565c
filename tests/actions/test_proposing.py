"""What a report proposes to follow through: its recommendations and the lessons it says
are worth borrowing — on the seed and on the shapes other reports take."""

import pytest

from envoy.actions.enums import ActionKind
from envoy.actions.proposing import is_lesson, proposals
from envoy.missions.models import Mission
from envoy.reports.enums import BlockKind
from envoy.reports.models import Block, Chapter, Report

R, L = ActionKind.RECOMMENDATION, ActionKind.LESSON


def test_the_seed_proposes_its_three_recommendations_and_four_lessons(mission_report):
    found = [(p.kind, p.text[:14]) for p in proposals(mission_report)]
    assert found == [
        (R, "積極參與國際組織活動"),
        (R, "國際事務人才培育精進"),
        (R, "深化國際城市交流"),
        (L, "本市可借鏡其將防災公園轉化為"),  # the disaster-prevention park (過程)
        (L, "透過工務團隊嚴謹的施工調度，"),  # the deep sewer renewal (過程)
        (L, "借鏡國際活動籌辦，提升本市接"),  # hosting events (心得 四)
        (L, "主辦單位在飲食需求上的細膩標"),  # halal labelling, the same point's 此外
    ]


def test_each_proposal_keeps_the_passage_and_block_it_came_from(mission_report):
    first, *_, park, sewer, hosting, halal = proposals(mission_report)
    point = Block.objects.get(pk=first.block_id)
    assert point.kind == BlockKind.POINT and point.text == "積極參與國際組織活動"
    assert first.source.startswith("積極參與國際組織活動\n未來應採取更為主動的參與策略")
    assert "防災體驗學習設施" in park.source and park.block_id != sewer.block_id
    assert hosting.block_id != halal.block_id  # the point; the paragraph under it
    assert hosting.source.endswith("均展現了強大的文化行銷能量與品牌企圖心。")
    assert halal.source.startswith("此外，主辦單位在飲食需求上的細膩標示（如提供清真飲食）")
    assert halal.source.endswith("提升國際交流的整體效益。")


@pytest.mark.parametrize(
    "sentence",
    [
        "本市可借鏡其將防災公園轉化為多功能空間。",
        "確實值得本府在推動韌性城市建設時借鏡學習。",
        "均可作為本市未來韌性城市建設的重要參考基準。",
        "未來本府舉辦大型國際會議時，應參考此類規劃。",
        "此一做法值得我們學習。",
        "其經驗可資參考。",
        "本市宜參酌其制度，研議修正自治條例。",
    ],
)
def test_sentences_that_say_the_city_should_borrow_are_lessons(sentence):
    assert is_lesson(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "新北市將治理經驗轉化為可供國際參考的標準案例。",  # others learn from us
        "本府分享減碳成果，作為世界各城市治理的參考。",
        "值得一提的是，會場設有哺乳室。",
        "本次會議聚集逾 50 個城市首長。",
        "詳細資料請參考附件。",
    ],
)
def test_sentences_about_others_borrowing_from_us_or_mere_references_are_not(sentence):
    assert not is_lesson(sentence)


def report_of(chapters: dict[str, list[tuple[str, str]]]) -> Report:
    mission = Mission.objects.create(title="考察")
    report = Report.objects.create(mission=mission, title="考察報告")
    for number, (title, blocks) in enumerate(chapters.items(), start=1):
        chapter = Chapter.objects.create(report=report, number=number, title=title)
        for position, (kind, text) in enumerate(blocks):
            Block.objects.create(chapter=chapter, position=position, kind=kind, text=text)
    return report


P, T, H = BlockKind.POINT, BlockKind.PARAGRAPH, BlockKind.SECTION


@pytest.mark.django_db
def test_a_combined_chapter_of_paragraphs_makes_each_paragraph_a_recommendation():
    report = report_of(
        {
            "目的": [(T, "本次出國目的為借鏡日本防災經驗。")],  # a purpose is not a lesson
            "心得及建議": [(T, "建議成立防災教育中心。"), (T, "建議每年辦理演練。")],
        }
    )
    assert [(p.kind, p.text) for p in proposals(report)] == [
        (R, "建議成立防災教育中心。"),
        (R, "建議每年辦理演練。"),
    ]


@pytest.mark.django_db
def test_a_heading_ends_a_recommendation_and_empty_points_are_left_out():
    report = report_of(
        {
            "結論與建議": [
                (H, "一、短期"),
                (P, "設置雙語標示"),
                (T, "於市府大樓設置。"),
                (H, "二、中長期"),
                (T, "（本段為背景說明）"),
                (P, "  "),
                (P, "建立人才庫"),
            ]
        }
    )
    found = proposals(report)
    assert [(p.text, p.source) for p in found] == [
        ("設置雙語標示", "設置雙語標示\n於市府大樓設置。"),
        ("建立人才庫", "建立人才庫"),
    ]


@pytest.mark.django_db
def test_a_lesson_named_again_in_the_reflections_is_not_proposed_twice():
    report = report_of(
        {
            "過程": [
                (T, "參訪「海綿公園」，其滯洪設計本市可借鏡。"),
                (T, "拜會「水務局」，其管線更新值得本府學習。"),
            ],
            "心得": [
                (T, "走訪「海綿公園」與「水務局」後印象深刻。兩者均可作為本市參考。"),
                (T, "另見「智慧路燈」，亦可作為本市參考。"),
            ],
            "建議": [],
        }
    )
    assert [p.text for p in proposals(report)] == [
        "參訪「海綿公園」，其滯洪設計本市可借鏡。",
        "拜會「水務局」，其管線更新值得本府學習。",
        "另見「智慧路燈」，亦可作為本市參考。",
    ]


@pytest.mark.django_db
def test_a_report_without_recommendations_or_lessons_proposes_nothing():
    report = report_of({"過程": [(T, "抵達東京。")], "心得": [(T, "收穫良多。")]})
    assert proposals(report) == []


@pytest.mark.django_db
def test_a_chapter_of_reflections_and_recommendations_proposes_from_each_section():
    report = report_of(
        {
            "心得及建議": [
                (H, "心得"),
                (P, "日本防災教育深入社區"),
                (T, "本市可借鏡其社區演練。"),
                (H, "建議"),
                (P, "推動社區防災演練"),
                (T, "每年辦理一次。"),
                (P, "設置防災公園"),
            ]
        }
    )
    assert [(p.kind, p.text) for p in proposals(report)] == [
        (R, "推動社區防災演練"),
        (R, "設置防災公園"),
        (L, "本市可借鏡其社區演練。"),
    ]


@pytest.mark.django_db
def test_without_a_recommendations_part_sentences_recommending_to_the_city_are_proposed():
    report = report_of(
        {
            "目的": [(T, "建議本府參考日本經驗。")],  # a purpose, not a recommendation
            "過程": [
                (T, "代表部亦建議本縣業者參加食品展。建議本縣輔導花農組織產銷合作社。"),
            ],
        }
    )
    Report.objects.filter(pk=report.pk).update(
        summary="臺南市擁有豐富之歷史街區。建議本市研議歷史街區保存自治條例。"
    )
    report.refresh_from_db()
    found = proposals(report)
    assert [(p.kind, p.text, p.block_id is None) for p in found] == [
        (R, "建議本市研議歷史街區保存自治條例。", True),
        (R, "建議本縣輔導花農組織產銷合作社。", False),
    ]


@pytest.mark.django_db
def test_a_report_with_a_recommendations_chapter_does_not_look_for_such_sentences():
    report = report_of({"過程": [(T, "建議本市加強宣導。")], "建議": [(P, "設置雙語標示")]})
    assert [p.text for p in proposals(report)] == ["設置雙語標示"]
