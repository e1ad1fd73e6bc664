"""The build cache remembers each source file's hash with its stamp (sources.stamp), as git's index
does, and so has git's "racily clean" hole: a file rewritten within the same tick of the file
system's clock as the build read it, to the same size, keeps its stamp, and the next build would take
the old text's hash for it (and could say that nothing changed). A file changed less than RACY_NS
before the build began is therefore not remembered; the next build hashes it again."""
from __future__ import annotations

import json
import time

from gongkai import sources


def remembered(site) -> set[str]:
    state = json.loads((site.path / ".gongkai-cache/public/state.json").read_text(encoding="utf-8"))
    return {path.rpartition("/content/")[2] for path in state["hashes"] if "/content/" in path}


def test_a_source_changed_just_before_the_build_is_not_remembered(site, monkeypatch):
    monkeypatch.setattr(sources, "RACY_NS", 0, raising=False)
    assert site.build("--no-search").code == 0
    every = remembered(site)
    assert "policies/valid.md" in every and len(every) > 3           # (none is racy with RACY_NS 0)
    time.sleep(1.0)
    monkeypatch.setattr(sources, "RACY_NS", 500_000_000, raising=False)            # the fixture's files are older than that
    site.replace("content/policies/valid.md", "\n\n", "\n\n新加的一段。\n\n")
    assert site.build("--no-search").code == 0
    assert remembered(site) == every - {"policies/valid.md"}          # hashed again by the next build
    again = site.build("--no-search")
    assert again.code == 0 and again.data["summary"]["cache"]["unchanged"]     # (its key: the text hashed again)
