"""The Jinja2 environment of the theme and of a site's own layouts/, and the filters the templates use."""
from __future__ import annotations

import os

from jinja2 import (ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, TemplateNotFound,
                    select_autoescape)
from markupsafe import Markup, escape

from . import DEFAULT_LAYOUTS
from .site import Site


class Meta(dict):
    """Front matter for templates: an absent optional field reads as None, not an error."""

    def __missing__(self, key):
        return None


class ConfinedLoader(FileSystemLoader):
    """A site's own templates: a symbolic link that leads out of layouts/ is never read
    (the load stage reports it as link-broken)."""

    def get_source(self, environment, template):
        source, filename, uptodate = super().get_source(environment, template)
        base = os.path.realpath(self.searchpath[0])
        if not os.path.realpath(filename).startswith(base.rstrip(os.sep) + os.sep):
            raise TemplateNotFound(template)
        return source, filename, uptodate


def make_environment(site: Site) -> Environment:
    loaders = []
    own = site.root / "layouts"
    if own.is_dir() and own.resolve() != DEFAULT_LAYOUTS.resolve():
        loaders.append(ConfinedLoader(str(own)))
    loaders.append(FileSystemLoader(str(DEFAULT_LAYOUTS)))
    env = Environment(loader=ChoiceLoader(loaders), autoescape=select_autoescape(default=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True, extensions=["jinja2.ext.do"])
    env.filters["cn_date"] = cn_date
    env.filters["keep_together"] = keep_together
    return env


def cn_date(value) -> str:
    if not value:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"


def keep_together(value) -> Markup:
    """A 索引号, 发文字号 or date that never breaks inside; a long one may break only after a '/'."""
    parts = str(value or "").split("/")
    return Markup("/<wbr>").join(Markup('<span class="gk-nowrap">%s</span>') % escape(p) for p in parts)
