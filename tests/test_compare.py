"""新旧条文对照 (issue 9): paragraphs aligned, changes at character level marked with <ins>/<del> and
words; the page is linked from both policies and from the interpretation's 新旧差异 section."""
from __future__ import annotations

from bs4 import BeautifulSoup

from gongkai.compare import compare

OLD = ["第一条 为了保障老年人权益，制定本办法。", "第二条 补贴标准为每人每月一百元。", "第三条 本办法自发布之日起施行。"]
NEW = ["第一条 为了保障老年人权益，制定本办法。", "第二条 补贴标准为每人每月一百二十元。",
       "第三条 补贴按季度发放。", "第四条 本办法自发布之日起施行。"]


def test_two_known_texts_are_aligned_and_marked_at_character_level():
    rows = compare(OLD, NEW)
    assert [r["kind"] for r in rows] == ["未修改", "修改", "新增", "修改"]
    changed = BeautifulSoup(str(rows[1]["marked"]), "html.parser")
    assert [i.get_text() for i in changed.find_all("ins")] == ["［新增：二十］"]
    assert changed.find("del") is None
    assert rows[1]["marked"].striptags().replace("［新增：二十］", "二十") == NEW[1]
    last = BeautifulSoup(str(rows[3]["marked"]), "html.parser")
    assert [d.get_text() for d in last.find_all("del")] == ["［删除：三］"] and [i.get_text() for i in last.find_all("ins")] == ["［新增：四］"]
    assert compare(OLD, [])[0]["kind"] == "删除" and compare([], NEW)[0]["kind"] == "新增"


def test_the_comparison_page_is_linked_from_both_policies_and_the_interpretation(site):
    site.replace("content/policies/valid.md", "topics: [养老服务]", "topics: [养老服务]\nreplaces: [policies/old.md]")
    assert site.build("--no-search").code == 0
    url = "policies/valid/compare/old/"
    soup = BeautifulSoup((site.out / url / "index.html").read_text(encoding="utf-8"), "html.parser")
    kinds = [k.get_text() for k in soup.select(".gk-compare__kind")]
    assert kinds and set(kinds) <= {"未修改", "修改", "新增", "删除"}
    assert soup.select("ins") or soup.select("del")
    for page, base in (("policies/valid/", "/policies/valid/"), ("policies/old/", "/policies/old/")):
        doc = BeautifulSoup((site.out / page / "index.html").read_text(encoding="utf-8"), "html.parser")
        section = doc.select_one("#gk-compare-h").find_parent("section")
        assert section.a["href"].endswith("compare/old/"), page
    interp = BeautifulSoup((site.out / "interpretations/valid/index.html").read_text(encoding="utf-8"), "html.parser")
    heading = next(h for h in interp.select("h2") if "新旧差异" in h.get_text())
    link = heading.find_next_sibling()
    assert "gk-compare-link" in link.get("class", []) and link.a["href"].endswith("policies/valid/compare/old/")
