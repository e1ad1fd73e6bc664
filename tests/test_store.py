"""The cache's SQLite store is advisory: whatever happened to its file (bytes overwritten anywhere,
cut short), reading never fails and the next write leaves a working database holding what was put."""
from __future__ import annotations

import contextlib
import json
import os
import sqlite3

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from gongkai import parallel
from gongkai.jsonfile import dumps as json_bytes
from gongkai.store import Store

ENTRIES = {f"key{i:05d}": json_bytes({"i": i, "text": "政策文件" * 40}) for i in range(600)}   # many pages


def filled(path):
    store = Store(path)
    for key, value in ENTRIES.items():
        store.put(key, value)
    store.write()
    assert Store(path).read() == ENTRIES
    return path.stat().st_size


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(where=st.floats(0, 1), garbage=st.binary(min_size=1, max_size=9000), cut=st.booleans())
@example(where=0.9234565745425023, garbage=b"\x80", cut=False)      # a key no longer UTF-8 (found in CI)
def test_a_damaged_store_reads_as_what_it_still_holds_or_nothing_and_is_written_again(tmp_path, where, garbage, cut):
    path = tmp_path / "memo.sqlite"
    path.unlink(missing_ok=True)
    size = filled(path)
    with open(path, "r+b") as f:
        f.seek(int(where * size))
        f.write(garbage)
        if cut:
            f.truncate(int(where * size))
    found = Store(path).read()                   # never raises: the values are checked by their readers
    assert all(isinstance(k, str) and isinstance(v, bytes) for k, v in found.items())
    store = Store(path)
    store.put("new", b'"fresh"')
    store.write()
    assert Store(path).read().get("new") == b'"fresh"'


def test_a_store_damaged_past_its_first_page_is_started_again(tmp_path):
    """The schema page is intact, so the file opens; the table's pages are not: the store starts again
    at the first read instead of failing every build from then on."""
    path = tmp_path / "bodies.sqlite"
    size = filled(path)
    with open(path, "r+b") as f:
        f.seek(size // 2)
        f.write(b"\xa5" * 8192)
    assert Store(path).read() == {}
    store = Store(path)
    store.put("new", b"1")
    store.write()
    assert Store(path).read() == {"new": b"1"}
    assert not os.path.exists(str(path) + "-journal")


def test_a_byte_changed_inside_a_value_makes_the_entry_unreadable_not_a_different_fact(tmp_path):
    """SQLite's own checks do not see inside a value: each value carries its CRC-32."""
    path = tmp_path / "memo.sqlite"
    store = Store(path)
    store.put("checks:a", json_bytes([["personal-data", "error", "content/a.md", 21, "发现疑似居民身份证号码"]]))
    store.put("checks:b", json_bytes([]))
    store.write()
    with contextlib.closing(sqlite3.connect(path)) as db, db:
        (value,) = db.execute("SELECT value FROM entries WHERE key = 'checks:a'").fetchone()
        db.execute("UPDATE entries SET value = ? WHERE key = 'checks:a'", (bytes(value).replace(b'"error"', b'"errxr"'),))
    assert Store(path).read() == {"checks:b": b"[]"}


def test_written_entries_stay_and_dropped_ones_go_unless_put_again(tmp_path):
    path = tmp_path / "bodies.sqlite"
    store = Store(path)
    for key in ("a", "b", "c"):
        store.put(key, b'"%s"' % key.encode())
    store.write()
    store.put("c", b'"c2"')
    store.write(drop={"a", "c"})                 # c is put again: it stays, with its new value
    assert Store(path).read() == {"b": b'"b"', "c": b'"c2"'}


class Told(parallel.Early):
    """Early, with each function it forks for told."""
    forked: list = []

    def __init__(self, func, *args):
        Told.forked.append(func)
        super().__init__(func, *args)


def test_a_value_put_later_is_encoded_when_written_ahead_or_here(tmp_path, monkeypatch):
    values = {f"body{i:05d}": {"linked": {"a.md\0a/\x003": {"html": "<p>正文</p>" * (i % 30), "links": [["b.md", 3]]}}}
              for i in range(parallel.PARALLEL_FROM)}    # many: write_ahead writes them on a forked process
    ahead = Store(tmp_path / "ahead.sqlite")
    for key, value in values.items():
        ahead.put_later(key, value)
    monkeypatch.setattr(parallel, "Early", Told)
    monkeypatch.setattr(Told, "forked", [])
    ahead.write_ahead()
    assert len(Told.forked) == 1
    ahead.wait()
    assert {k: json.loads(v) for k, v in Store(tmp_path / "ahead.sqlite").read().items()} == values
    here, one = Store(tmp_path / "here.sqlite"), {"html": "<p>正文</p>"}
    here.put_later("one", one)
    one["late"] = "加上"                                   # encoded when written, not when put
    here.write()
    assert Store(tmp_path / "here.sqlite").read() == {"one": '{"html":"<p>正文</p>","late":"加上"}'.encode()}


def test_stores_written_ahead_together_are_written_on_one_process_and_a_text_as_utf8(tmp_path, monkeypatch):
    bodies, htmls = Store(tmp_path / "bodies.sqlite"), Store(tmp_path / "html.sqlite")
    many = parallel.PARALLEL_FROM // 2                    # in both together: enough for a forked process
    for i in range(many):
        bodies.put_later(f"b{i}", {"linked": {"a": {"html": f"h{i}"}}})
        htmls.put(f"h{i}", f"<p>正文{i}</p>")                # a text: its UTF-8 is stored
    monkeypatch.setattr(parallel, "Early", Told)
    monkeypatch.setattr(Told, "forked", [])
    bodies.write_ahead(htmls)
    assert len(Told.forked) == 1 and not bodies.pending and not htmls.pending
    htmls.wait()                      # either store waits for the one process
    bodies.wait()
    assert Store(tmp_path / "html.sqlite").read() == {f"h{i}": f"<p>正文{i}</p>".encode() for i in range(many)}
    assert len(Store(tmp_path / "bodies.sqlite").read()) == many
