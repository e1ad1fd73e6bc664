"""Validity lifecycle (有效性): dates in order, expiry, validity length, amending and repealing links."""
from __future__ import annotations

from ..dates import add_years
from ..diagnostics import make
from ..fields import TYPE_NAMES
from ..site import Site
from ._paths import follow, withheld


def check_dates(site: Site):
    for p in site.of_type("policy", published_only=False):
        written, published = p.meta.get("written"), p.published
        start = p.meta.get("valid_from") or published
        until = p.meta.get("valid_until")
        if written and published and written > published:
            yield make("field-invalid", p.file, p.line("written"),
                       f"成文日期 written ({written}) 晚于发布日期 published ({published}): 文件应先成文后发布, 请核对")
        if until and start and until < start:
            yield make("field-invalid", p.file, p.line("valid_until"),
                       f"有效期至 valid_until ({until}) 早于施行日期 ({start}): 请核对有效期")


def check_expired(site: Site):
    for p in site.of_type("policy", published_only=False):
        until = p.meta.get("valid_until")
        if p.meta.get("status") == "现行有效" and until and until < site.today:
            yield make("status-expired", p.file, p.line("status"),
                       f"有效期至 {until} 已过, 但 status 仍为 现行有效, 页面和数据将按 失效 显示: "
                       "请把 status 改为 失效, 或在延期后更新 valid_until")


def check_validity_length(site: Site):
    years = site.config.max_validity_years
    for p in site.of_type("policy", published_only=False):
        start = p.meta.get("valid_from") or p.published
        until = p.meta.get("valid_until")
        if p.meta.get("normative") and start and until and until > add_years(start, years):
            latest = add_years(start, years)          # (the latest date that passes: what the message names)
            yield make("validity-too-long", p.file, p.line("valid_until"),
                       f"行政规范性文件有效期一般不超过 {years} 年: 自 {start} 施行, 有效期至最晚应为 {latest} "
                       f"(现为 {until}), 请核对")


def check_related_policies(site: Site):
    for p in site.of_type("policy", published_only=False):
        for key, label in (("amended_by", "修改文件"), ("repealed_by", "废止文件"), ("replaces", "所替代的文件")):
            as_list = isinstance(p.meta.get(key), list)
            for i, raw in enumerate(p.paths(key)):
                line = p.item_line(key, i) if as_list else p.line(key)
                t, broken = follow(site, p, raw, line, f"{key} ({label}): ")
                if broken:
                    yield broken
                elif t.document.type != "policy":
                    yield make("field-invalid", p.file, line,
                               f"{key} ({label}) 指向的 {t.document.file} 是{TYPE_NAMES.get(t.document.type, '无效文档')}, 应指向政策文件")
                elif t.document is p:
                    yield make("field-invalid", p.file, line, f"{key} ({label}) 指向了本文件自己")
                elif held := withheld(p, t, line, f"{key} ({label}) "):
                    yield held


def check_status_consistent(site: Site):
    """A policy that names the document amending or repealing it cannot still say 现行有效."""
    for p in site.of_type("policy", published_only=False):
        if p.meta.get("status") != "现行有效":
            continue
        for key, status in (("repealed_by", "已废止"), ("amended_by", "已修改")):
            if p.meta.get(key):
                yield make("status-inconsistent", p.file, p.line("status"),
                           f"已填写 {key} ({p.meta[key]}), 但 status 仍为 现行有效: 请把 status 改为 {status}, "
                           "以免群众把已失去效力的条款当作现行规定")
                break
    for new in site.of_type("policy"):          # published: 替代 takes effect with it
        start = new.meta.get("valid_from") or new.published
        for raw in new.paths("replaces"):
            old = site.resolve_meta_path(raw).document
            if (old is not None and old is not new and old.type == "policy" and old.meta.get("status") == "现行有效"
                    and not old.meta.get("repealed_by") and not old.meta.get("amended_by")
                    and start and start <= site.today):
                yield make("status-inconsistent", old.file, old.line("status"),
                           f"已被 {new.file} 替代 (自 {start} 起施行), 但 status 仍为 现行有效, 统一查询中两份文件都列为现行有效: "
                           f"请把 status 改为 已废止, 并写 repealed_by: {new.path}")


def check_far_ahead(site: Site):
    """A published date more than a year after the build date is most often a mistyped year (2062 for
    2026): the document would wait for that day, unlisted, with nothing said but a count."""
    for d in site.documents:
        if d.published and not d.draft and (d.published - site.today).days > 366:
            yield make("date-far-ahead", d.file, d.line("published"),
                       f"发布日期 published ({d.published}) 在一年以后, 这篇文档要到那天才会发布: "
                       "是否写错了年份? 定时发布请写真实的发布日期")


CHECKS = (check_dates, check_far_ahead, check_expired, check_validity_length, check_related_policies, check_status_consistent)
