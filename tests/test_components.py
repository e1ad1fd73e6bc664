"""The theme's components, GOV.UK Frontend style: each folder of gongkai/theme/components/ documents its
params with examples (examples.yaml); every example is rendered and audited with axe in Chromium."""
from __future__ import annotations

import sys

import pytest
import yaml
from bs4 import BeautifulSoup
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined

from conftest import ROOT
from gongkai import DEFAULT_LAYOUTS

sys.path.insert(0, str(ROOT / "accessibility"))
from audit import audit_pages  # noqa: E402

COMPONENTS = sorted(p.parent for p in (DEFAULT_LAYOUTS / "components").glob("*/macro.html"))
PAGE = ('<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<link rel="stylesheet" href="../gongkai.css"></head><body><main><h1>{title}</h1>{html}</main></body></html>')


def environment() -> Environment:
    from gongkai.templates import keep_together, cn_date
    env = Environment(loader=ChoiceLoader([FileSystemLoader(str(DEFAULT_LAYOUTS))]), undefined=StrictUndefined,
                      autoescape=True, trim_blocks=True, lstrip_blocks=True, extensions=["jinja2.ext.do"])
    env.filters.update(cn_date=cn_date, keep_together=keep_together)
    return env


def spec(folder):
    return yaml.safe_load((folder / "examples.yaml").read_text(encoding="utf-8"))


def render(folder, params) -> str:
    macro = spec(folder)["macro"]
    source = f'{{% from "components/{folder.name}/macro.html" import {macro} %}}{{{{ {macro}(params) }}}}'
    return environment().from_string(source).render(params=params)


def test_every_component_has_documented_examples():
    assert len(COMPONENTS) >= 7
    for folder in COMPONENTS:
        doc = spec(folder)
        assert doc["description"] and doc["examples"], folder.name
        assert f"macro {doc['macro']}(" in (folder / "macro.html").read_text(encoding="utf-8")
        for example in doc["examples"]:
            undocumented = set(example["params"]) - set(doc["params"])
            assert not undocumented, (folder.name, example["name"], undocumented)
            required = {k for k, v in doc["params"].items() if v["required"]}
            assert required <= set(example["params"]), (folder.name, example["name"])


def test_every_example_renders_and_passes_axe(tmp_path):
    (tmp_path / "gongkai.css").write_bytes((DEFAULT_LAYOUTS / "static/gongkai.css").read_bytes())
    urls = []
    for folder in COMPONENTS:
        for example in spec(folder)["examples"]:
            url = f"{folder.name}-{example['name']}/"
            html = render(folder, example["params"])
            (tmp_path / url).mkdir()
            (tmp_path / url / "index.html").write_text(PAGE.format(title=url, html=html), encoding="utf-8")
            urls.append(url)
    for viewport in ((1280, 800), (375, 740)):
        report = audit_pages(tmp_path, urls, viewport=viewport)
        assert {u: v for u, v in report.items() if v} == {}


def test_metadata_skips_rows_without_a_value_and_pairs_the_rest():
    folder = DEFAULT_LAYOUTS / "components/metadata"
    soup = BeautifulSoup(render(folder, spec(folder)["examples"][0]["params"]), "html.parser")
    labels = [th.get_text() for th in soup.find_all("th")]
    assert "主题词" not in labels and labels[0] == "标题"
    assert [len(tr.find_all("th")) for tr in soup.find_all("tr")] == [1, 2, 2]


@pytest.mark.parametrize("status, shown", [("已废止", True), ("文件已修改", True), ("现行有效", False), (None, False)])
def test_status_tag_shows_only_what_is_not_in_force(status, shown):
    html = render(DEFAULT_LAYOUTS / "components/status_tag", {"status": status})
    assert ("gk-tag--inactive" in html) is shown
