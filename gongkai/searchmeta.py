"""What the search index keeps of a document page besides its text: the metadata a result shows and
the filters the contract names (类型, 发文机关, 年份, 有效性, 主题分类), as Pagefind attributes."""
from __future__ import annotations

from .documents import Document
from .fields import TYPE_NAMES

FILTERS = ("类型", "发文机关", "年份", "有效性", "主题分类")


def search_fields(renderer, doc: Document) -> dict:
    """{filters: [(name, value)], meta: [(key, value)], sort: {key: value}} for the templates."""
    status = renderer.effective(doc)          # an interpretation carries its policy's
    subject_of = renderer.governing(doc) or doc
    item = renderer.config.catalog_item(subject_of.meta.get("category") or "")
    topic = subject_of.meta.get("subject") or (item.name if item else "")
    filters = [("类型", TYPE_NAMES.get(doc.type, ""))]
    filters += [("发文机关", issuer) for issuer in doc.issuers]
    if doc.published:
        filters.append(("年份", str(doc.published.year)))
    if status:
        filters.append(("有效性", status))
    if topic:
        filters.append(("主题分类", topic))
    meta = [("type", TYPE_NAMES.get(doc.type, "")), ("doc_number", doc.meta.get("doc_number") or ""),
            ("index_number", doc.meta.get("index_number") or ""),
            ("issuer", "、".join(doc.issuers)), ("date", doc.published.isoformat() if doc.published else ""),
            ("effective", status or "")]
    return {"filters": [(k, v) for k, v in filters if v], "meta": [(k, v) for k, v in meta if v],
            "sort": {"date": doc.published.isoformat()} if doc.published else {}}
