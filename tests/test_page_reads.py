"""Page.reads holds for every page type: a page that names the documents whose text it shows
changes with no other document's text. An incremental build trusts it (pagekeys.known_key): a page
whose documents and site structure are unchanged is taken from the last output without its
context being made. Here each document of the example site and of the test site has its text
changed in turn; every page whose context changed must have named that document (or named
nothing, and is then always made)."""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json

import pytest

from gongkai.pagekeys import DocumentHTML, context_key
from gongkai.pages import PAGE_TYPES
from gongkai.pages.document import counted
from gongkai.pipeline import check
from gongkai.render import Renderer

from conftest import ROOT, SITES


def contexts(site) -> dict[str, tuple[str | None, tuple | None]]:
    """Every page of the site: output path → (the key of its context or body, the documents it names)."""
    r = Renderer(site, with_search=True)
    out = {}
    for _, pages in PAGE_TYPES:
        for page in pages(r):
            reads = page.reads
            page = page.made()
            r.files[page.out] = b""          # the sitemap lists what came before it
            key = (hashlib.sha256(page.body).hexdigest() if page.body is not None
                   else context_key("", page.template, page.context))
            out[page.out] = (key, reads)
    return out


@pytest.mark.parametrize("root,today", [(ROOT, dt.date(2026, 11, 27)), (SITES / "clean", dt.date(2025, 6, 1))],
                         ids=["example", "clean"])
def test_a_page_changes_only_with_the_text_of_the_documents_it_names(root, today):
    site = check(root, today).site
    before = contexts(site)
    declared = [out for out, (key, reads) in before.items() if reads is not None]
    assert len(declared) == len(before)          # every page type names what it reads
    assert all(key is not None for key, _ in before.values())
    for doc in site.published:
        saved = doc.source, doc.html
        doc.source, doc.html, doc._fingerprint = doc.source + "\n改动的一句。\n", doc.html + "<p>改动的一句。</p>", None
        try:
            after = contexts(site)
        finally:
            doc.source, doc.html = saved
            doc._fingerprint = None
        changed = [out for out in before if after[out][0] != before[out][0]]
        own = doc.url + "index.html"          # (the column home's text is the home page's)
        assert own in changed, doc.path             # the change is one a page shows
        wrong = [out for out in changed if not any(d is doc for d in before[out][1])]
        assert wrong == [], (doc.path, wrong)


def test_a_document_pages_key_follows_its_html_which_goes_in_as_the_documents_fingerprint():
    site = check(ROOT, dt.date(2026, 11, 27)).site
    doc = next(d for d in site.published if d.type == "policy" and d.html)
    edited = dataclasses.replace(doc, _fingerprint=None)
    edited.html = doc.html + "<p>补充</p>"
    same = dataclasses.replace(doc, _fingerprint=None)

    def key(d, body=None):
        return context_key("", "policy.html", {"doc": None, "body": DocumentHTML.of(d) if body is None else body})

    assert key(doc) == key(same) != key(edited)
    assert str(DocumentHTML.of(edited)) == edited.html
    derived = DocumentHTML.of(doc) + "<b>"           # what a template may make of it: text, keyed as text
    assert derived.document is None and key(doc, derived) == context_key("", "policy.html", {"doc": None, "body": str(derived)})


def test_html_the_cache_kept_is_known_by_its_hash_and_decoded_only_when_read():
    site = check(ROOT, dt.date(2026, 11, 27)).site
    doc = next(d for d in site.published if d.type == "policy" and "政策" in d.html)
    html, fingerprint = doc.html, doc.fingerprint()
    kept = dataclasses.replace(doc, _fingerprint=None)
    kept.kept_html(html.encode("utf-8"), hashlib.sha256(html.encode("utf-8")).hexdigest())
    assert kept.fingerprint() == fingerprint           # the same document, however its HTML came
    assert type(kept._html) is bytes                   # its fingerprint did not decode it
    assert kept.html == html and type(kept._html) is str
    kept.html = html + "<p>补充</p>"                    # set again: known by the new text's hash
    kept._fingerprint = None
    assert kept.fingerprint() != fingerprint


@pytest.mark.parametrize("made_first", [0, 2, None])
def test_the_search_page_counts_each_documents_filters_once_whether_or_not_its_page_was_made(made_first):
    """An incremental build makes only the pages that changed: listing the document pages counts
    nothing, and the search page counts the filters of those whose page the last output gave (after
    a body edit it is not made at all)."""
    site = check(ROOT, dt.date(2026, 11, 27)).site
    expected = contexts(site)["search/index.html"][0]          # every document's page made first
    r = Renderer(site, with_search=True)
    pages = list(dict(PAGE_TYPES)["document"](r))
    assert not r.counted and not any(r.filter_counts.values())
    for page in pages[:made_first]:                            # some made (None: all), the others not
        page.made()
    if made_first:
        counted(r, pages[0].context["doc"])                   # (a document is counted once)
    page = next(dict(PAGE_TYPES)["search"](r)).made()
    assert context_key("", page.template, page.context) == expected
    assert sum(json.loads(page.context["filters"])["类型"].values()) == len([d for d in site.published if d.url])
