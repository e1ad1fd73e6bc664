#!/usr/bin/env python3
"""Generate a synthetic disclosure site for benchmarks and scale tests.

    python make_corpus.py N OUTDIR [--seed S] [--hugo]

Writes OUTDIR/site.toml and OUTDIR/content/ with N policy documents and their
N interpretations, in the content contract. Sentences are drawn from the real work plan that
started the project (corpus_seed.txt), so the text is realistic Chinese.
Every document is valid: a correct build of the corpus reports no error.

--hugo also writes OUTDIR/hugo/ : the same Markdown bodies as a minimal Hugo
site (config + two layouts), for a side-by-side build-time comparison.

Only the Python standard library is used.
"""
import argparse
import datetime as dt
import pathlib
import random
import re

HERE = pathlib.Path(__file__).resolve().parent
SEED = HERE / "corpus_seed.txt"     # the project's work plan: real Chinese sentences

ISSUERS = [
    ("示例市人民政府办公室", "示府办发"),
    ("示例市人民政府", "示府发"),
    ("示例市教育局", "示教发"),
    ("示例市财政局", "示财发"),
    ("示例市人力资源和社会保障局", "示人社发"),
    ("示例市生态环境局", "示环发"),
    ("示例市卫生健康局", "示卫健发"),
    ("示例市住房和城乡建设局", "示住建发"),
    ("示例市农业农村局", "示农发"),
    ("示例市市场监督管理局", "示市监发"),
]
CATEGORIES = [
    ("zcwj", "政策文件"),
    ("zcwj.gfxwj", "行政规范性文件"),
    ("zcwj.qtwj", "其他文件"),
]
SECTIONS = ["政策背景", "决策依据", "出台目的", "主要内容", "新旧差异"]


def sentences():
    text = SEED.read_text(encoding="utf-8")
    parts = re.split(r"(?<=[。;])", text)
    return [p.strip() for p in parts if len(p.strip()) > 12]


def paragraph(rng, pool, n):
    return "".join(rng.choice(pool) for _ in range(n))


def policy_body(rng, pool):
    pool = pool[0::2]
    out = []
    for i, head in enumerate(["一、总体要求", "二、主要任务", "三、保障措施"]):
        out.append(f"## {head}\n")
        for _ in range(rng.randint(2, 4)):
            out.append(paragraph(rng, pool, rng.randint(2, 4)) + "\n")
        if i == 1 and rng.random() < 0.3:
            out.append("| 任务 | 责任单位 | 完成时限 |\n| --- | --- | --- |")
            for k in range(3):
                out.append(f"| 任务{k + 1} | {rng.choice(ISSUERS)[0]} | {rng.randint(3, 12)}月底前 |")
            out.append("")
        if i == 2:
            out.append("\n".join(f"{k + 1}. {rng.choice(pool)}" for k in range(3)) + "\n")
    return "\n".join(out)


def interpretation_body(rng, pool):
    # the other half of the sentences: an interpretation never repeats its policy's text
    pool = pool[1::2]
    out = []
    for head in SECTIONS:
        out.append(f"## {head}\n")
        out.append(paragraph(rng, pool, rng.randint(1, 3)) + "\n")
    return "\n".join(out)


def yaml_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def make(n, out, seed, hugo):
    rng = random.Random(seed)
    pool = sentences()
    out = pathlib.Path(out)
    content = out / "content"
    (content / "policies").mkdir(parents=True, exist_ok=True)
    (content / "interpretations").mkdir(parents=True, exist_ok=True)
    catalog = "\n".join(
        f'[[catalog]]\ncode = "{c}"\nname = "{name}"\n' for c, name in CATEGORIES)
    (out / "site.toml").write_text(
        '[site]\ntitle = "示例市人民政府 政府信息公开"\n'
        'base_url = "https://www.example.gov.cn/zwgk/"\nlanguage = "zh-CN"\n\n' + catalog,
        encoding="utf-8")
    hugo_dir = out / "hugo"
    if hugo:
        (hugo_dir / "content" / "policies").mkdir(parents=True, exist_ok=True)
        (hugo_dir / "content" / "interpretations").mkdir(parents=True, exist_ok=True)
        (hugo_dir / "layouts" / "_default").mkdir(parents=True, exist_ok=True)
        (hugo_dir / "config.toml").write_text(
            'baseURL = "https://www.example.gov.cn/zwgk/"\nlanguageCode = "zh-CN"\n'
            'title = "示例"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n',
            encoding="utf-8")
        (hugo_dir / "layouts" / "_default" / "single.html").write_text(
            '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>'
            '<body><main><h1>{{ .Title }}</h1><dl><dt>发文机关</dt><dd>{{ .Params.issuer }}</dd>'
            '<dt>发文字号</dt><dd>{{ .Params.doc_number }}</dd></dl>{{ .Content }}</main></body></html>\n',
            encoding="utf-8")
        (hugo_dir / "layouts" / "_default" / "list.html").write_text(
            '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>'
            '<body><main><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}'
            '</ul></main></body></html>\n', encoding="utf-8")
    start = dt.date(2019, 1, 1)
    for i in range(n):
        issuer, code = rng.choice(ISSUERS)
        written = start + dt.timedelta(days=rng.randint(0, 365 * 7))
        published = written + dt.timedelta(days=rng.randint(0, 10))
        year = written.year
        normative = rng.random() < 0.4
        category = "zcwj.gfxwj" if normative else rng.choice(["zcwj", "zcwj.qtwj"])
        slug = f"{year}-{i:05d}"
        topic = rng.choice(["政务公开", "营商环境", "乡村振兴", "就业创业", "生态环境", "教育", "医疗卫生"])
        title = f"{issuer}关于{topic}工作的通知({i})"
        fm = [
            "---",
            "type: policy",
            f"title: {yaml_str(title)}",
            f"index_number: {yaml_str(f'11510683MB0000000X/{year}-{i:05d}')}",
            f"doc_number: {yaml_str(f'{code}〔{year}〕{i + 1}号')}",
            f"issuer: {yaml_str(issuer)}",
            f"category: {category}",
            f"written: {written.isoformat()}",
            f"published: {published.isoformat()}",
            f"normative: {'true' if normative else 'false'}",
        ]
        if normative:
            fm.append(f"valid_until: {(published + dt.timedelta(days=365 * 5 - 1)).isoformat()}")
        fm += [
            "status: 现行有效",
            f"interpretation: interpretations/{slug}.md",
            "---",
            "",
        ]
        body = policy_body(rng, pool)
        (content / "policies" / f"{slug}.md").write_text("\n".join(fm) + body, encoding="utf-8")
        ifm = [
            "---",
            "type: interpretation",
            f"title: {yaml_str(f'《{title}》政策解读')}",
            f"policy: policies/{slug}.md",
            f"issuer: {yaml_str(issuer)}",
            f"published: {published.isoformat()}",
            "---",
            "",
        ]
        ibody = interpretation_body(rng, pool)
        (content / "interpretations" / f"{slug}.md").write_text("\n".join(ifm) + ibody, encoding="utf-8")
        if hugo:
            hfm = [l for l in fm if not l.startswith(("interpretation:", "type:"))]
            (hugo_dir / "content" / "policies" / f"{slug}.md").write_text("\n".join(hfm) + body, encoding="utf-8")
            hifm = [l for l in ifm if not l.startswith(("policy:", "type:"))]
            (hugo_dir / "content" / "interpretations" / f"{slug}.md").write_text("\n".join(hifm) + ibody, encoding="utf-8")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int, help="number of policy documents (each gets one interpretation)")
    ap.add_argument("outdir")
    ap.add_argument("--seed", type=int, default=2023)
    ap.add_argument("--hugo", action="store_true", help="also write a Hugo copy under OUTDIR/hugo/")
    a = ap.parse_args()
    make(a.n, a.outdir, a.seed, a.hugo)


if __name__ == "__main__":
    main()
