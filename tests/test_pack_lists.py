"""The committee pack's long lists and table widths, worked out without a build."""

from __future__ import annotations

from collections import Counter

from docx.shared import Mm

from safe_commissioning.sites.committee.pack import LIST_LIMIT, Long, Numbered, Paragraph, Table
from safe_commissioning.sites.committee.summaries import by_count, listed, top_rows
from safe_commissioning.sites.committee.word import TEXT_WIDTH, _column_widths, _text_width


def test_counts_run_most_first_and_the_rest_add_up_in_one_row() -> None:
    counted = by_count(Counter({"b": 2, "a": 2, "c": 5}))
    assert counted == [("c", 5), ("a", 2), ("b", 2)]
    many = [(f"P{n:02}", 1) for n in range(30)]
    shown = top_rows(many, "other provider")
    assert len(shown) == LIST_LIMIT
    assert shown[-1] == ("6 other providers", 6)
    assert top_rows(counted, "other") == counted


def test_a_short_table_stays_and_a_long_one_goes_to_a_numbered_appendix() -> None:
    short = Table("Alerts", ("What", "Provider"), (("x", "A"),))
    assert listed(short, "every alert", (("What", ["x"]),)) == [short]
    rows = tuple((f"alert {n}", "A" if n % 3 else "B") for n in range(40))
    parts = listed(Table("Alerts", ("What", "Provider"), rows), "every alert", (("Provider", [r[1] for r in rows]),))
    assert len(parts) == 1
    assert isinstance(parts[0], Long)
    numbered = Numbered({})
    section = numbered.section("Alerts", "alerts", parts)
    assert [b.caption for b in section.blocks if isinstance(b, Table)] == ["Table 1.1: Alerts, by provider"]
    assert [b.rows for b in section.blocks if isinstance(b, Table)] == [(("A", "26"), ("B", "14"))]
    assert [b.text for b in section.blocks if isinstance(b, Paragraph)][-1] == "Appendix 2 lists every alert: 40 rows."
    (appendix,) = numbered.appendices
    assert appendix.heading == "Appendix 2: every alert"
    (table,) = appendix.blocks
    assert isinstance(table, Table)
    assert table.caption == "Table A2: Every alert"
    assert table.rows == rows


def test_columns_get_their_longest_word_dates_stay_narrow_and_text_takes_the_rest() -> None:
    sentence = "Ask the provider to complete the partnership's safeguarding self-assessment and return it."
    block = Table(
        "T",
        ("Contract", "Provider", "Why", "Due", "Number"),
        (("CSC-0001 Fostering", "Commissioningworks Ltd", sentence, "30 Sep 2024", "12"),) * 3,
    )
    contract, supplier, why, due, number = _column_widths(block, 8.5)
    assert sum((contract, supplier, why, due, number)) <= TEXT_WIDTH
    assert supplier > _text_width("Commissioningworks", 8.5) - 635  # never split mid-word
    assert due > _text_width("30 Sep 2024", 8.5) - 635  # to the twip
    assert due < Mm(30)
    assert number < due < why
    assert why == max(contract, supplier, why, due, number)
