"""Every page of the site as a table of page types, as Pelican splits its generators: each entry
is a function of the Renderer that yields Page records (where, which template, what context).
The Renderer renders them in this order; the search page comes after the documents, whose search
filters it counts, and the data files last, the sitemap listing every page rendered before it."""
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
    ("data", data.data_files),                  # sitemap.xml, feed.xml (templates), data/*
)

__all__ = ["PAGE_TYPES", "Page"]
