"""The SVG charts of portal/charts.py: where each bar and column lands, and that the drawing
stays valid in Swedish, whose decimal comma (and, if enabled, thousand separator) must never
reach an SVG coordinate. The charts serve statistics such as the controller's (R25)."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.template import Context, Template
from django.utils import translation

from portal.charts import (
    AXIS_SPACE,
    BAR_AREA,
    BAR_GAP,
    BAR_HEIGHT,
    COLUMN_AREA,
    COLUMN_GAP,
    COLUMN_WIDTH,
    LABEL_WIDTH,
    VALUE_WIDTH,
    ChartRow,
    bar_chart,
    column_chart,
)

SVG = "{http://www.w3.org/2000/svg}"
GEOMETRY = {"x", "y", "x1", "x2", "y1", "y2", "width", "height"}


# Bars


def test_bars_are_scaled_to_the_maximum_one_under_the_other():
    chart = bar_chart(
        [ChartRow("BoU", 50, "50 %"), ChartRow("Vuxen", 100, "100 %"), ChartRow("Beroende", 12.5)],
        maximum=100,
    )

    assert [bar.width for bar in chart.bars] == [150.0, 300.0, 37.5]
    assert [bar.y for bar in chart.bars] == [0, 26, 52]
    assert [bar.bottom for bar in chart.bars] == [BAR_HEIGHT, 26 + BAR_HEIGHT, 52 + BAR_HEIGHT]
    assert [bar.text_y for bar in chart.bars] == [13, 39, 65]
    assert [bar.value_x for bar in chart.bars] == [376.0, 526.0, 263.5]
    assert chart.height == 3 * (BAR_HEIGHT + BAR_GAP)
    assert chart.width == LABEL_WIDTH + BAR_AREA + VALUE_WIDTH
    assert chart.label_x == LABEL_WIDTH - 8


def test_a_value_above_the_maximum_is_drawn_at_full_length():
    (bar,) = bar_chart([ChartRow("BoU", 150)], maximum=100).bars

    assert bar.width == BAR_AREA


def test_without_a_maximum_the_largest_value_or_target_fills_the_bar():
    chart = bar_chart([ChartRow("Nivå 1", 10, target=80), ChartRow("Nivå 2", 40)])

    assert [bar.width for bar in chart.bars] == [37.5, 150.0]
    assert chart.bars[0].target_x == LABEL_WIDTH + BAR_AREA
    assert chart.bars[1].target_x is None


def test_nothing_to_measure_draws_no_bar_and_no_division_by_nought():
    chart = bar_chart([ChartRow("BoU", None), ChartRow("Vuxen", 0)])

    assert [bar.width for bar in chart.bars] == [0.0, 0.0]
    assert [bar.value_x for bar in chart.bars] == [LABEL_WIDTH + 6] * 2


def test_an_empty_bar_chart_keeps_one_rows_height():
    chart = bar_chart([])

    assert chart.bars == ()
    assert chart.height == BAR_HEIGHT + BAR_GAP


# Columns


def test_columns_stand_on_the_baseline_side_by_side_oldest_first():
    chart = column_chart([ChartRow("jan", 0), ChartRow("feb", 5), ChartRow("mar", 10)])

    baseline = COLUMN_AREA + 16
    assert chart.baseline == baseline
    assert [column.x for column in chart.columns] == [0, 30, 60]
    assert [column.height for column in chart.columns] == [0.0, 60.0, 120.0]
    assert [column.y for column in chart.columns] == [baseline, baseline - 60, baseline - 120]
    assert [column.value_y for column in chart.columns] == [133, 73, 13]
    assert [column.label_x for column in chart.columns] == [11, 41, 71]
    assert chart.width == 3 * (COLUMN_WIDTH + COLUMN_GAP)
    assert chart.height == baseline + AXIS_SPACE
    assert chart.label_y == baseline + 14
    assert chart.maximum == 10


def test_columns_scale_to_a_given_maximum_and_clip_above_it():
    chart = column_chart([ChartRow("jan", 25), ChartRow("feb", 150)], maximum=100)

    assert [column.height for column in chart.columns] == [30.0, COLUMN_AREA]
    assert chart.maximum == 100


def test_an_empty_column_chart_keeps_one_columns_width():
    chart = column_chart([])

    assert chart.columns == ()
    assert chart.width == COLUMN_WIDTH + COLUMN_GAP
    assert chart.maximum == 1.0


# Drawing in Swedish


def _render(source: str, rows, **context) -> str:
    return Template("{% load charts %}" + source).render(Context({"rows": rows, **context}))


def _svg(html: str) -> ET.Element:
    # the portal's own template output, not untrusted input
    return ET.fromstring(re.search(r"<svg.*</svg>", html, re.S).group(0))  # noqa: S314


def _coordinates(svg: ET.Element) -> list[str]:
    values = [svg.get("viewBox")]
    for element in svg.iter():
        values += [value for name, value in element.attrib.items() if name in GEOMETRY]
    return values


@pytest.mark.parametrize("thousands", [False, True])
def test_bars_in_swedish_keep_a_decimal_point_in_every_coordinate(settings, thousands):
    settings.USE_THOUSAND_SEPARATOR = thousands
    rows = [ChartRow("Barn och unga", 12.5, "12,5 %", target=87.5), ChartRow("Vuxen", 1 / 3)]

    with translation.override("sv"):
        html = _render('{% bar_chart rows title="Andel" maximum=100 chart_id="andel" %}', rows)

    svg = _svg(html)
    coordinates = _coordinates(svg)
    assert "37.5" in coordinates  # 12.5 of 100 on a 300 pixel bar
    assert "482.5" in coordinates  # the target mark: 220 + 87.5 % of 300
    for value in coordinates:
        assert "," not in value, value
        for number in value.split():
            float(number)
    # the text shown beside the bar is the page's own, decimal comma and all
    assert "12,5 %" in html
    assert 'id="andel"' in html


@pytest.mark.parametrize("thousands", [False, True])
def test_columns_in_swedish_keep_plain_numbers_also_past_a_thousand(settings, thousands):
    settings.USE_THOUSAND_SEPARATOR = thousands
    rows = [ChartRow(f"{month}", month * 1.5, str(month)) for month in range(1, 41)]

    with translation.override("sv"):
        html = _render('{% column_chart rows title="Per månad" %}', rows)

    svg = _svg(html)
    assert svg.get("width") == "1200"
    assert len(svg.findall(f"{SVG}g")) == 40
    for value in _coordinates(svg):
        assert re.fullmatch(r"-?\d+(\.\d+)?( -?\d+(\.\d+)?)*", value), value


def test_labels_and_titles_are_escaped_in_the_drawing():
    html = _render(
        "{% bar_chart rows title=title %}", [ChartRow("<BoU> & Vuxen", 3, "3")], title="A & B"
    )

    svg = _svg(html)
    assert svg.find(f"{SVG}title").text == "A & B"
    assert svg.find(f"{SVG}g/{SVG}text").text == "<BoU> & Vuxen"
    assert "<BoU>" not in html
