"""Pure tests of the search tokenizer, query parsing and highlighting (no database)."""

from __future__ import annotations

import pytest

from disclosures.search.text import (
    MAX_QUERY_CHARS,
    compact,
    highlight,
    index_text,
    normalise,
    parse_query,
    tokens,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("低保", ["低保", "保"]),
        ("县", ["县"]),
        ("三公经费", ["三公", "公经", "经费", "费"]),
        ("低保，标准", ["低保", "保", "标准", "准"]),  # no bigram across punctuation
        ("民发〔2021〕57号", ["民发", "发", "20", "02", "21", "1", "57", "7号", "号"]),
        ("ＰＤＦ文件", ["pd", "df", "f文", "文件", "件"]),  # NFKC + lower case
        ("", []),
        ("，。！？", []),
    ],
)
def test_tokens(text, expected):
    assert tokens(text) == expected


def test_normalise_unifies_brackets_width_and_case():
    assert normalise("民发[2021]57号") == "民发〔2021〕57号"
    assert normalise("民发（２０２１）57号") == "民发〔2021〕57号"
    assert normalise("民发﹝2021﹞57号") == "民发〔2021〕57号"
    assert normalise("ABC\x00d\u200b") == "abcd"
    assert compact(" 民发 [2021] 57号 ") == "民发〔2021〕57号"
    assert index_text("标题  一", "", "正文\n\n二") == "标题 一\n正文 二"


def _tsquery(q):
    return parse_query(q).tsquery()


@pytest.mark.parametrize(
    ("q", "tsquery", "rechecked"),
    [
        ("低保", "'低保'", []),
        ("三公经费", "'三公' & '公经' & '经费'", ["三公经费"]),
        ("低保 标准", "'低保' & '标准'", []),
        ("2021〕57", "'20' & '02' & '21' & '57'", ["2021〕57"]),
        ("发〔2021", "'20' & '02' & '21' & '发':*", ["发〔2021"]),
        ("《条例》", "'条例'", []),
        ("PDF", "'pd' & 'df'", ["pdf"]),
        ("低保 县", "'低保' & '县':*", ["县"]),
    ],
)
def test_parse_query(q, tsquery, rechecked):
    query = parse_query(q)
    assert query.ok
    assert query.tsquery() == tsquery
    assert [w.text for w in query.words if w.needs_recheck] == rechecked


FREQUENCIES = {"20": 1.0, "02": 0.75, "21": 0.13, "57": 1.0, "低保": 0.03, "标准": 0.09}


@pytest.mark.parametrize(
    ("q", "pruned"),
    [
        # Digit pairs held by nearly every item are dropped; the rare ones stay.
        ("民发〔2021〕57号", "'〔2021〕57' & '民发' & '7号' & '21'"),
        # A word whose terms are all common keeps its least common one.
        ("2021〕57", "'21'"),
        # Single-bigram words are exact through the index: never pruned.
        ("低保 标准", "'低保' & '标准'"),
        # Prefix terms go when the word has a bigram to look up.
        ("发〔2021", "'21'"),
        ("低保 县", "'低保' & '县':*"),
        # At most three terms per word, the least common first (unknown = rare).
        ("最低生活保障标准", "'最低' & '低生' & '生活'"),
    ],
)
def test_tsquery_leaves_out_common_terms_of_rechecked_words(q, pruned):
    assert parse_query(q).tsquery(FREQUENCIES, 0.3, 3) == pruned


@pytest.mark.parametrize(
    ("q", "message"),
    [
        ("低" * (MAX_QUERY_CHARS + 1), "搜索词过长"),
        ("低" * 10_000, "搜索词过长"),
        ("，。！？…… ---", "标点符号无法检索"),
        ("县", "请至少输入两个字"),
        ("县 市", "请至少输入两个字"),
        (" ".join(f"词{i}" for i in range(11)), "关键词过多"),
    ],
)
def test_parse_query_refuses_politely(q, message):
    query = parse_query(q)
    assert not query.ok
    assert message in query.error
    assert len(query.raw) <= MAX_QUERY_CHARS


def test_parse_query_empty_and_injection():
    assert not parse_query("").ok
    assert not parse_query("").error
    assert not parse_query("   ").ok
    query = parse_query("'; DROP TABLE disclosures_disclosure; --")
    assert query.ok
    assert query.texts == ["drop", "table", "disclosures_disclosure"]
    # Quotes and backslashes never reach the tsquery literal unescaped.
    assert "\\" not in parse_query("a\\b ''x").tsquery().replace("\\\\", "")


def test_parse_query_number_for_exact_match():
    assert parse_query("民发[2021]57号").number == "民发〔2021〕57号"
    assert parse_query("低保 标准").number == ""


def test_highlight_escapes_and_marks():
    html = highlight("<script>alert(1)</script>低保标准", ["低保"])
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert html.endswith("<mark>低保</mark>标准")


def test_highlight_matches_normalised_forms_in_original_text():
    assert highlight("民发［2021］57号", ["民发〔2021〕57号"]) == "<mark>民发［2021］57号</mark>"
    assert highlight("PDF 附件", ["pdf"]) == "<mark>PDF</mark> 附件"
    assert highlight("三公经费和三公", ["三公经费", "三公"]) == (
        "<mark>三公经费</mark>和<mark>三公</mark>"
    )
    assert highlight("a & b", []) == "a &amp; b"


def test_highlight_merges_overlapping_and_adjacent_occurrences():
    assert highlight("城乡低保标准", ["低保", "保标"]) == "城乡<mark>低保标</mark>准"
    assert highlight("低保低保", ["低保"]) == "<mark>低保低保</mark>"
    # A character that NFKC expands (ﬁ → fi) maps back to itself.
    assert highlight("ﬁle 低保", ["file"]) == "<mark>ﬁle</mark> 低保"
    assert highlight("无匹配<b>", ["低保"]) == "无匹配&lt;b&gt;"


@pytest.mark.parametrize(
    "text",
    [
        "关于调整城乡低保标准的通知（试行），民发［2021］57号：全文",  # full width: one to one
        "ＡＢＣ公司（筹）ﬁle　附件",  # full-width letters, a ligature, an ideographic space
        "㈱测试有限公司，低保户",  # ㈱ → (株): three characters from one
        "e\u0301 café ﬃ ㍻ 低保",  # a combining accent, ﬃ → ffi, ㍻ → 平成
        "",
    ],
)
def test_normalised_map_points_every_character_back_to_its_source(text):
    """The translate fast path and the character-by-character one give the same text and map:
    every normalised character comes from the source character that produced it."""
    from disclosures.search.text import _normalised_char, _normalised_with_map

    norm, where = _normalised_with_map(text)
    expected = "".join(_normalised_char(ch) for ch in text)
    assert norm == expected
    assert len(where) == len(norm)
    for position, source in enumerate(where):
        assert norm[position] in _normalised_char(text[source])
    assert highlight(text + "，低保", ["低保"]).endswith("，<mark>低保</mark>")
