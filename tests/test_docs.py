"""The docs in the repository (issue 8): the field and site.toml references and the code tables are
what the code would generate today; every example line in them is accepted by the code; nothing a
user reads links outside the repository."""
from __future__ import annotations

import re

import pytest
import yaml

from conftest import ROOT
from gongkai import docsgen
from gongkai.fields import FIELDS
from gongkai.validation import _coerce
from gongkai.registry import RULES

READ = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), ROOT / "accessibility" / "README.md"]
LINK = re.compile(r"\]\(([^)\s]+)\)")


@pytest.mark.parametrize("path", list(docsgen.expected()), ids=lambda p: p.name)
def test_generated_docs_are_what_the_code_would_write(path):
    assert path.read_text(encoding="utf-8") == docsgen.expected()[path], \
        f"{path.name} is stale: run python -m gongkai.docsgen"


def test_every_field_and_code_is_documented():
    fields = (ROOT / "docs" / "fields.md").read_text(encoding="utf-8")
    guide = (ROOT / "docs" / "editor-guide.md").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert all(f"`{key}`" in fields for key in FIELDS)
    assert all(f"`{r.code}`" in guide and f"`{r.code}`" in readme for r in RULES)


@pytest.mark.parametrize("key", list(FIELDS))
def test_each_field_example_is_accepted(key):
    f = FIELDS[key]
    value = yaml.safe_load(f"{key}: {f.example}")[key]
    if f.kind == "date":
        value = str(value)
    coerced, reason = _coerce(f, value, None)
    assert reason is None, (key, f.example, reason)


@pytest.mark.parametrize("path", READ, ids=lambda p: p.name)
def test_nothing_a_user_reads_points_outside_the_repository(path):
    text = path.read_text(encoding="utf-8")
    assert "shared/" not in text and "CONTENT.md" not in text
    prose = re.sub(r"`[^`\n]*`", "", re.sub(r"```.*?```", "", text, flags=re.S))    # examples are not links
    for target in LINK.findall(prose):
        if target.startswith(("http://", "https://", "#", "mailto:")):
            continue
        local = (path.parent / target.split("#")[0]).resolve()
        assert local.exists() and ROOT in local.parents, (path.name, target)
