"""The theme's Jinja environment reads page.title of a plain dict first as its item (templates._Environment):
what it finds is what Jinja's own getattr finds, for any dict, any name, and any other object."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from jinja2 import Environment, StrictUndefined, Undefined

from gongkai.templates import Meta, _Environment

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
