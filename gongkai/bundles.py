"""The search bundles in the output: their names (pagefind/, pagefind-s<n>/), what is done to a bundle
Pagefind made (finish_bundle), a bundle reused from the last output (link_tree), and the bundles an
index made beside the output moved into it (Bundles)."""
from __future__ import annotations

import os
import re
from pathlib import Path

import cbor2

from .generated import link_or_copy
from .pagefind import SearchError
from .searchstable import stabilize

# Pagefind's own UIs: the search page uses the bare API (pagefind.js) and never loads these
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")
SHARDS = "shards.json"  # in the primary bundle: the other bundles, relative to it
SEGMENTING = ('needsWordSegmentation=(lang)=>{if(!lang)return false;const primaryLang=lang.split("-")[0]'
              '.toLowerCase();return["zh","ja","th"].includes(primaryLang);}')
UNSEGMENTED = "needsWordSegmentation=(lang)=>false"


def bundle_name(n: int) -> str:
    """The primary bundle is pagefind/ (what the contract names); shard n ≥ 1 is pagefind-s<n>/."""
    return "pagefind" if n == 0 else f"pagefind-s{n}"


BUNDLE_NAME = re.compile(r"pagefind(-s[1-9][0-9]*)?")     # bundle_name's names, and no others


def bundle_number(name: str) -> int | None:
    """n of the bundle named bundle_name(n); None for any other name."""
    if not BUNDLE_NAME.fullmatch(name):
        return None
    return 0 if name == "pagefind" else int(name[len("pagefind-s"):])


def in_bundle(rel: str) -> bool:
    """rel (a path in the output) is a search bundle or inside one."""
    return bundle_number(rel.split("/", 1)[0]) is not None


def unsegment(bundle: Path) -> None:
    """Pagefind cuts a query into words by the page's language (the browser's ICU segmenter for
    zh); the substring index (see searchtext) wants the query whole, so its scripts are told that
    no language needs cutting. Pinned to the Pagefind versions whose scripts hold this function."""
    for name in ("pagefind.js", "pagefind-worker.js"):
        path = bundle / name
        script = path.read_text(encoding="utf-8")
        if SEGMENTING not in script:
            raise SearchError(f"这个版本的 Pagefind ({name}) 与 Gongkai 不兼容: 请安装 pyproject.toml 中写明的 Pagefind 版本")
        path.write_text(script.replace(SEGMENTING, UNSEGMENTED), encoding="utf-8")


class Bundles:
    """What an index made beside an output (build_index's `beside`): the bundles made in the new folder,
    how many the site has now, and the new shards.json when the primary bundle stays."""

    def __init__(self, made: list[str], count: int, listing: Path | None):
        self.made, self.count, self.listing = made, count, listing
        self.touched: list[str] = []          # the output's top-level entries move_in replaced or removed

    def move_in(self, fresh: Path, out: Path, journal) -> None:
        """The new bundles in place of the output's, the output's bundles beyond the count removed,
        its shards.json replaced, each step in the journal (gongkai.update.Journal: the caller holds
        Ctrl-C back, and rolls it back on an error). What goes is moved aside into fresh, to be
        removed with it."""
        gone = [name for name in os.listdir(out) if (bundle_number(name) or 0) >= self.count]
        for name in self.made + gone:
            if (out / name).exists() or (out / name).is_symlink():
                journal.remove(out / name)
        for name in self.made:
            journal.rename(fresh / name, out / name)
        if self.listing is not None:
            journal.replace(self.listing, out / "pagefind" / SHARDS)
        self.touched = [*self.made, *gone, *(["pagefind"] if self.listing is not None else [])]


def link_tree(source: Path, target: Path) -> None:
    """A copy of a folder whose files are hard links (a copy where the file system has none)."""
    for top, _, names in os.walk(source):
        into = target / os.path.relpath(top, source)
        into.mkdir(parents=True, exist_ok=True)
        for name in names:
            link_or_copy(Path(top, name), into / name)


def finish_bundle(bundle: Path) -> None:
    for name in UNUSED:
        (bundle / name).unlink(missing_ok=True)
    unsegment(bundle)
    try:
        stabilize(bundle)
    except (OSError, ValueError, KeyError, IndexError, TypeError, cbor2.CBORError) as e:
        raise SearchError(f"无法整理 Pagefind 的筛选索引 (Pagefind 的格式可能已改变): {e}") from None
