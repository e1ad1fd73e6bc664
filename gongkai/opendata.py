"""Open data (contract §4): data/policies.json, data/policies.csv and data/catalog.json.

policies.csv holds the same fields as the JSON, one row per published policy, UTF-8 with a BOM so
that a spreadsheet opens it as Chinese; lists are joined with "；". catalog.json is the catalog tree
with each item's code, name, URL, document count (its own and its children's) and last update."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json

from .site import Site, catalog_url, newest_first

POLICY_FIELDS = ("type", "title", "published", "issuer", "category", "index_number", "doc_number",
                 "written", "normative", "status", "valid_from", "valid_until", "interpretation",
                 "amended_by", "repealed_by", "replaces", "topics", "subject", "attachments")
EXTRA = ("path", "url", "effective_status", "interpretation_urls")
LISTS = ("topics", "attachments", "replaces")      # [] when absent
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")   # a spreadsheet would run such a cell as a formula (-2+3+cmd|…)


def policy_records(site: Site) -> list[dict]:
    out = []
    for p in sorted(site.of_type("policy"), key=newest_first):
        meta = p.meta
        obj = {key: meta.get(key) for key in POLICY_FIELDS}
        obj["normative"] = bool(obj["normative"])
        obj["valid_from"] = obj["valid_from"] or p.published
        if not obj["subject"]:          # (the contract's default, as pages and search show it)
            item = site.config.catalog_item(meta.get("category") or "")
            obj["subject"] = item.name if item else None
        for key in LISTS:
            if obj[key] is None:
                obj[key] = []
        for key, value in obj.items():
            if isinstance(value, dt.date):
                obj[key] = value.isoformat()
        obj["path"] = p.path
        obj["url"] = p.url
        obj["effective_status"] = site.effective_status(p)
        obj["interpretation_urls"] = [i.url for i in site.interpretations_of(p)]
        out.append(obj)
    return out


_ENCODER = json.JSONEncoder(ensure_ascii=False)      # (json.dumps makes one a call: a tenth of the time)


def policies_json(records: list[dict]) -> bytes:
    """One policy per line: as readable as indented JSON, and written by json's C encoder (an indent
    makes json use its pure-Python one, about a second for 10,000 policies)."""
    lines = ",\n".join(map(_ENCODER.encode, records))
    return f"[\n{lines}\n]\n".encode("utf-8") if records else b"[]\n"


def _cell(value) -> str:
    if type(value) is str:               # (most cells)
        text = value
    elif value is None:
        return ""
    elif isinstance(value, bool):
        return "true" if value else "false"
    elif isinstance(value, list):      # (the joined cell is guarded as a whole: its first item leads it)
        text = "；".join(f"{v['title']} ({v['file']})" if isinstance(v, dict) else str(v) for v in value)
    else:
        text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def policies_csv(records: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(POLICY_FIELDS + EXTRA)
    for r in records:
        writer.writerow([_cell(r[key]) for key in POLICY_FIELDS + EXTRA])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def catalog_json(site: Site) -> bytes:
    def item(c) -> dict:
        docs = site.documents_under(c.code)
        newest = max((d.published for d in docs if d.published), default=None)
        return {"code": c.code, "name": c.name, "url": catalog_url(c.code), "documents": len(docs),
                "last_update": newest.isoformat() if newest else None,
                "children": [item(child) for child in site.children(c.code)]}

    tree = [item(c) for c in site.children(None)]
    return (json.dumps({"title": site.config.title, "catalog": tree}, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


OPEN_DATA = ("data/catalog.json", "data/policies.csv", "data/policies.json")     # what open_data makes


def open_data(site: Site) -> dict[str, bytes]:
    records = policy_records(site)
    return {"data/policies.json": policies_json(records), "data/policies.csv": policies_csv(records),
            "data/catalog.json": catalog_json(site)}
