"""SVG charts: well-formed, accessible (role, title, desc, labelledby), no style attributes,
bars proportional to the values, labels escaped."""
from __future__ import annotations

import xml.etree.ElementTree as ET

from awareness.reports import charts
from awareness.reports.charts import Bar, bar_chart, column_chart, describe

NS = "{http://www.w3.org/2000/svg}"


def parse(markup: str) -> ET.Element:
    return ET.fromstring(str(markup))


def test_column_chart_is_accessible_and_proportional() -> None:
    bars = [Bar("1", 50.0, "50,0%"), Bar("2", 100.0, "100,0%"), Bar("3", None, "–")]
    svg = parse(column_chart("trend", "Deelname", describe(bars), bars))
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "trend-title"
    assert svg.get("aria-describedby") == "trend-desc"
    assert svg.find(f"{NS}title").text == "Deelname"
    assert svg.find(f"{NS}desc").text == "1: 50,0%; 2: 100,0%; 3: verborgen"
    heights = [float(r.get("height")) for r in svg.iter(f"{NS}rect")]
    assert heights == [90.0, 180.0]  # the hidden bar is not drawn
    assert all("style" not in el.attrib for el in svg.iter())


def test_bar_chart_escapes_labels() -> None:
    bars = [Bar("<script>&", 25.0, "25%")]
    markup = str(bar_chart("t", "Titel <b>", "beschrijving", bars))
    assert "<script>" not in markup and "&lt;script&gt;&amp;" in markup
    svg = parse(markup)
    assert float(next(svg.iter(f"{NS}rect")).get("width")) == 80.0  # 25% of 320
    texts = [t.text for t in svg.iter(f"{NS}text")]
    assert "25%" in texts


def test_percent_text_uses_a_decimal_comma_and_a_dash_for_hidden() -> None:
    assert charts.percent_text(58.25) == "58,2%"
    assert charts.percent_text(100.0) == "100,0%"
    assert charts.percent_text(None) == "–"


def test_participation_bars_follow_the_rounds() -> None:
    from types import SimpleNamespace

    rows = [SimpleNamespace(info=SimpleNamespace(number=n), participation=p)
            for n, p in ((1, 77.3), (2, None))]
    assert charts.participation_bars(rows) == [Bar("1", 77.3, "77,3%"), Bar("2", None, "–")]


def test_grouped_column_chart_tells_series_apart_without_colour_alone() -> None:
    months = ["01-2026", "02-2026"]
    series = [charts.Series("Eerste keer", [Bar("01-2026", 50.0, "50,0%"),
                                            Bar("02-2026", None, "–")]),
              charts.Series("Terug", [Bar("01-2026", 100.0, "100,0%"),
                                      Bar("02-2026", 25.0, "25,0%")]),
              charts.Series("Afgerond <&>", [Bar("01-2026", 10.0, "10,0%"),
                                             Bar("02-2026", 20.0, "20,0%")])]
    markup = str(charts.grouped_column_chart("g", "Titel", "Beschrijving", months, series))
    svg = parse(markup)
    assert svg.get("role") == "img" and svg.get("aria-describedby") == "g-desc"
    assert all("style" not in el.attrib for el in svg.iter())
    bars = [r for r in svg.iter(f"{NS}rect") if r.get("class") == "chart-series"]
    legend = [r for r in svg.iter(f"{NS}rect") if r.get("class") == "chart-legend"]
    # Five bars (the hidden one is a dash), 180 high at 100%, in the legend's fills.
    assert [float(r.get("height") or 0) for r in bars] == [90.0, 180.0, 45.0, 18.0, 36.0]
    assert [r.get("fill") for r in legend] == ["#0b4f9c", "#b04a00", "url(#g-hatch)"]
    assert [r.get("fill") for r in bars] == ["#0b4f9c", "#b04a00", "#b04a00", "url(#g-hatch)",
                                             "url(#g-hatch)"]
    assert svg.find(f".//{NS}pattern").get("id") == "g-hatch"
    texts = [t.text for t in svg.iter(f"{NS}text")]
    assert "Afgerond <&>" in texts and "–" in texts and "02-2026" in texts
