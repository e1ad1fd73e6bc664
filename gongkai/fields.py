"""The fields of each document type, declared once (shared/spec/CONTENT.md §2): their kind, Chinese
label and example, which types carry them and which are required. The field reference in docs/ and
the checks are made from these."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .dates import MAX_DATE, MIN_DATE

TYPES = ("policy", "interpretation", "consultation", "article", "report", "page")
TYPE_NAMES = {"policy": "政策文件", "interpretation": "政策解读", "consultation": "意见征集",
              "article": "公开信息", "report": "年度报告", "page": "页面"}
STATUSES = ("现行有效", "已修改", "已废止", "失效")
FORMS = ("文字", "图解", "音频", "视频", "动漫")
DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")      # ASCII digits: ２０２５ is no date to YAML
PLACEHOLDER = "【待填写】"     # what `new` writes for the editor to replace; placeholder-left reports it


@dataclass(frozen=True)
class Field:
    kind: str          # str | strs | date | bool | int | enum | enums | path | paths | str_list | attachments | allow
    label: str         # the Chinese name the editor knows
    values: tuple = ()
    example: str = ""  # a correct value, as the editor writes it after "key: "


FIELDS: dict[str, Field] = {
    "type": Field("enum", "文档类型", TYPES, "policy"),
    "title": Field("str", "标题", (), "示范县城乡居民最低生活保障审核确认办法"),
    "published": Field("date", "发布日期", (), "2026-03-01"),
    "issuer": Field("strs", "发文机关", (), "示范县人民政府办公室"),
    "category": Field("str", "所属目录", (), "zcwj.gfxwj"),
    "draft": Field("bool", "草稿", (), "true"),
    "summary": Field("str", "摘要", (), "明确低保审核确认的条件、程序和时限"),
    "index_number": Field("str", "索引号", (), "11519999MB1234567X/2026-00012"),
    "doc_number": Field("str", "发文字号", (), "示府发〔2026〕3号"),
    "written": Field("date", "成文日期", (), "2026-02-20"),
    "normative": Field("bool", "是否行政规范性文件", (), "true"),
    "status": Field("enum", "有效性", STATUSES, "现行有效"),
    "valid_from": Field("date", "施行日期", (), "2026-04-01"),
    "valid_until": Field("date", "有效期至", (), "2031-03-31"),
    "interpretation": Field("paths", "政策解读", (), "interpretations/2026-dibao.md"),
    "amended_by": Field("path", "修改文件", (), "policies/2027-dibao-xiugai.md"),
    "repealed_by": Field("path", "废止文件", (), "policies/2027-dibao-banfa.md"),
    "replaces": Field("paths", "所替代的文件", (), "[policies/2021-dibao-banfa.md]"),
    "topics": Field("str_list", "主题词", (), "[社会救助, 低保]"),
    "subject": Field("str", "主题分类", (), "民政、扶贫、救灾/社会救助"),
    "attachments": Field("attachments", "附件", (), "[{title: 申请表, file: ../files/shenqingbiao.docx}]"),
    "policy": Field("path", "所解读的政策文件", (), "policies/2026-dibao.md"),
    "interpreter": Field("str", "解读人", (), "县民政局局长 张某"),
    "forms": Field("enums", "解读形式", FORMS, "[文字, 图解]"),
    "opens": Field("date", "征集开始日期", (), "2026-03-01"),
    "closes": Field("date", "征集截止日期", (), "2026-03-31"),
    "draft_document": Field("path", "征求意见稿", (), "files/zhengqiu-gao.pdf"),
    "feedback": Field("path", "意见采纳情况", (), "articles/2026-yijian-caina.md"),
    "year": Field("int", "年度", (MIN_DATE.year, MAX_DATE.year), "2025"),
    "allow_personal_data": Field("allow", "允许公开的个人信息", (), "[{value: \"0813-12345\", reason: 县政务服务热线}]"),
}
# Which fields a document of each type may carry (the field reference in docs/ is generated from this).
COMMON = ("type", "title", "published", "issuer", "category", "draft", "summary", "attachments", "allow_personal_data")
FIELDS_OF: dict[str, tuple[str, ...]] = {
    "policy": ("index_number", "doc_number", "written", "normative", "status", "valid_from", "valid_until",
               "interpretation", "amended_by", "repealed_by", "replaces", "topics", "subject"),
    "interpretation": ("policy", "interpreter", "forms"),
    "consultation": ("opens", "closes", "draft_document", "feedback"),
    "article": (),
    "report": ("year",),
    "page": (),
}
COMMON_REQUIRED = {"type", "title"}
REQUIRED: dict[str, tuple[str, ...]] = {
    "policy": ("published", "issuer", "category", "index_number", "written", "status"),
    "interpretation": ("published", "issuer", "policy"),
    "consultation": ("published", "issuer", "category", "opens", "closes"),
    "article": ("published", "issuer", "category"),
    "report": ("published", "category", "year"),
    "page": (),
}
