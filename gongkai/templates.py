"""The Jinja2 environment of the theme and of a site's own layouts/, and the filters the templates use."""
from __future__ import annotations

import hashlib
import os

import markupsafe
from jinja2 import (ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, Template, TemplateNotFound,
                    select_autoescape)
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from . import DEFAULT_LAYOUTS
from .files import theme_assets
from .security import CSP
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


_escape_inner = getattr(markupsafe, "_escape_inner", None)       # (MarkupSafe 3: str → escaped str, in C)


def _escape_text(text: str) -> str:
    """A str escaped, as a plain str (escape() wraps it in Markup, in Python)."""
    return _escape_inner(text) if _escape_inner is not None else str(escape(text))


def _escape_printed(value):
    """escape() of what a template prints ({{ … }}), the same text: a str escaped as a plain str, not
    wrapped in Markup (a template's output only joins what it prints into one text; wrapping took a
    fifth of rendering a page, 100 values a page)."""
    if type(value) is str:
        return _escape_inner(value)
    return escape(value)


class _Template(Template):
    @classmethod
    def from_code(cls, environment, code, globals, uptodate=None):
        """The compiled template, printing through _escape_printed: Jinja's code calls `escape` only on
        what an autoescaped template prints (Output nodes), never to make Markup it reads again."""
        template = super().from_code(environment, code, globals, uptodate)
        namespace = template.root_render_func.__globals__       # the module the code was run in
        if _escape_inner is not None and namespace.get("escape") is escape:
            namespace["escape"] = _escape_printed
        return template


class _PlainGlobals:
    template_class = _Template

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._loaded: dict[tuple, Template] = {}

    def get_template(self, name, parent=None, globals=None):
        """Each template as loaded the first time (the environment never reloads: auto_reload is off),
        from a plain dict: Jinja's LRU cache took a lock and a weak reference for every extends and
        import, eight a document page."""
        if globals is not None or not isinstance(name, str):
            return super().get_template(name, parent, globals)
        found = self._loaded.get((name, parent))
        if found is None:
            found = self._loaded[name, parent] = super().get_template(name, parent)
        return found

    def make_globals(self, d):
        """Each template's globals as a plain dict, not Jinja's ChainMap over the environment's: they
        never change once the environment is made, and every import of a component's macros (five a
        document page) compared the page's globals with the macro template's through the ChainMap's
        Python code (a tenth of rendering a document page)."""
        return {**self.globals, **(d or {})}


_OWN_ATTRIBUTES = {dict: frozenset(dir(dict)), Meta: frozenset(dir(Meta))}


class _Environment(_PlainGlobals, Environment):
    def getattr(self, obj, attribute):
        """page.title of a plain dict (or meta.title of a Meta): its item, as Jinja's getattr finds it
        after an AttributeError (raised and caught for nearly every name a page prints: a seventh of
        rendering), read first."""
        own = _OWN_ATTRIBUTES.get(type(obj))
        if own is not None and attribute not in own:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return Environment.getattr(self, obj, attribute)


class _Sandboxed(_PlainGlobals, SandboxedEnvironment):
    """The site's own templates (layouts/) are the office's files, not Gongkai's: Jinja's sandbox
    keeps them from Python's internals ({{ cycler.__init__.__globals__.os.popen(…) }} ran a command)."""


def make_environment(site: Site) -> Environment:
    loaders = []
    own = site.root / "layouts"
    if own.is_dir() and own.resolve() != DEFAULT_LAYOUTS.resolve():
        loaders.append(ConfinedLoader(str(own)))
    loaders.append(FileSystemLoader(str(DEFAULT_LAYOUTS)))
    # the theme alone is Gongkai's code, rendered as it is; with any template of the site's, all in the sandbox
    overridden = len(loaders) > 1 and any(name.endswith((".html", ".xml")) for name in loaders[0].list_templates())
    env = (_Sandboxed if overridden else _Environment)(loader=ChoiceLoader(loaders), autoescape=select_autoescape(default=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True, extensions=["jinja2.ext.do"],
                      auto_reload=False)    # one environment a build: a template's file is not looked at
    #                                         again for every page (20,000 pages: 4% of rendering)
    env.filters["cn_date"] = cn_date
    env.globals["csp"] = Markup(CSP)
    env.globals["asset"] = Fingerprints({**theme_assets(), **site.theme_static})
    env.filters["keep_together"] = keep_together
    return env


def cn_date(value) -> str:
    if not value:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"


def keep_together(value) -> Markup:
    """A 索引号, 发文字号 or date that never breaks inside; a long one may break only after a '/'."""
    parts = str(value or "").split("/")
    return Markup("/<wbr>".join(f'<span class="gk-nowrap">{_escape_text(p)}</span>' for p in parts))


class Fingerprints:
    """`asset("gongkai.css")` in a template: assets/gongkai.css?v=<its content's hash>, so a server may
    keep the theme's files for a year (deploy/nginx.conf) and a changed file is fetched at once."""

    def __init__(self, files: dict):
        self.files, self.done = files, {}

    def __call__(self, name: str) -> str:
        path = "assets/" + name
        if path not in self.done:
            source = self.files.get(path)
            digest = hashlib.sha256(source.read_bytes()).hexdigest()[:10] if source else ""
            self.done[path] = f"{path}?v={digest}" if digest else path
        return self.done[path]
