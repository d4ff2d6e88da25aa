"""Property tests: formatting reads back to the value it formats, and the loader either loads a
table or refuses it with a DataError, never a traceback."""

import re
import shutil
from pathlib import Path

import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from macros.check.checked_catalog import load_catalog
from macros.check.consistency import InconsistentData, verify
from macros.core.errors import DataError
from macros.core.numbers import MINUS, format_change, format_money, format_share, plain_number
from tests.conftest import ROOT

BASE = ROOT / "tests" / "fixtures" / "bad_input" / "base"
amounts = st.floats(min_value=-1e7, max_value=1e7, allow_nan=False, allow_infinity=False)


def read_money(text: str) -> tuple[float, float]:
    """Parse 'RMB 9.06 billion' back to (value in millions, half of its last shown unit); nil reads 'RMB 0'."""
    if text == "RMB 0":
        return 0.0, 0.0
    match = re.fullmatch(rf"({MINUS}?)RMB ([\d,]+(?:\.(\d+))?) (million|billion)", text)
    assert match, text
    sign = -1 if match.group(1) else 1
    number = float(match.group(2).replace(",", ""))
    scale = 1000 if match.group(4) == "billion" else 1
    half_unit = 0.5 * 10 ** -len(match.group(3) or "") * scale
    return sign * number * scale, half_unit


@given(amounts, st.integers(min_value=0, max_value=3))
def test_money_reads_back_within_its_rounding(value, decimals):
    shown, half_unit = read_money(format_money(value, "RMB million", decimals))
    assert abs(shown - value) <= half_unit * 1.000001 + 1e-9


@given(amounts, st.integers(min_value=0, max_value=3))
def test_money_switches_to_billions_exactly_at_one_thousand_million(value, decimals):
    text = format_money(value, "RMB million", decimals)
    assert text.endswith("billion") == (abs(round(value, decimals)) >= 1000)


@given(amounts, st.integers(min_value=0, max_value=3))
def test_money_carries_the_sign_unless_it_rounds_to_zero(value, decimals):
    text = format_money(value, "RMB million", decimals)
    shown, _ = read_money(text)
    assert text.startswith(MINUS) == (value < 0 and shown != 0)


@given(st.floats(min_value=0.01, max_value=1e6), st.floats(min_value=0, max_value=1e6))
def test_change_has_the_sign_of_the_difference_and_reads_back(old, new):
    text = format_change(new, old)
    expected = (new - old) / old * 100
    number = float(text.lstrip("+" + MINUS).rstrip("%"))
    if text[0] == "+":
        assert expected > 0
    elif text[0] == MINUS:
        assert expected < 0
    else:
        assert number == 0
    assert abs(abs(expected) - number) <= 0.05 + 1e-9 * abs(expected)


@given(st.floats(min_value=0, max_value=1e6), st.floats(min_value=0.01, max_value=1e6))
def test_a_share_of_a_larger_whole_lies_within_0_and_100(part, whole):
    assume(part <= whole)
    assert 0 <= float(format_share(part, whole).rstrip("%")) <= 100


@given(amounts)
def test_plain_numbers_round_trip_exactly(value):
    assert float(plain_number(value)) == value


# Periods that had ended when the example release was published (a source cannot report a later one).
periods = st.one_of(
    st.integers(2000, 2024).map(lambda y: f"FY{y}"),
    st.tuples(st.integers(1, 4), st.integers(2000, 2024)).map(lambda t: f"Q{t[0]} {t[1]}"),
)
# Revenue is declared 'sign: positive'.
values = st.decimals(min_value=0, max_value=99999, places=1, allow_nan=False, allow_infinity=False)


def fresh_data(tmp: Path) -> Path:
    data = tmp / "data"
    if data.exists():
        shutil.rmtree(data)
    shutil.copytree(BASE, data)
    return data


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(periods, values, min_size=1, max_size=12))
def test_random_valid_tables_load_with_their_values(tmp_path, table):
    data = fresh_data(tmp_path)
    rows = "".join(f"revenue,{p},{v},example-release,reported,\n" for p, v in table.items())
    (data / "results.csv").write_text("metric,period,value,source,status,note\n" + rows, encoding="utf-8")
    # The base chart of annual revenue would rightly refuse a table with quarters alone.
    (data / "charts.yml").write_text("{}\n", encoding="utf-8")
    catalog = load_catalog(data)
    for period, value in table.items():
        assert catalog.observation("revenue", period).value == float(value)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_random_corruptions_are_refused_with_a_message_never_a_traceback(tmp_path, data):
    folder = fresh_data(tmp_path)
    target = folder / data.draw(st.sampled_from(["results.csv", "results.meta.yml", "sources.yml", "charts.yml"]))
    raw = bytearray(target.read_bytes())
    for _ in range(data.draw(st.integers(1, 3))):
        position = data.draw(st.integers(0, len(raw)))
        action = data.draw(st.sampled_from(["insert", "delete", "replace", "truncate"]))
        byte = data.draw(st.sampled_from([*b',":\n-[]{}#x9 ', 0xFF, 0xE4]))
        if action == "insert":
            raw[position:position] = bytes([byte])
        elif action == "delete" and position < len(raw):
            del raw[position]
        elif action == "replace" and position < len(raw):
            raw[position] = byte
        else:
            del raw[position:]
    target.write_bytes(bytes(raw))
    try:
        verify(load_catalog(folder))
    except (DataError, InconsistentData) as error:
        message = str(error)
        assert message.startswith("data/") or message.startswith("the data disagrees")
        assert "Fix:" in message


yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=6,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_any_yaml_structure_is_refused_with_a_message_never_a_traceback(tmp_path, data):
    """Well-formed YAML with wrong types or shapes anywhere: a list where text belongs, a mapping
    where a metric name belongs, a number where a mapping belongs."""
    folder = fresh_data(tmp_path)
    name = data.draw(st.sampled_from(["results.meta.yml", "sources.yml", "charts.yml", "disagreements.yml"]))
    path = folder / name
    document = (
        yaml.safe_load(path.read_text(encoding="utf-8"))
        if path.exists()
        else [{"check": "at-most", "metric": "revenue", "period": "FY2024", "reason": "x"}]
    )

    def mutate(node):
        if isinstance(node, dict) and node:
            key = data.draw(st.sampled_from(sorted(node, key=str)))
            node[key] = mutate(node[key]) if data.draw(st.booleans()) else data.draw(yaml_values)
        elif isinstance(node, list) and node:
            index = data.draw(st.integers(0, len(node) - 1))
            node[index] = mutate(node[index]) if data.draw(st.booleans()) else data.draw(yaml_values)
        else:
            return data.draw(yaml_values)
        return node

    path.write_text(yaml.safe_dump(mutate(document), allow_unicode=True), encoding="utf-8")
    try:
        verify(load_catalog(folder))
    except (DataError, InconsistentData) as error:
        assert "Fix:" in str(error)
