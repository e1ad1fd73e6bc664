"""Every diagnostic code, declared once (as Ruff keeps its rules): family, severity, a Chinese
title, why it matters and how to fix it. `explain`, the README's table, the editor guide and
the tests all read this table; raising a code that is not here fails the tests."""
from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"

LAW = {
    "条例": "《中华人民共和国政府信息公开条例》(国务院令第711号)",
    "80号": "国办发〔2016〕80号《〈关于全面推进政务公开工作的意见〉实施细则》",
    "61号": "国办公开办函〔2019〕61号《关于规范政府信息公开平台有关事项的通知》",
    "37号": "国办发〔2018〕37号《关于加强行政规范性文件制定和监督管理工作的通知》",
    "9704": "GB/T 9704-2012《党政机关公文格式》",
    "37668": "GB/T 37668-2019《信息技术 互联网内容无障碍可访问性技术要求与测试方法》",
}


@dataclass(frozen=True)
class Rule:
    code: str
    family: str
    severity: str
    title: str        # what is wrong, in a few words
    why: str          # why it matters, citing the regulation where there is one
    fix: str          # what to change
    example: str = ""  # a correct line or snippet
    contract: bool = True   # named by the contract (shared with other tools); False: Gongkai's own


def R(code, family, severity, title, why, fix, example="", contract=True) -> Rule:
    return Rule(code, family, severity, title, why, fix, example, contract)


FM, GATE, LIFE, COL, SAFE, REV, MEDIA, RUN = ("文档格式", "政策解读", "有效性", "栏目与目录", "安全",
                                              "发布前审查", "无障碍", "配置与运行")

RULES: tuple[Rule, ...] = (
    R("frontmatter-invalid", FM, ERROR, "文件开头的信息栏 (front matter) 缺失或无法读取",
      "生成器从文件开头两行 --- 之间的信息栏读取标题、文号、日期等, 读不出来就无法发布这篇文档。",
      "第一行写 ---, 接着每行写一个 '字段: 值' (冒号用半角并在后面加空格), 再以 --- 结束; 文件用 UTF-8 保存。",
      "---\ntype: policy\ntitle: 示范县城乡居民最低生活保障审核确认办法\n---"),
    R("field-missing", FM, ERROR, "缺少必填字段",
      "发文机关、索引号、成文日期等是政府信息公开的法定要素 (见" + LAW["条例"] + "第二十条), 缺了公众无法核对。",
      "在信息栏中补上提示所说的字段。", "issuer: 示范县人民政府办公室"),
    R("field-invalid", FM, ERROR, "字段的值写法不对",
      "日期、有效性等值要能被程序读懂, 才能算出文件是否现行有效、何时失效。",
      "按提示改成正确的写法: 日期写 YYYY-MM-DD, 有效性写 现行有效、已修改、已废止 或 失效。", "published: 2026-03-01"),
    R("duplicate", FM, ERROR, "索引号、发文字号或网址重复",
      "索引号和发文字号是一份文件的身份, 重复会让公众找错文件。", "核对两份文件, 改正写错的一份。",
      "index_number: 11519999MB1234567X/2026-00012"),
    R("doc-number-format", FM, WARNING, "发文字号不合公文格式",
      LAW["9704"] + "规定发文字号为 机关代字〔年份〕序号, 年份用六角括号 〔〕 写全, 序号不编虚位、不加 第。",
      "改成提示给出的写法。", "doc_number: 示府发〔2026〕3号"),
    R("interpretation-missing", GATE, ERROR, "政策文件没有同步发布的解读",
      LAW["80号"] + "要求政策文件与解读方案、解读材料同步组织、同步审签、同步部署; 没有解读的文件不予发布。",
      "用 python build.py new policy 生成文件和解读, 或在 interpretation 中写上解读的路径。",
      "interpretation: interpretations/2026-dibao.md"),
    R("interpretation-mismatch", GATE, ERROR, "解读与政策文件没有互相关联",
      "文件页要链接它的解读, 解读页要链接所解读的文件 (" + LAW["80号"] + "), 两边必须指向对方。",
      "在解读的 policy 中写政策文件的路径, 在政策文件的 interpretation 中写解读的路径。",
      "policy: policies/2026-dibao.md"),
    R("interpretation-not-synchronized", GATE, ERROR, "解读与政策文件不是同一天发布",
      LAW["80号"] + "要求解读与文件同步发布。", "把解读的 published 改成与政策文件相同的日期。",
      "published: 2026-03-01"),
    R("interpretation-section-missing", GATE, ERROR, "解读缺少必需的部分",
      "解读要讲清政策背景、决策依据、出台目的、主要内容和新旧政策差异 (" + LAW["80号"] + ")。",
      "为每一部分写一个二级标题 (## 标题) 和它的内容。", "## 政策背景\n\n近年来, 我县……"),
    R("interpretation-section-empty", GATE, ERROR, "解读的某个部分几乎没有内容",
      "只有标题、没有内容的解读等于没有解读 (" + LAW["80号"] + ")。",
      "在该标题下用通俗的话写至少 10 个字。", "## 新旧差异\n\n与原办法相比, 本办法把审核时限由 30 日缩短为 20 日。"),
    R("interpretation-copies-policy", GATE, ERROR, "解读照抄了政策文件",
      "照搬原文的解读是检查中常见的问题 (" + LAW["80号"] + "要求用通俗易懂的语言解读)。",
      "用自己的话说明背景、依据、目的和变化, 不要复制原文段落。"),
    R("status-expired", LIFE, WARNING, "有效期已过, 有效性却仍写现行有效",
      "过期文件仍标为现行有效, 会误导公众 (" + LAW["37号"] + "要求及时清理并向社会公布)。网站上它已显示为失效。",
      "把 status 改为 失效, 或在文件延期后更新 valid_until。", "status: 失效"),
    R("validity-too-long", LIFE, WARNING, "行政规范性文件的有效期过长",
      "行政规范性文件一般有效期不超过 5 年 (可在 site.toml 的 [policy] max_validity_years 中设置)。",
      "核对 valid_until。", "valid_until: 2031-02-28"),
    R("date-far-ahead", LIFE, WARNING, "发布日期在一年以后",
      "发布日期在将来的文档是定时发布, 到那天的构建才发布; 远在一年以后的, 多半是年份写错了 (2062 写成了 2026 的样子)。",
      "核对 published 的年份。", "published: 2026-02-05", contract=False),
    R("status-inconsistent", LIFE, WARNING, "写了修改或废止文件 (或已被替代), 有效性却仍是现行有效",
      "已被修改或废止的文件必须在页面上说明, 否则公众会按旧规定办事。",
      "把 status 改为 已修改 或 已废止。", "status: 已废止", contract=False),
    R("catalog-unknown", COL, ERROR, "所属目录不存在",
      "每篇文档都要归入政务公开事项标准目录 (site.toml 的 [[catalog]]), 否则栏目里找不到它。",
      "把 category 改成 site.toml 中已有的目录编码。", "category: zcwj.gfxwj"),
    R("catalog-empty", COL, WARNING, "栏目没有任何已发布的内容",
      "有栏目无内容 (空白栏目) 是网站检查的扣分项 (" + LAW["61号"] + ")。",
      "发布该栏目的内容, 或在 site.toml 中删去这个目录。"),
    R("column-stale", COL, WARNING, "栏目长期未更新",
      "栏目应在 update_days 规定的天数内更新 (" + LAW["61号"] + "要求信息公开专栏及时更新)。",
      "发布新内容, 或核对 site.toml 中的 update_days。"),
    R("consultation-feedback-overdue", COL, WARNING, "意见征集截止一个月后仍未公布采纳情况",
      "征集意见后应在一个月内公开意见收集和采纳情况 (" + LAW["80号"] + ")。--strict 时为错误。",
      "发布一篇 article 说明意见采纳情况, 并在征集文档的 feedback 中写上它的路径。",
      "feedback: articles/2026-yijian-caina.md"),
    R("link-broken", COL, ERROR, "链接指向不存在、未发布或站点以外的文件",
      "失效链接 (错链、断链) 是网站检查的扣分项。", "改正路径 (相对 content/ 或本文件所在文件夹), 或先发布目标文档。",
      "interpretation: interpretations/2026-dibao.md"),
    R("placeholder-left", FM, ERROR, "还有没填写的【待填写】",
      "new 生成的占位文字如果被发布, 公众会看到半成品。", "把每一处【待填写】换成真实内容。",
      "issuer: 示范县人民政府办公室"),
    R("confidential-marking", REV, ERROR, "含有密级或内部标志",
      LAW["条例"] + "第十四条: 依法确定为国家秘密的政府信息不予公开; 公开前必须经过保密审查。",
      "撤下该文档交保密审查; 确属可公开的, 删去标志后重新审核。"),
    R("personal-data", REV, ERROR, "含有身份证号、手机号或银行卡号",
      LAW["条例"] + "第十五条和《个人信息保护法》: 涉及个人隐私的信息不得公开。",
      "删去或打码; 确需公开的 (如服务热线), 在 allow_personal_data 中写明号码和理由。",
      "allow_personal_data:\n  - value: \"13800000000\"\n    reason: 12345 热线转接号码, 已公开"),
    R("media-alt-missing", MEDIA, ERROR, "图片没有替代文字",
      "视障人士用读屏软件只能听到替代文字 (" + LAW["37668"] + ")。", "在方括号中写出图片说明。",
      "![2026年低保标准一览表](../images/dibao.png)"),
    R("media-captions-missing", MEDIA, ERROR, "视频没有字幕, 或音频没有文字稿",
      "听障人士需要字幕和文字稿 (" + LAW["37668"] + ")。",
      "给视频加 <track kind=\"captions\">, 给音频附上文字稿。"),
    R("html-unsafe", SAFE, ERROR, "含有可以运行脚本的内容",
      "脚本、事件属性、外站框架可被用来篡改页面或攻击访问者。", "删去脚本和 on… 属性; 只用 Markdown 写正文。"),
    R("external-resource", SAFE, ERROR, "从其他网站加载图片、视频或样式",
      "外站资源会泄露访问者信息, 外站失效时页面也会残缺。", "把文件放进 content/ 并用相对路径引用; 指向外站的普通链接不受影响。",
      "![示意图](../images/map.png)"),
    R("body-too-deep", SAFE, ERROR, "正文嵌套过深或过大, 无法安全生成",
      "异常复杂的正文会拖垮生成和浏览器。", "简化列表、引用或表格的嵌套。", contract=False),
    R("field-unknown", FM, WARNING, "字段名拼错了, 或写成了中文名",
      "拼错的字段会被忽略: 写成 darft、Draft 或 草稿 的 draft: true 不起作用, 草稿会被发布。字段名一律用英文小写。",
      "改成提示中的字段名。",
      "draft: true", contract=False),
    R("frontmatter-comment", FM, WARNING, "字段的值在 # 处被截断",
      "YAML 把空格后的 # 及其后的文字当作注释: title: 某某 #1 关于… 发布出来只有 某某。", "给整个值加半角引号。",
      'title: "云溪县人民政府 #1 关于…"', contract=False),
    R("control-character", FM, WARNING, "含有看不见的控制字符",
      "从其他软件复制的控制字符会让页面显示异常, 生成时已删去。", "在编辑器中删去该字符。", contract=False),
    R("document-misnamed", SAFE, ERROR, "文档的扩展名不是 .md",
      "只有 .md 文件会生成页面并经过检查; 另存成 .md.txt、.MD、.markdown 或 .md.bak 的文档会原样发布, "
      "信息栏和未经审查的全文 (个人信息、密级标志) 都能被下载, 该发布的页面却没有出现。",
      "改名为小写的 .md; 备份、旧稿和资源管理器复制出的副本 (x - 副本.md) 请删去。", contract=False),
    R("file-skipped", SAFE, WARNING, "跳过了一个不是普通文件的条目",
      "符号链接、管道等不会被发布。", "换成普通文件。", contract=False),
    R("file-conflict", SAFE, WARNING, "站点文件与生成器的文件同名",
      "同一路径只能有一个文件。", "给站点文件换个名字。", contract=False),
    R("template-invalid", RUN, ERROR, "站点自己的模板出错",
      "模板无法生成页面。", "对照默认主题的同名模板改正提示所在的行。", contract=False),
    R("config-invalid", RUN, ERROR, "site.toml 有错",
      "site.toml 是整个站点的配置, 错了无法生成。", "按提示改正这一行。", "base_url = \"https://www.example.gov.cn/zwgk/\"",
      contract=False),
    R("config-unknown", RUN, WARNING, "site.toml 中有不认识的设置",
      "拼错的设置不会生效。", "核对拼写 (见 docs/site-toml.md)。", contract=False),
    R("usage-invalid", RUN, ERROR, "命令用法有误", "命令行参数无法理解。", "运行 python build.py --help 查看用法。",
      contract=False),
    R("output-failed", RUN, ERROR, "无法写出网站", "输出文件夹不可写或已满。", "检查磁盘空间和权限。", contract=False),
    R("search-failed", RUN, ERROR, "无法建立搜索索引", "搜索程序 Pagefind 运行失败。",
      "重新安装 Gongkai 和它的依赖 (pip install --force-reinstall gongkai; 在源代码文件夹中: pip install -e .); "
      "仍失败时用 --no-search 先生成不带搜索的网站。", contract=False),
    R("cache-ignored", RUN, WARNING, "构建缓存被提交到了 git、是符号链接或无法写入, 未使用",
      "缓存文件夹 .gongkai-cache 只属于本机: 随提交带来的缓存可能是别人做的, 会让检查漏掉问题; 是符号链接的缓存文件夹会把文件写到网站文件夹之外; "
      "无法建立或写入的缓存文件夹 (那里是一个文件, 或没有权限) 记不住任何结果。"
      "这几种情况下本次没有使用它, 完整检查并生成了全部页面, 以后每次构建也都会这样慢。",
      "提交到 git 的: git rm -r --cached .gongkai-cache (文件仍留在本机), 然后提交; 符号链接: 删除这个链接, 构建会自己建缓存文件夹; "
      "无法写入的: 删除占住这个位置的文件, 或让构建能写这个文件夹。",
      contract=False),
    R("interrupted", RUN, ERROR, "运行被中断", "Ctrl+C 或终止信号; 原有输出未改动。", "重新运行。", contract=False),
)

BY_CODE: dict[str, Rule] = {r.code: r for r in RULES}
SEVERITY: dict[str, str] = {r.code: r.severity for r in RULES}
FAMILIES: tuple[str, ...] = tuple(dict.fromkeys(r.family for r in RULES))
