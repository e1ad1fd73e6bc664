"""Property-based fuzzing of everything that parses input: front matter, bodies, site.toml, file names.

Any outcome but diagnostics and a clean exit status (0, 1 or 2) fails: a traceback raises out of
the entry function and fails the test. Hypothesis prints the failing example and the blob to
reproduce it (print_blob).
"""
from __future__ import annotations

import datetime as dt
import os
import re
import shutil

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SITES, SiteDir

FUZZ = settings(max_examples=150, deadline=dt.timedelta(seconds=30), print_blob=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

# characters that mean something to YAML, Markdown, HTML, TOML or a file system, and some that mean nothing
SPECIAL = ":-[]{}#&*!|>'\"%@`,?<>/\\=.()~_+^$\t\n\r \x00\x01\x1b\x7f\u2028\ufeff\uffff：，。〔〕【】《》"
text = st.text(alphabet=st.sampled_from(SPECIAL) | st.characters(codec="utf-8"), max_size=300)
scalars = (st.none() | st.booleans() | st.integers(min_value=-10**30, max_value=10**30)
           | st.floats(allow_nan=True) | text | st.dates().map(str)
           | st.sampled_from(["9999-12-31", "0001-01-01", "2024-02-30", "policy", "现行有效", "zcwj",
                              "policies/valid.md", "../site.toml", "interpretations/valid.md",
                              "consultation", "interpretation", "report", "page", "article"]))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.sampled_from(["title", "file", "value", "reason"]) | text, inner,
                                        max_size=4), max_leaves=12)
KEYS = ["type", "title", "published", "issuer", "category", "draft", "index_number", "doc_number", "written",
        "normative", "status", "valid_from", "valid_until", "interpretation", "amended_by", "repealed_by",
        "replaces", "topics", "subject", "attachments", "policy", "forms", "opens", "closes", "feedback", "year",
        "allow_personal_data"]


@pytest.fixture
def fuzz_site(tmp_path) -> SiteDir:
    dest = tmp_path / "site"
    shutil.copytree(SITES / "clean", dest)
    return SiteDir(dest)


PYYAML_WORDS = re.compile(r"\b(while|found|expected|scanning|parsing|could not|cannot|token|mapping)\b")


def assert_clean(r) -> None:
    assert r.code in (0, 1, 2), r.code
    for d in r.diagnostics:
        assert d["severity"] in ("error", "warning") and isinstance(d["message"], str) and d["message"]
        assert d["line"] is None or (isinstance(d["line"], int) and d["line"] >= 1)
        if d["code"] == "frontmatter-invalid":      # Chinese for the editor, never PyYAML's English
            assert not PYYAML_WORDS.search(d["message"]), d["message"]


# valid documents of the fixture site, each mutated in a few keys below
BASES = ["content/policies/valid.md", "content/interpretations/valid.md", "content/consultations/c1.md",
         "content/reports/2024.md", "content/articles/feedback.md", "content/policies/old.md"]


DATE_KEYS = {"published", "written", "valid_from", "valid_until", "opens", "closes"}


EXTREME_DATES = st.sampled_from(["0001-01-01", "9999-12-31", "9999-06-01", "2024-02-29", "1900-01-01", "2999-12-31"])
DATES = EXTREME_DATES | st.dates().map(str)


def value_for(key: str):
    """Values a key is likely to break on: dates and numbers at their extremes, then anything at all."""
    if key in DATE_KEYS:
        return DATES | values
    if key == "year":
        return st.integers() | values
    return values


CHANGE = st.sampled_from(KEYS).flatmap(lambda k: st.tuples(st.just(k), value_for(k)))


def mutate_and_build(site, base: str, changes: dict, drop=()) -> None:
    text = (SITES / "clean" / base).read_text(encoding="utf-8")
    _, head, body = text.split("---\n", 2)
    meta = {k: v for k, v in yaml.safe_load(head).items() if k not in drop}
    meta.update(changes)
    try:
        head = yaml.safe_dump(meta, allow_unicode=True)
    except (yaml.YAMLError, ValueError):
        return
    site.write(base, f"---\n{head}---\n{body}")
    if site.out.exists():
        shutil.rmtree(site.out)
    try:
        assert_clean(site.build("--no-search"))
    finally:
        site.write(base, text)


@FUZZ
@given(base=st.sampled_from(BASES),
       changes=st.fixed_dictionaries({}, optional={k: DATES for k in sorted(DATE_KEYS)}), today=DATES)
def test_dates_anywhere(fuzz_site, base, changes, today):
    """Every date field of every type at any date, the build date too: a diagnostic, never a crash."""
    mutate_and_build(fuzz_site, base, {**changes, "normative": True})
    assert_clean(fuzz_site.run("check", today=today))


@FUZZ
@given(base=st.sampled_from(BASES), changes=st.lists(CHANGE, min_size=1, max_size=4).map(dict),
       drop=st.lists(st.sampled_from(KEYS), max_size=2))
def test_structured_front_matter(fuzz_site, base, changes, drop):
    mutate_and_build(fuzz_site, base, changes, drop)


@FUZZ
@given(head=text, body=text)
def test_raw_front_matter_and_body(fuzz_site, head, body):
    fuzz_site.write("content/policies/valid.md", f"---\n{head}\n---\n{body}")
    assert_clean(fuzz_site.run("check"))


MARKDOWN = st.lists(st.sampled_from([
    "# ", "## 政策背景\n", "- ", "1. ", "    ", "> ", "```", "~~~", "|a|b|\n|-|-|\n", "[链接](", "](", "![图](", ")",
    "<div>", "</div>", "<b>", "<img src=", "<a href=\"", "\"", ">", "javascript:", "//other.example/x.png",
    "http://[::1", "<script>", "<video controls>", "<track kind=\"captions\">", "<!--", "-->", "&#0;", "&amp",
    "{#id}", "[^1]", "[^1]: 注\n", "*", "**", "_", "\\", "\n", "\n\n", "政策", "110101199003074515", "秘密★",
    "../files/form.csv", "../policies/valid.md", "<style>@import url(x)</style>", "\x00", "\t",
]), max_size=80).map("".join)


@FUZZ
@given(body=MARKDOWN)
def test_markdown_bodies_build(fuzz_site, body):
    fuzz_site.replace("content/policies/valid.md", "各乡镇人民政府:", "各乡镇人民政府:\n" + body)
    if fuzz_site.out.exists():
        shutil.rmtree(fuzz_site.out)
    r = fuzz_site.build("--no-search")
    assert_clean(r)
    fuzz_site.write("content/policies/valid.md",
                    (SITES / "clean/content/policies/valid.md").read_text(encoding="utf-8"))


TOML = st.lists(st.sampled_from([
    "[site]\n", "[[catalog]]\n", "[policy]\n", "[build]\n", "[interpretation]\n", "title = ", "base_url = ",
    "code = ", "name = ", "update_days = ", "max_validity_years = ", "page_size = ", "required_sections = ",
    "\"https://www.example.gov.cn/zwgk/\"", "\"zcwj\"", "\"政策\"", "99999999", "0", "-1", "1e999", "[", "]",
    "\"\\u0001\"", "{", "}", ",", "\n", "true", "2025-01-01", "\"", "'''", "#",
]), max_size=40).map("".join)


@FUZZ
@given(config=TOML | text)
def test_site_toml(fuzz_site, config):
    fuzz_site.write("site.toml", config)
    r = fuzz_site.run("check")
    assert_clean(r)
    if r.code == 2:
        assert r.diagnostics and all(d["file"] in ("site.toml", "") for d in r.diagnostics if d["severity"] == "error")


NAME = st.text(alphabet=st.characters(codec="utf-8", exclude_characters="/\x00"), min_size=1, max_size=40)


@FUZZ
@given(name=NAME, suffix=st.sampled_from([".md", ".svg", ".csv", ".html", "", ".MD", ".md~"]), data=text)
def test_file_names(fuzz_site, name, suffix, data):
    full = name + suffix
    if full in (".", "..") or len(full.encode()) > 200:
        return
    target = fuzz_site.path / "content" / "fuzz" / full
    target.parent.mkdir(exist_ok=True)
    try:
        target.write_text(data, encoding="utf-8", errors="surrogatepass")
    except (OSError, UnicodeEncodeError):
        return
    try:
        if fuzz_site.out.exists():
            shutil.rmtree(fuzz_site.out)
        assert_clean(fuzz_site.build("--no-search"))
    finally:
        os.unlink(target)


@settings(max_examples=500, deadline=None)
@given(path=st.lists(st.sampled_from(["a", "_index", "index", ".", "..", "", "b.c", ".md", "x.md", "中文", "_index.md",
                                      "index.md", "a b", ".hidden.md"]), min_size=1, max_size=5).map("/".join))
def test_a_documents_url_is_what_its_path_says(path):
    from pathlib import PurePosixPath

    from gongkai.documents import url_of
    p = PurePosixPath(path)
    parts = list(p.parent.parts) if p.stem in ("_index", "index") else [*p.parent.parts, p.stem]
    assert url_of(path) == "".join(part + "/" for part in parts)


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.binary(max_size=40), st.text(max_size=40).map(lambda t: t.encode("utf-8", "surrogatepass")))
       .flatmap(lambda raw: st.sampled_from([raw, b"\xef\xbb\xbf" + raw, raw.replace(b"\n", b"\r\n")])))
def test_a_files_bytes_decode_as_utf_8_sig_with_any_line_ending_made_a_line_break(raw):
    """frontmatter.decode skips utf-8-sig's Python wrapper: the same text, or the same error at the
    same place (a file's line of its encoding error is counted from it)."""
    from gongkai.frontmatter import decode
    try:
        expected = raw.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as e:
        with pytest.raises(UnicodeDecodeError) as found:
            decode(raw)
        assert (found.value.start, found.value.reason) == (e.start, e.reason)
        return
    assert decode(raw) == expected
