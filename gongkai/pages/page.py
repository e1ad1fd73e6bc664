"""The record a page type yields: the page's URL, its template and the template's context."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Page:
    url: str                    # site-root-relative folder URL ("" is the column home)
    template: str
    context: dict = field(default_factory=dict)
    path: str | None = None     # the output file when it is not url + "index.html" (404.html, feed.xml)
    body: bytes | None = None   # a file written as is, without a template (data/*.csv)
    # made only when the page is not the same as in the last output: the context, or the body of a
    # file without template
    make: Callable[[], dict | bytes] | None = None
    # the documents whose text (body, HTML) the page shows; of all the others it reads no more than
    # the front matter, the paths and the site's settings (None: not known, the context is always made)
    reads: tuple | None = None

    @property
    def out(self) -> str:
        return self.path or self.url + "index.html"

    def made(self) -> Page:
        """The page with its context (or body) made."""
        if self.make is not None:
            value, self.make = self.make(), None
            if self.template:
                self.context = value
            else:
                self.body = value
        return self
