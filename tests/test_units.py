"""Small pieces with sharp edges: partial dates and the escaping of contributor text."""

from __future__ import annotations

import markdown
import pytest

from generator.dates import PartialDate, out_of_order
from generator.templating import address, escape_text


def test_partial_dates_keep_their_precision():
    assert PartialDate.parse("2025-09").human() == "September 2025"
    assert PartialDate.parse("2019").human() == "2019"
    assert PartialDate.parse("2024-09-30").human() == "2024-09-30"
    assert PartialDate.parse("2025-09").iso() == "2025-09"


@pytest.mark.parametrize("text", ["2024-02-30", "2023-13", "24-01-01", "2024-1-1", "", "soon"])
def test_impossible_dates_are_refused(text):
    with pytest.raises(ValueError):
        PartialDate.parse(text)


def test_partial_dates_are_out_of_order_only_when_certainly_so():
    assert not out_of_order(PartialDate.parse("2025-09"), PartialDate.parse("2025"))
    assert not out_of_order(PartialDate.parse("2025"), PartialDate.parse("2025-01-01"))
    assert out_of_order(PartialDate.parse("2025-10"), PartialDate.parse("2025-09-30"))


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "[click](javascript:alert(1))",
        "<img src=x onerror=alert(1)>",
        "a | b ![x](https://tracker.example/x.png)",
    ],
)
def test_contributor_text_renders_as_text(text):
    html = markdown.markdown(f"| a |\n|---|\n| {escape_text(text)} |", extensions=["tables"])
    assert "<script" not in html and "<img" not in html and "href=" not in html
    assert html.count("<td>") == 1


def test_only_web_addresses_become_links():
    assert address("javascript:alert(1)") == "#"
    assert address("https://example.com/a b)") == "https://example.com/a%20b%29"
