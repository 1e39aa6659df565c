"""A 摘要 of any length prints in the Word file: the document properties hold at most 255
characters (python-docx refuses more), the body holds it all."""

import io

import docx
import pytest

from envoy.reports.printing.docx import render_docx
from tests.reports.test_odt_docx import report_document

SENTENCE = "本府代表團出席全球城市永續網絡首長高峰會，與各城市交流韌性城市與淨零轉型經驗。"


def summary_of(length: int) -> str:
    """A 摘要 of exactly ``length`` characters, in lines (paragraphs) of 120."""
    text = (SENTENCE * (length // len(SENTENCE) + 1))[:length]
    return "".join("\n" if n % 121 == 120 else c for n, c in enumerate(text))


def summary_paragraphs(word) -> list[str]:
    """The paragraphs between 摘要 and the next heading."""
    paragraphs = [(p.style.name, p.text) for p in word.paragraphs]
    start = paragraphs.index(("Summary Heading", "摘要")) + 1
    out = []
    for style, text in paragraphs[start:]:
        if style != "Body Text":
            break
        out.append(text)
    return out


@pytest.mark.parametrize("length", [300, 3000])
def test_docx_prints_a_summary_of_any_length(tmp_path, length):
    document = report_document(tmp_path)
    summary = summary_of(length)
    assert len(summary) == length
    document["report"]["summary"] = summary

    word = docx.Document(io.BytesIO(render_docx(document)))

    assert summary_paragraphs(word) == summary.split("\n")
    assert word.core_properties.comments == summary[:254] + "…"


def test_docx_cuts_long_title_and_keywords_in_the_properties_only(tmp_path):
    document = report_document(tmp_path)
    title = "赴日本東京出席全球城市永續網絡首長高峰會" * 14  # 280 characters
    document["report"]["title"] = title
    document["report"]["keywords"] = [f"關鍵詞{n:03d}" for n in range(60)]

    word = docx.Document(io.BytesIO(render_docx(document)))

    assert word.core_properties.title == title[:254] + "…"
    keywords = "、".join(document["report"]["keywords"])
    assert word.core_properties.keywords == keywords[:254] + "…"
    assert [p.text for p in word.paragraphs if p.style.name == "Title"] == [title]


def test_docx_keeps_a_summary_of_255_characters_whole_in_the_properties(tmp_path):
    document = report_document(tmp_path)
    summary = summary_of(255)
    document["report"]["summary"] = summary

    word = docx.Document(io.BytesIO(render_docx(document)))

    assert word.core_properties.comments == summary
