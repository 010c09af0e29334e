"""Metric values as papers write them: a number and a unit for sorting, the text for display."""

from __future__ import annotations

import time
from decimal import Decimal

import pytest

from opensota.evaluations.values import ParsedValue, is_missing, parse_value


@pytest.mark.parametrize("raw, number, unit", [
    ("28.4", 28.4, ""),
    ("76.3%", 76.3, "%"),
    ("76.3 %", 76.3, "%"),
    ("1.2M", 1.2e6, "M"),
    ("35.76M params", 35.76e6, "M"),
    ("220k", 220e3, "k"),
    ("3.0m", 3.0e6, "M"),  # parameter counts: "m" is a million (SNLI)
    ("0.46B", 0.46e9, "B"),
    ("43B?", 43e9, "B"),
    ("~257M", 257e6, "M"),
    ("71.8 ± 0.3", 71.8, ""),
    ("71.8 +- 0.3", 71.8, ""),
    ("71.8 (±0.3)", 71.8, ""),
    ("0.25±0.005", 0.25, ""),
    ("4.1e-3", 4.1e-3, ""),
    ("4.1E+2", 410.0, ""),
    ("4.1 × 10^-3", 4.1e-3, ""),
    ("90.2*", 90.2, ""),
    ("90.2†", 90.2, ""),
    ("90.2^a", 90.2, ""),
    ("60.7+", 60.7, ""),
    ("**67.3**", 67.3, ""),
    ("1,234.5", 1234.5, ""),
    ("12,345", 12345.0, ""),
    ("−3.2", -3.2, ""),
    ("-3.2", -3.2, ""),
    ("+3.2", 3.2, ""),
    (".5", 0.5, ""),
    ("87.3 / 90.1", 87.3, ""),
    ("93.0/90.7", 93.0, ""),
    ("(14.62 10.86)", 14.62, ""),
    ("17.1(16.1 with basic dynamic evaluation)", 17.1, ""),
    ("\ufeff93.3", 93.3, ""),
    ("12ms", 12.0, ""),  # "m" followed by a letter is a unit, not a million
    ("  28.4  ", 28.4, ""),
])
def test_values_as_papers_write_them(raw, number, unit):
    parsed = parse_value(raw)
    assert parsed.number == pytest.approx(number)
    assert parsed.unit == unit
    assert parsed.text == raw.strip().lstrip("\ufeff")


@pytest.mark.parametrize("raw", [
    "-", "—", "–", "−", "--", "---", "n/a", "N/A", "", "?", "x", "none", "null",
    "Please tell us", "Yes", "**Recall**", "±0.3", "v3.5.0 conversion",
])
def test_cells_without_a_number_keep_their_text(raw):
    assert parse_value(raw) == ParsedValue(raw, None, "")


@pytest.mark.parametrize("text", ["-", " — ", "----", "n/a", "N/A", "na", "?", "x", "None", "TBD", ""])
def test_cells_saying_there_is_no_value(text):
    assert is_missing(text)


@pytest.mark.parametrize("text", ["0", "-0.5", "n/a 1", "xx", "Nature", "- 3"])
def test_cells_saying_something_else(text):
    assert not is_missing(text)


@pytest.mark.parametrize("raw", [
    "nan", "NaN", "inf", "-inf", "Infinity", "1e9999", "-1e400",
    float("nan"), float("inf"), float("-inf"), Decimal("NaN"), Decimal("sNaN"), 10**400,
])
def test_nan_and_infinities_are_not_numbers(raw):
    assert parse_value(raw).number is None


@pytest.mark.parametrize("raw, text", [
    (0.28191, "0.28191"),
    (37, "37"),
    (-16.0, "-16.0"),
    (1e-05, "1e-05"),
    (Decimal("0.28191"), "0.28191"),  # what ijson gives for a JSON number
    (Decimal("36.50"), "36.50"),
])
def test_json_numbers_keep_their_text_as_the_dump_wrote_it(raw, text):
    parsed = parse_value(raw)
    assert parsed.text == text
    assert parsed.number == pytest.approx(float(raw))
    assert parsed.unit == ""


def test_other_json_values_are_text_without_a_number():
    assert parse_value(None) == ParsedValue("", None)
    assert parse_value(True) == ParsedValue("true", None)
    assert parse_value(["91.0"]).number is None
    assert parse_value({"value": 1}).number is None


def test_a_decimal_comma_is_not_guessed_at():
    assert parse_value("0,85").number is None


def test_control_and_invisible_characters_are_dropped():
    parsed = parse_value("\x00 12.5\x07\u200b")
    assert parsed == ParsedValue("12.5", 12.5)
    assert parse_value("7\t±\n0.3") == ParsedValue("7 ± 0.3", 7.0)
    assert "\u202e" not in parse_value("\u202e91.0").text


@pytest.mark.parametrize("raw", [
    "1" * 100_000,  # would be a wrong number if read partly, and overflows if read whole
    "9" * 41,
    "1" + "," + ",".join(["000"] * 50_000),
    "1e" + "9" * 10_000,
    "(" * 100_000 + "x",
    " " * 100_000,
    "±" * 100_000,
    "1." + "0" * 100_000,
])
def test_hostile_strings_parse_quickly_to_nothing(raw):
    started = time.perf_counter()
    parsed = parse_value(raw)
    assert time.perf_counter() - started < 1
    assert parsed.number is None


def test_a_long_remark_after_the_number_is_kept_as_text():
    raw = "91.2 " + "remark " * 10_000
    parsed = parse_value(raw)
    assert parsed.number == 91.2
    assert parsed.text == raw.strip()


def test_a_unit_always_fits_the_stored_field():
    for raw in ["76.3%", "1.2M", "220k", "5G", "7T", "1.04B"]:
        assert len(parse_value(raw).unit) <= 20
