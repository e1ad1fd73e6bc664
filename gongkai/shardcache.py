"""What the build cache remembers of the search index (cache.BuildCache's part): each shard's key and
the bundle made of it, so that a shard whose pages are unchanged is that bundle, linked or left where
it stands, not indexed again (search.build_index); and each page's hash with its stats
(searchpages.PageDigests, indexed.json)."""
from __future__ import annotations

import threading
from pathlib import Path

from . import treestats
from .bundles import BUNDLE_NAME
from .jsonfile import write_json
from .searchpages import PageDigests
from .treestats import FOLDER


class ShardMemory:
    """The search index's memory of a BuildCache, which sets dir, out, state, modes and found()."""
    dir: Path
    out: Path
    state: dict
    modes: tuple[int, int]
    linked: bool
    committed: bool

    def start_shards(self, empty: bool) -> None:
        shards = self.state.get("shards")
        self.old_shards: dict = shards if isinstance(shards, dict) else {}     # shard key → bundle
        self.shards: dict[str, str] = {}
        self._by_bundle: tuple[dict, dict] | None = None
        self._splitting = threading.Lock()
        self.page_digests = PageDigests(self.dir / "indexed.json", read=not empty)

    def bundle(self, key: str, name: str) -> Path | None:
        """The last output's search bundle made from a shard with this key, if it is there as that
        build wrote it (None: index the shard). The new bundle `name` is remembered for the next build."""
        self.shards[key] = name
        old = self.old_shards.get(key)
        if not isinstance(old, str) or not BUNDLE_NAME.fullmatch(old):
            return None
        written, there = self._bundles()
        expected, found = written.get(old), there.get(old)
        file_mode, folder_mode = self.modes
        right = self.found().get(old) == [FOLDER, 0, 0, folder_mode] and found and all(
            mode == (folder_mode if kind == FOLDER else file_mode) for kind, *_, mode in found.values())
        return self.out / old if expected and found == expected and right else None

    def _bundles(self) -> tuple[dict, dict]:
        """What the last build wrote (its manifest) and what the output holds (found(): walked as this
        build began, as for its pages) by search bundle: name → {path inside it: stats}, split once
        (a city's site has hundreds of bundles, its output 300,000 entries; the shards' threads ask
        at once)."""
        with self._splitting:
            if self._by_bundle is None:
                self._by_bundle = (_by_bundle(self.state.get("output") or {}), _by_bundle(self.found()))
            return self._by_bundle

    def kept_index(self, manifest: dict[str, list]) -> dict[str, list]:
        """The manifest of a build that left the output's search bundles as they stood (serve's pages,
        previewindex.KeepIndex): a bundle that was not as the last build recorded it when this one
        began (a file removed or edited by hand) is recorded as treestats.unmatched, so that the next
        index makes it again instead of taking it for the last index's."""
        written, there = self._bundles()
        changed = {name for name in {*written, *there} if written.get(name) != there.get(name)}
        if not changed:
            return manifest
        return {rel: treestats.unmatched(v) if v[0] >= 0 and rel.partition("/")[0] in changed else v
                for rel, v in manifest.items()}

    def remember_index(self, touched) -> None:
        """After an index made over the output where it stands (serve's, once its pages are built:
        previewindex): the shards, and the last build's manifest with the bundles `touched` as they
        are now; the rest of its state as it was. Nothing when there is no such state."""
        if not self.state or self.linked or self.committed:
            return
        try:
            manifest = treestats.with_tops(dict(self.state.get("output") or {}), self.out, touched)
            write_json(self.dir / "state.json", {**self.state, "shards": self.shards, "output": manifest})
            self.page_digests.save()
        except OSError:        # (as remember: the next index is whole)
            return


def _by_bundle(entries: dict) -> dict[str, dict]:
    split: dict[str, dict] = {}
    for rel, v in entries.items():
        top, _, inside = rel.partition("/")
        if inside and BUNDLE_NAME.fullmatch(top):
            split.setdefault(top, {})[inside] = v
    return split
