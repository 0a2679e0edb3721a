"""On a phone: each chart is drawn a second time to fit 343 px (its text at 12 px, or 11 px at the least),
and a rule's answer that cannot change a rating (OFS not yet inspected) is grey, not in a rating's colour."""

from __future__ import annotations

import re

from safe_commissioning.rules.evidence import Traced
from safe_commissioning.rules.results import RuleResult, Status
from safe_commissioning.sites.charts import PHONE_MOST, PHONE_SLACK, ChartRenderer
from safe_commissioning.sites.figures import (
    PHONE_WIDTH,
    TEXT_SIZE,
    line,
    percent_bars,
    small_multiples,
    stacked_bars,
    timeline,
)
from safe_commissioning.sites.listing import compact_verdict

from .conftest import SampleSites
from .sites import figures

_SVG_WIDTH = re.compile(r'<svg\b[^>]*?\sviewBox="0 0 ([\d.]+) ')


def _width(svg: str) -> float:
    found = _SVG_WIDTH.search(svg)
    assert found is not None, svg[:200]
    return float(found[1])


def test_every_chart_of_the_sample_has_a_phone_drawing_that_fits_343_px(sample_sites: SampleSites) -> None:
    out, _ = sample_sites()
    drawn = 0
    for page, figure in figures(out / "internal"):
        drawn += 1
        wide = re.search(r'<div class="sc-chart sc-chart--wide"><svg\b[^>]*style="max-width:([\d.]+)px', figure)
        phone = re.search(r'<div class="sc-chart sc-chart--phone"><svg\b[^>]*style="max-width:([\d.]+)px', figure)
        assert wide is not None, (page.name, figure[:300])
        assert phone is not None, (page.name, figure[:300])
        assert float(phone[1]) <= PHONE_MOST < float(wide[1]), (page.name, phone[1], wide[1])
    assert drawn >= 7


def test_a_phone_drawing_keeps_its_text_size_and_fits_with_long_names_and_a_wide_legend() -> None:
    areas = ["Children's Social Care and Early Help Services (North Locality)", "Youth", "Participation"]
    rows = [{"area": area, "rag": rag, "contracts": 3} for area in areas for rag in ("Red", "Amber", "Green")]
    bands = ["Expired", "0–90 days", "91–180 days", "181–365 days", "Over a year"]
    terms = [
        {"label": f"C-{n} A contract with a long title for a phone", "start": "2024-01-01", "end": "2025-03-31"}
        for n in range(6)
    ]
    snapshots = ["31 Mar 2024", "30 Jun 2024", "30 Sep 2024"]
    drawings = {
        "stacked": stacked_bars(
            rows,
            category="area",
            series="rag",
            value="contracts",
            colours=[("Red", "#b4232a"), ("Amber", "#b25e00"), ("Green", "#2e7d32")],
            value_title="Active contracts that work with children",
        ),
        "timeline": timeline(
            [{**term, "band": bands[n % 5]} for n, term in enumerate(terms)],
            today="2024-09-30",
            band_order=bands,
            colours=["#8f1d22", "#b4232a", "#b25e00", "#1f4e79", "#5b7fa6"],
        ),
        "multiples": small_multiples(
            [
                {"when": when, "figure": f"Figure {n}", "value": n * 3 + i}
                for n in range(7)
                for i, when in enumerate(snapshots)
            ],
            x="when",
            x_order=snapshots,
            facet="figure",
            facet_order=[f"Figure {n}" for n in range(7)],
            value="value",
        ),
    }
    renderer = ChartRenderer()
    for key, drawing in drawings.items():
        chart = renderer.render(key, drawing, key, key, (), ())
        assert _width(chart.drawn_svg) > PHONE_WIDTH, key  # the screen's drawing would not fit a phone…
        assert PHONE_WIDTH - PHONE_SLACK <= _width(chart.phone_svg) <= PHONE_MOST, key  # …its phone drawing does
        sizes = {float(size) for size in re.findall(r'font-size="([\d.]+)px"', chart.phone_svg)}
        assert sizes, key
        assert min(sizes) >= TEXT_SIZE, (key, sizes)  # nothing shrunk to fit
        assert f'id="{key}-phone-title"' in chart.phone_svg  # named for screen readers, its IDs its own


def test_every_kind_of_drawing_is_valid_vega_lite_for_a_screen_and_a_phone(sample_sites: SampleSites) -> None:
    # The build asks Altair for its specifications unchecked (a third of a cold build's chart time went to
    # checking them): so here every chart of the sample, and every kind of drawing, is checked as drawn, our
    # own settings and a phone's narrowing included, against the Vega-Lite schema that Altair checks with.
    import jsonschema
    from altair.vegalite.v6.schema.core import load_schema

    from safe_commissioning.sites.drawings import DRAWERS, specification

    _, result = sample_sites()
    drawings = [chart.drawing for chart in result.view.charts.values() if chart is not None and chart.drawing]
    caseload = [
        {"date": when, "measure": measure, "count": count}
        for when, count in (("2024-03-31", 410), ("2024-09-30", 398))
        for measure in ("Children in care", "Care leavers")
    ]  # the sample records no caseload
    drawings.append(
        line(caseload, x="date", series="measure", value="count", series_order=["Children in care", "Care leavers"])
    )
    assert {drawing.kind for drawing in drawings} == set(DRAWERS)  # every kind the sites draw
    checker = jsonschema.Draft7Validator(load_schema())
    for drawing in drawings:
        for shown in (drawing, drawing.for_phone(PHONE_WIDTH - 100)):
            errors = [
                f"{list(error.absolute_path)}: {error.message}" for error in checker.iter_errors(specification(shown))
            ]
            assert not errors, (shown.kind, shown.phone, errors[:3])
    broken = specification(drawings[0])
    broken["mark"] = {"type": "no such mark"}
    assert list(checker.iter_errors(broken))  # the check can fail


def _ofsted(status: Status, label: str) -> Traced:
    return Traced(RuleResult("OFS", status, "", label))


def test_an_answer_that_cannot_change_a_rating_is_grey_in_its_own_words() -> None:
    not_inspected = str(compact_verdict(_ofsted(Status.NOT_EVIDENCED, "Not yet inspected")))
    assert "sc-status--neutral" in not_inspected
    assert "Not yet inspected" in not_inspected
    assert "No evidence" not in not_inspected
    assert "?" not in not_inspected
    # An answer that does change the rating keeps its colour: OFS Inadequate, MS1 not evidenced, POL partly met
    assert "sc-status--not_met" in str(compact_verdict(_ofsted(Status.NOT_MET, "Inadequate")))
    assert "sc-status--not_evidenced" in str(compact_verdict(Traced(RuleResult("MS1", Status.NOT_EVIDENCED, ""))))
    assert "sc-status--partly_met" in str(compact_verdict(Traced(RuleResult("POL", Status.PARTLY_MET, ""))))


def test_a_green_contract_shows_no_amber_badge(sample_sites: SampleSites) -> None:
    out, _ = sample_sites()
    html = (out / "internal" / "compliance.html").read_text(encoding="utf-8")
    green = re.search(r'<table class="sc-table[^"]*" id="matrix-green-table".*?</table>', html, re.S)
    assert green is not None
    badges = re.findall(r"sc-status--([a-z_]+)", green[0])
    assert "neutral" in badges  # the sample's green contracts with no Ofsted rating recorded
    assert set(badges) <= {"met", "not_applicable", "neutral", "compact"}


def test_a_label_beyond_the_basic_plane_is_drawn_on_every_axis_and_legend_for_any_screen() -> None:
    # Vega cuts a long label by UTF-16 units and vl-convert stopped the build on a cut inside an emoji: a
    # service area, a rule's row or a legend entry as much as a contract's timeline label.
    for offset in range(4):
        name = "x" * offset + "🧒" * 40
        drawings = [
            stacked_bars(
                [{"area": name, "rag": "Red", "contracts": 2}],
                category="area",
                series="rag",
                value="contracts",
                colours=[("Red", "#b4232a")],
                value_title="Contracts",
            ),
            stacked_bars(
                [{"area": "Youth", "rag": name, "contracts": 2}],
                category="area",
                series="rag",
                value="contracts",
                colours=[(name, "#b4232a")],
                value_title="Contracts",
            ),
            percent_bars([{"rule": name, "met": 50}], category="rule", value="met", title="Share met"),
            timeline(
                [{"label": name, "start": "2024-01-01", "end": "2025-01-01", "band": "Over a year"}],
                today="2024-06-01",
                band_order=["Over a year"],
                colours=["#5b7fa6"],
            ),
        ]
        for drawing in drawings:
            chart = ChartRenderer().render("k", drawing, "Title", "Description", (), ())
            assert "\ufffd" in chart.svg, (offset, drawing.kind)
            assert "\ufffd" in chart.phone_svg, (offset, drawing.kind)
