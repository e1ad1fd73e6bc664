"""The cache's JSON (jsonfile.loads/dumps, through orjson) reads and writes what the stdlib's json
does: any value, any text, the same value back; what orjson refuses goes through json."""
from __future__ import annotations

import datetime as dt
import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from markupsafe import Markup

from gongkai.jsonfile import dumps, loads, read_json, sorted_dumps, write_json

SCALARS = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
           | st.text())                                   # lone surrogates, integers past 64 bits too
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.text(), inner, max_size=4), max_leaves=30)


def _typed(value):
    """The value with the type of every part beside it (1e20 == 10**20, but a float is no integer)."""
    if isinstance(value, list):
        return [_typed(v) for v in value]
    return (type(value).__name__, value)


def _stdlib(value) -> bytes:
    try:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(value, separators=(",", ":")).encode("ascii")


@given(VALUES)
def test_a_value_reads_back_as_itself_and_as_the_stdlib_reads_it(value):
    data = dumps(value)
    assert loads(data) == value
    assert json.loads(data) == value
    assert loads(_stdlib(value)) == value


@given(st.text())
def test_any_text_reads_as_the_stdlib_reads_it_or_fails_as_it_does(text):
    try:
        expected = json.loads(text)
    except (ValueError, RecursionError) as e:
        with pytest.raises(type(e) if isinstance(e, RecursionError) else ValueError):
            loads(text)
    else:
        got = loads(text)
        assert got == expected or (isinstance(got, float) and math.isnan(got) and math.isnan(expected))


def test_what_orjson_refuses_is_read_by_the_stdlib():
    assert loads('"\\ud800"') == "\ud800"                    # a lone surrogate's escape
    nan, inf = loads("[NaN, Infinity]")                      # json's extensions
    assert math.isnan(nan) and inf == math.inf
    assert len(json.dumps(loads("[" * 900 + "]" * 900))) == 1800
    with pytest.raises(RecursionError):                      # past both: what callers catch
        loads("[" * 2000 + "]" * 2000)


def test_integers_past_64_bits_stay_integers():
    for big in (123456789012345678901234567890, -9892398259329040384, 2**64, -2**63 - 1):
        assert type(loads(dumps(big))) is int and loads(dumps(big)) == big
        assert loads(str(big).encode()) == big and loads(f'{{"a": [{big}]}}') == {"a": [big]}


@given(st.integers(min_value=-10**21, max_value=10**21) | st.sampled_from(
    [2**64 - 1, 2**64, -2**63, -2**63 - 1, 10**19 - 1, -(10**19 - 1), 10**19, 1_764_500_000_123_456_789]))
def test_integers_at_the_edge_of_64_bits_read_back_as_integers(n):
    """orjson reads 19 digits exactly but for a minus sign before them; past 2**64 - 1 it gives a float."""
    for data in (str(n), f'{{"mtime":[{n},{n}]}}', f"[1,{n}]"):
        value = loads(data)
        assert value == json.loads(data)
        assert all(type(v) is int for v in (value["mtime"] if isinstance(value, dict) else [value] if isinstance(value, int) else value))


@given(st.lists(st.integers(min_value=-10**22, max_value=10**22) | st.text(alphabet="0123456789abcdef-x ", max_size=60),
                max_size=6))
def test_digits_inside_words_and_numbers_read_as_the_stdlib_reads_them(values):
    """A hash's run of digits is no number, a number's run is: either way the value read is json's."""
    for data in (json.dumps(values), json.dumps(values, separators=(",", ":")), "".join(map(str, values))):
        try:
            expected = json.loads(data)
        except ValueError:
            continue
        assert _typed(loads(data)) == _typed(expected)


def test_what_does_not_read_back_as_itself_is_known():
    """orjson writes infinities and NaN as null: the memo stores a fact only when it reads back as
    the value (memo.keep), so neither is kept."""
    assert loads(dumps([math.inf, math.nan])) == [None, None]


def test_what_json_cannot_write_is_refused_as_it_refuses_it():
    for value in (dt.date(2024, 1, 1), {"on": dt.datetime(2024, 1, 1)}, {1, 2}):
        with pytest.raises(TypeError):
            dumps(value)
    assert loads(dumps({1: "a"})) == {"1": "a"}                    # int keys become text, as in json


def test_files_are_written_whole_and_read_leniently(tmp_path):
    path = tmp_path / "sub" / "state.json"
    write_json(path, {"文件\udc80": [1, 2]})
    assert read_json(path) == {"文件\udc80": [1, 2]}
    path.write_bytes(b"{not json")
    assert read_json(path) is None
    assert read_json(tmp_path / "missing.json") is None
    assert [p.name for p in path.parent.iterdir()] == ["state.json"]


class _Doc:
    """What a page's context may hold that json cannot write itself (cache._plain's cases)."""
    def __init__(self, n):
        self.n = n


def _default(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return "T" + value.isoformat()
    if isinstance(value, _Doc):
        return f"doc{value.n}"
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=repr)
    raise TypeError(type(value).__name__)


CONTEXTS = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text() | st.dates() | st.datetimes() | st.integers(0, 9).map(_Doc) | st.text().map(Markup)
    | st.frozensets(st.integers(), max_size=3),
    lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner)
    | st.dictionaries(st.text(), inner, max_size=4) | st.dictionaries(st.integers(), inner, max_size=3),
    max_leaves=30)


@given(CONTEXTS)
def test_sorted_dumps_writes_the_bytes_json_writes(value):
    try:
        expected = json.dumps(value, sort_keys=True, default=_default, ensure_ascii=False,
                              separators=(",", ":")).encode("utf-8", "surrogatepass")
    except TypeError:
        with pytest.raises(TypeError):
            sorted_dumps(value, _default)
        return
    assert sorted_dumps(value, _default) == expected


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_sorted_dumps_spells_a_float_one_way_and_reads_it_back(value):
    """orjson may spell a float otherwise than json (0.00006103515625): a key only needs one float
    to be one spelling, and two floats two."""
    data = sorted_dumps({"x": [value]}, _default)
    assert data == sorted_dumps({"x": [float(repr(value))]}, _default) and loads(data) == {"x": [value]}


def test_sorted_dumps_raises_what_default_raises():
    class Unkeyable(TypeError):
        pass

    def refuse(value):
        raise Unkeyable("no")

    with pytest.raises(Unkeyable):
        sorted_dumps({"a": object()}, refuse)
