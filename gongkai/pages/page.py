"""The record a page type yields: the page's URL, its template and the template's context."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Page:
    url: str                    # site-root-relative folder URL ("" is the column home)
    template: str
    context: dict = field(default_factory=dict)
    path: str | None = None     # the output file when it is not url + "index.html" (404.html, feed.xml)
    body: bytes | None = None   # a file written as is, without a template (data/*.csv)

    @property
    def out(self) -> str:
        return self.path or self.url + "index.html"
