"""Loading a site: every file of content/ read (the kernel asked to read them ahead), each document's
front matter parsed (remembered, or on every core) and validated, the layouts' and static files
listed; the result is a Site (gongkai.site)."""
from __future__ import annotations

import contextlib
import datetime as dt
from functools import partial
from pathlib import Path

from .config import Config
from .diagnostics import Diagnostic, make
from .documents import Document, document_text, parsed_document
from .files import prefetch_aside, walk_folder
from .memo import parse_all
from .oserrors import reason
from .site import Site
from .sources import digest


def hold(doc: Document, today: dt.date, preview: bool) -> None:
    """Drafts and documents dated after the build date are held back; a preview shows them, marked."""
    held = "draft" if doc.draft else "scheduled" if doc.published and doc.published > today else ""
    doc.hold, doc.preview = ("", bool(held)) if preview else (held, False)


def _given(fm, text: str):
    """A front matter parsed before (parse_all) as parsed_document's parser."""
    if isinstance(fm, Exception):
        raise fm
    return fm


def _read_all(files: dict[str, Path], assets: dict, texts: list, unparsed: set, diags: list, hashed: bool) -> None:
    """Each Markdown file of files read (its text, control-character findings and, if hashed, its
    text's sha256 where it is the file's bytes, into texts; or why it cannot be read), every other
    file an asset; the kernel asked to read them all ahead meanwhile."""
    ahead = prefetch_aside([full for rel, full in files.items() if rel.endswith(".md")])
    try:
        for rel, full in files.items():
            if not rel.endswith(".md"):
                assets[rel] = full
                continue
            try:
                with open(full, "rb", buffering=0) as f:       # (no buffer: a fifth less than read_bytes, 20,000 times)
                    raw = f.read()
            except OSError as e:
                diags.append(make("frontmatter-invalid", "content/" + rel, None, f"无法读取文件: {reason(e)}"))
                continue
            text, controls = document_text(rel, raw)
            if text is None:
                diags.extend(controls)
                unparsed.add(rel)
            else:           # a text that is its file's very bytes is hashed as them: no encoding again
                same = not controls and not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw
                texts.append((rel, text, controls, digest(raw) if hashed and same else ""))
    finally:
        if ahead is not None:
            ahead.close()


def load_site(root: Path, config: Config, today: dt.date, skip: Path | None = None,
              preview: bool = False, memo=None, counted=None) -> tuple[Site, list[Diagnostic]]:
    """Read every file of content/ (documents and assets) and list the files of static/.
    memo: parsed front matter remembered by an earlier build (gongkai.memo); counted(n): told the
    number of Markdown files as soon as they are found."""
    diags: list[Diagnostic] = []
    documents: list[Document] = []
    assets: dict[str, Path] = {}
    unparsed: set[str] = set()
    texts: list[tuple[str, str, list[Diagnostic], str]] = []     # (path, text, its control-character findings, sha)
    walk = walk_folder(root / "content", root, skip)
    diags.extend(walk.diagnostics)
    if counted is not None:
        counted(sum(1 for rel in walk.files if rel.endswith(".md")))
    _read_all(walk.files, assets, texts, unparsed, diags, hashed=memo is not None)
    # each text hashed once: the memo's key, and the document's fingerprint (Document.source_sha)
    shas = [sha or digest(text) for _, text, _, sha in texts] if memo else None
    with contextlib.closing(parse_all(memo, [text for _, text, _, _ in texts], shas)) as parsed:
        for i, ((rel, text, controls, _), fm) in enumerate(zip(texts, parsed)):      # each as soon as it is parsed
            doc, problems = parsed_document(rel, text, controls, partial(_given, fm))
            diags.extend(problems)
            if doc is not None:
                doc.source_sha = shas[i] if shas else ""
                hold(doc, today, preview)
                documents.append(doc)
            else:
                unparsed.add(rel)
    site = Site(root, config, today, documents, assets, unparsed, memo=memo)
    walk = walk_folder(root / "layouts", root, skip)      # templates too: no link may lead out of layouts/
    diags.extend(walk.diagnostics)
    site.theme_static = {"assets/" + rel[len("static/"):]: full for rel, full in walk.files.items()
                         if rel.startswith("static/")}
    walk = walk_folder(root / "static", root, skip)
    diags.extend(walk.diagnostics)
    site.static = dict(walk.files)
    seen: dict[str, Document] = {}
    for d in documents:
        other = seen.setdefault(d.url, d)
        if other is not d:
            for a, b in ((d, other), (other, d)):
                diags.append(make("duplicate", a.file, 1,
                                  f"与 {b.file} 生成同一个网址 /{d.url}: 请给其中一个文件换个名字或位置"))
    return site, diags
