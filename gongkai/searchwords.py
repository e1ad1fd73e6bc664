"""The short names people type for what documents spell out in full (低保 for 最低生活保障).

A page whose text holds a full name is also found by its short name: the short name's tokens are
added to the page's index stream (searchtext), at a low weight, so that pages using the short name
itself rank first. One table, full name → short names; add a row when citizens search for a
short name that documents do not use."""
from __future__ import annotations

ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "最低生活保障": ("低保",),
    "基本医疗保险": ("医保",),
    "医疗保障": ("医保",),
    "医疗保险": ("医保",),
    "社会保险": ("社保",),
    "新型农村合作医疗": ("新农合",),
    "公共租赁住房": ("公租房",),
    "保障性住房": ("保障房",),
    "棚户区改造": ("棚改",),
    "个人所得税": ("个税",),
    "高新技术企业": ("高企",),
    "人力资源和社会保障": ("人社",),
    "住房和城乡建设": ("住建",),
    "卫生健康": ("卫健",),
    "发展和改革": ("发改",),
    "市场监督管理": ("市场监管",),
    "特困人员救助供养": ("特困供养",),
    "城乡居民基本养老保险": ("城乡居民养老保险", "居民养老保险"),
    "机动车驾驶证": ("驾照",),
}
WEIGHT = 0.3


def short_names(text: str) -> list[str]:
    """The short names of the full names in text that text does not already hold."""
    found: dict[str, None] = {}
    for full, shorts in ABBREVIATIONS.items():
        if full in text:
            for short in shorts:
                if short not in text:
                    found[short] = None
    return list(found)


def full_names() -> dict[str, list[str]]:
    """Each short name's full names (低保 → [最低生活保障]): the search page ranks a document whose
    title holds one of them with those whose title holds the query."""
    names: dict[str, list[str]] = {}
    for full, shorts in ABBREVIATIONS.items():
        for short in shorts:
            names.setdefault(short, []).append(full)
    return names
