"""Which field an unknown front-matter key was meant to be.

An editor new to YAML writes a field the way the forms of the old CMS named it (标题, 草稿,
发文字号), or with a capital or a typo (Draft, darft). Such a key is no field, so it is dropped:
`草稿: true` would publish a draft. The key is matched against the fields' names (any case,
near misses) and their Chinese labels (the same or nearly), so that the editor is told which
field to write instead.
"""
from __future__ import annotations

import difflib

NAME_CUTOFF = 0.75       # darft → draft, pubished → published; not summary → subject
LABEL_CUTOFF = 0.5       # 发布时间 → 发布日期, 文号 → 发文字号; two characters in common at least


def meant(key: str, labels: dict[str, str]) -> str | None:
    """The field `key` most likely stands for (labels: field → its Chinese label), or None."""
    if key.strip().isascii():          # (a full-width space before status: is no Chinese name)
        lower = key.strip().lower()
        if lower in labels:
            return lower
        close = difflib.get_close_matches(lower, list(labels), n=1, cutoff=NAME_CUTOFF)
        return close[0] if close else None
    by_label = {label: field for field, label in labels.items()}
    name = key.strip().rstrip("：:")
    if name in by_label:
        return by_label[name]
    scored = sorted(((difflib.SequenceMatcher(None, name, label).ratio(), label) for label in by_label
                     if len(set(label) & set(name)) >= 2), reverse=True)
    if not scored or scored[0][0] < LABEL_CUTOFF or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None          # nothing near, or two fields alike (日期: 发布日期? 成文日期?): no guess
    return by_label[scored[0][1]]
