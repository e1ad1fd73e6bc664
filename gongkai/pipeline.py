"""The build, stage by stage: load → link → check → render → write → index.

Everything is read and checked before anything is written; on any error the previous
output stays exactly as it was.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import re
import sys
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path

from jinja2 import TemplateSyntaxError
from jinja2.exceptions import SecurityError

from . import DEFAULT_LAYOUTS, staticcopies
from .cache import BuildCache, cache_dir
from .cachefolder import build_lock
from .checks import run_all
from .config import load_config
from .diagnostics import Diagnostic, Diagnostics, apply_strict, make
from .interrupts import ctrl_c_heeded
from .files import site_copies
from .loading import load_site
from .markdown import prepare, render_bodies
from .output import OutputError, clean_leftovers, new_folder, write_site
from .registry import ERROR, WARNING
from .render import render_site
from .search import Index, SearchError
from .site import Site
from .timings import Timings
from .treestats import modes
from .oserrors import described
from .pages import fixed_urls

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


@dataclass
class Result:
    diagnostics: list[Diagnostic]
    exit_status: int
    documents: int = 0
    pages: int = 0
    scheduled: int = 0
    output: Path | None = None
    site: Site | None = field(default=None, repr=False)
    timings: Timings = field(default_factory=Timings, repr=False)
    unchanged: bool = False         # nothing changed since the last build: its output stands
    reused: int = 0                 # pages the same as in the last output, linked from it

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity == ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity == WARNING)


def check(site_dir: Path, today: dt.date, strict: bool = False, skip: Path | None = None,
          preview: bool = False, cache: BuildCache | None = None) -> Result:
    """load, link and check: the whole of `python build.py check`, and the first half of build."""
    diags, timings = Diagnostics(), Timings()
    config, problems = load_config(site_dir)
    diags.extend(problems)
    if config is None:
        return Result(diags.sorted(), EXIT_USAGE)
    if not (site_dir / "content").is_dir():      # a wrong checkout must not replace the column with an empty site
        diags.extend([make("config-invalid", "content", None, f"站点文件夹 {site_dir} 中没有 content/ 文件夹: "
                           "请确认 --site 指向正确的文件夹 (里面有 site.toml 和 content/); 原有输出未改动")])
        return Result(diags.sorted(), EXIT_USAGE)
    if cache is not None and (cache.committed or cache.linked or cache.unwritable):
        diags.extend([_cache_ignored(cache, site_dir)])
    with timings.stage("load"):
        cold = cache is None or cache.bodies is None or cache.bodies.none_stored()
        site, problems = load_site(site_dir, config, today, skip=skip, preview=preview,
                                   memo=cache.memo if cache else None, counted=prepare if cold else None)
    diags.extend(problems)
    site.generated = fixed_urls(config)      # (what a body may link to besides documents and files)
    with timings.stage("link"):
        render_bodies(site, cache)                                     # bodies → HTML, links resolved
    with timings.stage("check"):
        diags.extend(run_all(site))
    items = diags.sorted()
    if strict:
        items = apply_strict(items)
    failed = any(d.severity == ERROR for d in items) or (strict and any(d.severity == WARNING for d in items))
    return Result(items, EXIT_CONTENT if failed else EXIT_OK, documents=len(site.published),
                  scheduled=len(site.scheduled), site=site, timings=timings)


def _cache_ignored(cache, site_dir: Path) -> Diagnostic:
    """Why the cache folder was neither read nor written: git tracks it, or it is a link."""
    shown = str(cache.dir)
    for folder, site in ((cache.dir, site_dir.absolute()), (cache.dir.parent.resolve() / cache.dir.name, site_dir.resolve())):
        with contextlib.suppress(ValueError):
            shown = folder.relative_to(site).as_posix()
            break
    if cache.unwritable:
        return make("cache-ignored", shown, None, f"构建缓存文件夹 {shown} 无法建立或写入 (那里是一个文件, 或没有权限): "
                    "每次构建都会完整检查并生成全部页面, 比平常慢得多; 请删除占住这个位置的文件, 或让构建能写这个文件夹")
    if cache.linked:
        return make("cache-ignored", shown, None, f"构建缓存文件夹 {shown} (或它所在的 .gongkai-cache) 是一个符号链接: "
                    "缓存不会写到网站文件夹之外, 本次没有使用它, 完整检查并生成了全部页面; 请删除这个链接 (构建会自己建缓存文件夹)")
    return make("cache-ignored", shown, None, f"git 跟踪着构建缓存 {shown} 中的文件: 随提交带来的缓存可能让检查漏掉问题, "
                "本次没有使用也没有改写它, 完整检查并生成了全部页面; 请把它移出 git: git rm -r --cached .gongkai-cache, 然后提交")


def template_problem(e: Exception, site_dir: Path) -> Diagnostic:
    """A template that failed while the pages were rendered: which file and line, and why."""
    import traceback

    own = (site_dir / "layouts").resolve()
    place, line = "layouts", None
    frames = [(frame.filename, frame.lineno) for frame in traceback.extract_tb(e.__traceback__)]
    remote = getattr(e.__cause__, "tb", None)       # a worker's: its traceback as text (RemoteTraceback)
    if isinstance(remote, str):
        frames += [(m[1], int(m[2])) for m in re.finditer(r'File "([^"\n]+)", line (\d+)', remote)]
    for filename, lineno in reversed(frames):
        if filename.endswith((".html", ".xml")):
            place, line = filename, lineno
            break
    if isinstance(e, TemplateSyntaxError) and e.filename:
        place, line = e.filename, e.lineno
    path = Path(place).resolve()          # (relative to the working folder when --site was)
    shown = ("layouts/" + path.relative_to(own).as_posix() if place != "layouts" and own in path.parents
             else "layouts (默认主题 " + path.name + ")")
    if isinstance(e, SecurityError):
        return make("template-invalid", shown, line,
                    "模板访问了 Python 的内部属性 (以下划线开头的名字或函数的内部), 站点模板不能这样做: "
                    "请只使用页面提供的数据 (对照默认主题的同名模板)")
    return make("template-invalid", shown, line,
                f"模板出错, 无法生成页面: {type(e).__name__}: {str(e)[:200]}; 请对照默认主题的同名模板检查这一行")


def build(site_dir: Path, out: Path, today: dt.date, strict: bool = False, search: bool = True,
          preview: bool = False, finish=None, use_cache: bool = True, waiting=None) -> Result:
    """finish: what to do with the new folder before it replaces the output (default: the search index).
    use_cache: False (--no-cache) builds everything again; the cache is rewritten after.
    waiting(): another build of this output is running, and this one waits for it (default: said on stderr)."""
    with build_lock(cache_dir(out), waiting or partial(_waiting, out)):
        cache = BuildCache(out, empty=not use_cache)
        try:
            return _build(cache, site_dir, out, today, strict, search, preview, finish, use_cache)
        finally:
            cache.close()


def _waiting(out: Path) -> None:
    cancel = " (按 Ctrl-C 可取消, 原有输出不变)" if ctrl_c_heeded() else ""
    print(f"另一个构建正在写入输出文件夹 {out}: 等它结束后再开始{cancel}", file=sys.stderr, flush=True)


def _build(cache, site_dir: Path, out: Path, today: dt.date, strict: bool, search: bool,
           preview: bool, finish, use_cache: bool) -> Result:
    key = cache.inputs_key(site_dir, {"today": today, "strict": strict, "search": search,
                                      "preview": preview, "finish": finish is not None,
                                      "modes": modes()})      # (another umask: the pages' permissions differ)
    if use_cache and finish is None:
        replayed = _replay(cache.unchanged(key), out)
        if replayed is not None:         # nothing changed since the last build: its output stands
            clean_leftovers(out)          # (what a killed build left beside it still goes)
            return replayed
    result = check(site_dir, today, strict, skip=out, preview=preview, cache=cache)
    if result.exit_status == EXIT_OK:
        cache.memo.write_ahead()          # (the facts of the check: written while the pages are made)
        _render_and_write(result, site_dir, out, search, finish, cache)
    if result.exit_status == EXIT_OK:
        cache.remember(key, {"diagnostics": [asdict(d) for d in result.diagnostics],
                                        "documents": result.documents, "pages": result.pages,
                                        "scheduled": result.scheduled})
    return result


def _replay(stored: dict | None, out: Path) -> Result | None:
    """The last build's result, told again (None: nothing stored, or not in the shape it was written)."""
    if stored is None:
        return None
    try:
        diagnostics = [Diagnostic(**d) for d in stored["diagnostics"]]
    except TypeError:
        return None
    return Result(diagnostics, EXIT_OK, stored["documents"], stored["pages"], stored["scheduled"],
                  output=out, unchanged=True)


def _render_and_write(result: Result, site_dir: Path, out: Path, search: bool, finish, cache) -> None:
    site, timings = result.site, result.timings
    if not (DEFAULT_LAYOUTS / "base.html").is_file():
        result.diagnostics.append(make("output-failed", "layouts", None,
                                       f"找不到默认模板 {DEFAULT_LAYOUTS}: Gongkai 安装不完整, 请重新安装 (pip install --force-reinstall gongkai)"))
        result.exit_status = EXIT_USAGE
        return
    # (a finish step that works beside the output, as Index does, is given as it is: previewindex.KeepIndex)
    index = ((finish if hasattr(finish, "in_place") else timings.timed("index", finish)) if finish
             else Index(cache, timings) if search else None)
    cache.index_kept = getattr(finish, "keeps_index", False)
    try:
        with new_folder(out, index) as into:       # (a new output: the pages are written as they are made)
            files = _render(result, site_dir, site, search, cache, into)
            if files is None:
                return
            copies = staticcopies.reuse(cache, site_copies(site))     # (Reused: the output holds it)
            pages = sum(1 for p in files if p.endswith(".html"))          # (write_site lets go of files as it writes them)
            with timings.stage("write"):
                cache.manifest = write_site(out, files, copies, finish=index, before=cache.found, fresh=into)
    except (OutputError, SearchError, OSError) as e:
        code = "search-failed" if isinstance(e, SearchError) else "output-failed"
        said = f"无法写出网站: {described(e)}" if isinstance(e, OSError) else str(e)
        result.diagnostics.append(make(code, "site.toml", None, f"{said}; 原有输出保持不变"))
        result.exit_status = EXIT_USAGE
        return
    timings["write"] -= timings.get("index", 0.0)        # write_site ran the index inside it
    result.pages = pages
    result.reused = cache.reused
    result.output = out


def _render(result: Result, site_dir: Path, site: Site, search: bool, cache, into: Path | None) -> dict | None:
    """The site's files (render_site), or None when a template failed or a page met another (said)."""
    try:
        with result.timings.stage("render"):
            files, collisions = render_site(site, with_search=search, cache=cache, into=into)
    except OutputError:
        raise
    except Exception as e:        # a site's own template: its mistake is the editor's to fix, not a traceback
        result.diagnostics.append(template_problem(e, site_dir))
        result.exit_status = EXIT_CONTENT
        return None
    if collisions:
        for url in collisions:
            doc = site.by_url.get(url)
            result.diagnostics.append(make("duplicate", doc.file if doc else "content", 1,
                                           f"网址 /{url} 是生成器保留的栏目页 (目录、政策解读、搜索): 请把该文档换个位置"))
        result.exit_status = EXIT_CONTENT
        return None
    return files
