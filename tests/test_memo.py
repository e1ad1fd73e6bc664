"""Facts remembered between builds (gongkai.memo): what comes back from memory is what computing
it gives — for any front matter, whatever a damaged memo file holds."""
from __future__ import annotations

import contextlib
import json
import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai import memo
from gongkai.frontmatter import FrontMatter, FrontMatterError, parse
from gongkai.memo import Memo
from gongkai.store import framed

SCALARS = st.one_of(st.text(max_size=8), st.integers(), st.booleans(), st.none(), st.floats(allow_nan=True),
                    st.sampled_from(["2024-02-30", "0012", "1e400", ".nan", "~", "!!binary aGk=", "{1: a}",
                                     "[a, b]", "'引号'", "- x", "|\n  多行\n  文字"]))
KEYS = st.sampled_from(["type", "title", "published", "topics", "1", "2024", "x y"])


def front_matter(pairs, body):
    lines = ["---"]
    for key, value in pairs:
        if isinstance(value, list):
            lines.append(f"{key}:")
            lines += [f"  - {json.dumps(v, ensure_ascii=False) if not isinstance(v, str) else v}" for v in value]
        else:
            lines.append(f"{key}: {value if isinstance(value, str) else json.dumps(value)}")
    return "\n".join(lines + ["---", body])


TEXTS = st.builds(front_matter, st.lists(st.tuples(KEYS, SCALARS | st.lists(SCALARS, max_size=3)), max_size=5),
                  st.text(max_size=20))


def outcome(text, parser):
    try:
        fm = parser(text)
    except FrontMatterError as e:
        return ("error", e.line, e.message)
    return repr(fm)        # repr: NaN and -0.0 compare as written


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(TEXTS, min_size=1, max_size=4))
def test_front_matter_from_memory_is_what_parsing_gives(texts):
    with tempfile.TemporaryDirectory() as tmp:
        first = Memo(Path(tmp))
        assert [outcome(t, first.parse) for t in texts] == [outcome(t, parse) for t in texts]
        first.save()
        again = Memo(Path(tmp))
        assert [outcome(t, again.parse) for t in texts] == [outcome(t, parse) for t in texts]


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=6) | st.floats(),
                    lambda inner: st.lists(inner, max_size=8) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
                    max_leaves=20)


@settings(max_examples=200, deadline=None)
@given(text=TEXTS, stored=JSON)
def test_any_stored_entry_is_computed_again_unless_it_has_the_right_shape(text, stored):
    with tempfile.TemporaryDirectory() as tmp:
        memo = Memo(Path(tmp))
        outcome(text, memo.parse)
        memo.remembered("copy", "甲", lambda: 0.25, float)
        memo.save()
        with contextlib.closing(sqlite3.connect(Path(tmp) / "memo.sqlite")) as db, db:
            db.execute("UPDATE entries SET value = ?", (framed(json.dumps(stored).encode()),))
        damaged = Memo(Path(tmp))
        got = outcome(text, damaged.parse)
        if got != outcome(text, parse):     # only a stored value of exactly the right shape can differ
            fm = json.loads(json.dumps(stored))
            assert isinstance(fm, list) and len(fm) == 7
        share = damaged.remembered("copy", "甲", lambda: 0.25, float)
        assert isinstance(share, float)


@pytest.mark.parametrize("value", [{1: "a"}, [float("nan")], {"a": (1, 2)}, [float("inf")]])
def test_values_json_cannot_give_back_are_computed_each_time(tmp_path, value):
    memo = Memo(tmp_path)
    calls = []
    memo.remembered("x", "text", lambda: calls.append(1) or value)
    memo.save()
    Memo(tmp_path).remembered("x", "text", lambda: calls.append(1) or value)
    assert len(calls) == 2


def alias_bomb(levels: int) -> str:
    """A front matter of a few hundred bytes whose aliases, written out, hold 2 ** levels items."""
    anchors = ["x0: &x0 {k: v}"] + [f"x{i}: &x{i} [*x{i - 1}, *x{i - 1}]" for i in range(1, levels)]
    return "---\ntype: policy\ntitle: 炸弹\n" + "\n".join(anchors) + "\n---\n正文\n"


def test_a_yaml_alias_bomb_is_parsed_but_never_written_out_to_be_remembered(tmp_path):
    """PyYAML keeps an alias as the same object, parse never expands it; JSON would write 2 ** 18
    items here (2 ** 40 for a slightly longer file, for ever, deaf to SIGTERM): such a front matter
    is not remembered, a small one is."""
    remembering = Memo(tmp_path)
    bomb, plain = alias_bomb(18), "---\ntype: policy\ntitle: 小文件\n---\n正文\n"
    data = remembering.parse(bomb).data
    assert data["x17"][0] is data["x16"]                   # one object, not a copy
    remembering.parse(plain)
    remembering.save()
    stored = {key.split(":")[0] for key in Memo(tmp_path).old}
    assert len(Memo(tmp_path).old) == 1 and stored == {"fm"}
    data = Memo(tmp_path).parse(alias_bomb(40)).data        # 2 ** 40 items written out: it ends at once
    assert data["x39"][0] is data["x39"][1]


def test_a_front_matter_too_deep_to_send_from_a_worker_is_parsed_in_the_build():
    """pickle recurses: a worker's front matter nested 600 deep cannot be sent (the whole part failed
    with a RecursionError): it is parsed again in the build, as one process parses it."""
    deep = "---\ntype: policy\ntitle: 深\nextra: " + "[" * 600 + "]" * 600 + "\n---\n正文\n"
    assert memo._parsed(deep) is None and isinstance(memo._parsed("---\ntitle: 浅\n---\n"), bytes)
    got = list(memo.parse_all(None, [deep]))[0]
    assert isinstance(got, FrontMatter) and got == parse(deep)


def test_a_loaded_documents_fingerprint_takes_its_text_by_the_hash_the_memo_keyed_it_by(tmp_path):
    """The load hashes each text once, for the memo's key and for the document's fingerprint
    (Document.source_sha): that hash is its text's, and a fingerprint changes with the text alone."""
    import dataclasses
    import datetime as dt
    import hashlib

    from conftest import ROOT
    from gongkai.config import load_config
    from gongkai.loading import load_site

    config, _ = load_config(ROOT)
    site, _ = load_site(ROOT, config, dt.date(2026, 11, 27), memo=Memo(tmp_path / "cache"))
    assert len(site.documents) > 20
    for doc in site.documents:
        assert doc.source_sha == hashlib.sha256(doc.source.encode("utf-8", "surrogatepass")).hexdigest()
    doc = site.documents[0]
    edited = dataclasses.replace(doc, source=doc.source + "补充", _fingerprint=None,
                                 source_sha=hashlib.sha256((doc.source + "补充").encode()).hexdigest())
    same = dataclasses.replace(doc, _fingerprint=None)
    unhashed = dataclasses.replace(doc, _fingerprint=None, source_sha="")
    assert doc.fingerprint() == same.fingerprint() != edited.fingerprint()
    assert unhashed.fingerprint() != doc.fingerprint()      # (the text itself, marked otherwise than its hash)
    assert dataclasses.replace(unhashed, source=edited.source, _fingerprint=None).fingerprint() != unhashed.fingerprint()


PIECES = [b"\xef\xbb\xbf", b"---\n", b"type: article\n", b"title: \xe6\xa0\x87\xe9\xa2\x98\n", b"\r\n", b"\r", b"\n",
          b"\x07", "\u202e".encode(), "正文。".encode(), b"\xff", b"\t"]


@settings(max_examples=60, deadline=None)
@given(parts=st.lists(st.sampled_from(PIECES), max_size=14))
def test_a_texts_hash_is_its_own_whether_made_from_the_files_bytes_or_from_the_text(parts):
    """The load hashes a text that is its file's very bytes as those bytes (no encoding again): a BOM,
    a carriage return or a control character makes the text differ from the file, and it is hashed
    as text. Either way Document.source_sha is the text's."""
    import datetime as dt
    import hashlib

    from conftest import ROOT
    from gongkai.config import load_config
    from gongkai.loading import load_site

    config, _ = load_config(ROOT)
    with tempfile.TemporaryDirectory() as folder:
        site_dir = Path(folder)
        (site_dir / "content").mkdir()
        (site_dir / "content" / "a.md").write_bytes(b"---\ntype: article\ntitle: t\n---\n" + b"".join(parts))
        site, _ = load_site(site_dir, config, dt.date(2026, 11, 27), memo=Memo(site_dir / "cache"))
        for doc in site.documents:
            assert doc.source_sha == hashlib.sha256(doc.source.encode("utf-8", "surrogatepass")).hexdigest()
