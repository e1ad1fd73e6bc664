"""The theme's Jinja environment reads page.title of a plain dict first as its item (templates._Environment):
what it finds is what Jinja's own getattr finds, for any dict, any name, and any other object. It
escapes what a template prints without wrapping it in Markup (templates._Template): every page is
what Jinja's own escape gives."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from jinja2 import DictLoader, Environment, StrictUndefined, Undefined
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from gongkai.templates import Meta, _Environment, _Sandboxed, keep_together

NAMES = st.one_of(st.sampled_from(["items", "get", "keys", "values", "copy", "__class__", "__len__", "title", "url"]),
                  st.text(max_size=8))


def same(a, b) -> bool:
    if isinstance(a, Undefined) or isinstance(b, Undefined):
        return type(a) is type(b) and a._undefined_name == b._undefined_name and a._undefined_obj is b._undefined_obj
    return a == b if not callable(a) else a == b or getattr(a, "__name__", None) == getattr(b, "__name__", None)


@given(st.dictionaries(NAMES, st.integers()), NAMES, st.sampled_from([dict, Meta]))
def test_an_item_or_attribute_is_what_jinjas_getattr_finds(items, name, kind):
    for undefined in (Undefined, StrictUndefined):
        env = _Environment(undefined=undefined)
        obj = kind(items)
        assert same(env.getattr(obj, name), Environment.getattr(env, obj, name)), (items, name)


def test_a_dicts_own_methods_stay_methods_and_other_objects_go_jinjas_way():
    env = _Environment()
    page = {"items": 1, "title": "标题"}
    assert env.getattr(page, "title") == "标题"
    assert callable(env.getattr(page, "items")) and env.getattr(page, "items")() == page.items()
    assert env.getattr("文本", "upper")() == "文本".upper()
    assert isinstance(env.getattr(page, "absent"), Undefined)


PRINTING = {
    "page.html": "{% from 'm.html' import box %}<p title=\"{{ a }}\">{{ a }}{{ b }}{{ a ~ b }}{{ n }}</p>"
                 "{% set held %}<i>{{ a }}</i>{% endset %}{{ held }}{{ held | length }}{{ box(a) }}"
                 "{% call box(b) %}{{ a }}{% endcall %}{% filter upper %}{{ a }}{% endfilter %}"
                 "{% for x in [a, b, n] %}{{ x }}{{ loop.index }}{% endfor %}{{ [a, b] | join(a) }}"
                 "{% autoescape false %}{{ a }}{% endautoescape %}{{ a | e }}{{ a | safe }}{{ b | string }}",
    "m.html": "{% macro box(v) %}<b>{{ v }}</b>{{ caller() if caller else '' }}{% endmacro %}",
}
PRINTED = st.one_of(st.text(alphabet="<>&\"'ab 中\u00a0", max_size=12), st.integers(),
                    st.text(alphabet="<>&\"'ab", max_size=6).map(Markup))


@given(PRINTED, PRINTED, PRINTED)
def test_what_a_template_prints_is_escaped_as_jinja_escapes_it(a, b, n):
    """Text, numbers and Markup printed in every way a template can (attributes, joins, macros, call
    blocks, set blocks, filters, loops, autoescape off): the same page as Jinja's own environment."""
    for ours, stock in ((_Environment, Environment), (_Sandboxed, SandboxedEnvironment)):
        pages = [kind(loader=DictLoader(PRINTING), autoescape=True).get_template("page.html").render(a=a, b=b, n=n)
                 for kind in (ours, stock)]
        assert pages[0] == pages[1]
        assert type(pages[0]) is str
    compiled = _Environment(loader=DictLoader(PRINTING), autoescape=True).get_template("page.html")
    assert compiled.root_render_func.__globals__["escape"] is not escape      # (ours, so tested here)


@given(st.one_of(st.none(), st.integers(), st.text(alphabet="/<>&\"'a 中", max_size=12),
                 st.text(alphabet="/<>&a", max_size=8).map(Markup)))
def test_a_value_kept_together_is_marked_up_as_markups_own_formatting_does(value):
    """keep_together writes its spans as text (not through Markup's % formatting): the same markup."""
    parts = str(value or "").split("/")
    expected = Markup("/<wbr>").join(Markup('<span class="gk-nowrap">%s</span>') % escape(p) for p in parts)
    assert keep_together(value) == expected and type(keep_together(value)) is Markup
