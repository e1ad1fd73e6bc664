"""Every page of the site as a table of page types, as Pelican splits its generators: each entry
is a function of the Renderer that yields Page records (where, which template, what context).
The Renderer renders the documents first; on a large site the main process renders the other
pages while worker processes render the documents, except those that read what the documents'
pages produced (AFTER_DOCUMENTS: the search page counts their search filters, the sitemap lists
every page), which come after, in this order, the sitemap last."""
from __future__ import annotations

from . import data, document, fixed, lists
from .page import Page

PAGE_TYPES = (
    ("document", document.documents),           # one page per published document
    ("catalog", lists.catalog_lists),           # one list per catalog item, paginated
    ("interpretations", lists.interpretation_list),
    ("normative", lists.normative),             # 现行有效行政规范性文件统一查询
    ("compare", lists.comparisons),             # 新旧条文对照
    ("home", fixed.home),
    ("search", fixed.search),
    ("not_found", fixed.not_found),
    ("statement", fixed.statement),             # 无障碍声明
    ("data", data.data_files),                  # data/*, feed.xml (a template)
    ("sitemap", data.sitemap),                  # sitemap.xml (a template), every page before it
)

AFTER_DOCUMENTS = frozenset(("search", "sitemap"))

__all__ = ["AFTER_DOCUMENTS", "PAGE_TYPES", "Page"]
