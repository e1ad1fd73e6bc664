"""Every page of the site as a table of page types, as Pelican splits its generators: each entry
is a function of the Renderer that yields Page records (where, which template, what context).
The Renderer renders the documents first; on a large site the main process renders the other
pages while worker processes render the documents, except those that read what the documents'
pages produced (AFTER_DOCUMENTS: the search page counts their search filters, the sitemap lists
every page), which come after, in this order, the sitemap last."""
from __future__ import annotations

from ..opendata import OPEN_DATA
from ..site import catalog_url
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


def fixed_urls(config) -> frozenset[str]:
    """The URLs of what the generator makes besides the documents' pages that a body may link to
    (../zcjd/, ../gfxwj/, ../search/, ../data/policies.csv): the column home, the first page of each
    list, search, the accessibility statement, the open data, the feed and the sitemap."""
    return frozenset({"", fixed.SEARCH_URL, fixed.STATEMENT_URL, lists.INTERPRETATIONS_URL, lists.NORMATIVE_URL,
                      "feed.xml", "sitemap.xml", *OPEN_DATA, *(catalog_url(c.code) for c in config.catalog)})


__all__ = ["AFTER_DOCUMENTS", "PAGE_TYPES", "Page", "fixed_urls"]
