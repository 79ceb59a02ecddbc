"""The one CSV writer: formula-led cells neutralised as OWASP recommends."""

import pytest

from portal.csvfiles import read_cell, safe_cell


@pytest.mark.parametrize(
    "value",
    ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("https://x","y")'],
)
def test_formula_led_cells_are_written_as_text_and_read_back(value):
    assert safe_cell(value) == "'" + value
    assert read_cell(safe_cell(value)) == value


@pytest.mark.parametrize("value", ["-2.9645", "+44", "-3", "Liverpool", "", "a=b", 12, None])
def test_numbers_and_ordinary_text_are_left_alone(value):
    assert safe_cell(value) == value
