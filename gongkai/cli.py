"""Command line: python build.py [build|check|serve|new|explain] — arguments, exit statuses, output."""
from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import signal
import sys
import time
from pathlib import Path

from . import __version__, as_run, program_name
from .argparse_zh import chinese, port, suggest
from .cache import TextCache
from .dates import MAX_DATE, MIN_DATE
from .diagnostics import format_github, format_json, format_text, make
from .interrupts import hold_until_reported, release
from .guard import refuse_reason
from .pipeline import EXIT_OK, EXIT_USAGE, Result, build, check
from .workers import WorkerLost

COMMANDS = ("build", "check", "serve", "new", "explain")
FORMATS = ("text", "json", "github")
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143
DEFAULT_OUT = "public"          # --out when not given: inside the site (the contract's public/)


class UsageError(Exception):
    pass


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C: every stage cleans up on its way out."""


class Parser(argparse.ArgumentParser):
    def error(self, message):
        raise UsageError(message)


def parse_today(value: str | None) -> dt.date:
    """--today, else SOURCE_DATE_EPOCH, else the local date."""
    if value:
        try:
            day = dt.date.fromisoformat(value) if len(value) == 10 else None
        except ValueError:
            day = None
        if day is None:
            raise UsageError(f"--today 应为 YYYY-MM-DD 形式的真实日期 (现为 {value!r})")
        what = "--today"
    else:
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        if not epoch:
            return dt.date.today()
        if not epoch.strip().lstrip("-").isdecimal():
            raise UsageError(f"环境变量 SOURCE_DATE_EPOCH 应为整数秒 (现为 {epoch!r})")
        try:
            day = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
        except (ValueError, OverflowError, OSError):
            raise UsageError(f"环境变量 SOURCE_DATE_EPOCH 的秒数 {epoch[:30]} 超出可处理的范围 ({MIN_DATE} 至 {MAX_DATE})") from None
        what = "SOURCE_DATE_EPOCH"
    if not MIN_DATE <= day <= MAX_DATE:
        raise UsageError(f"{what} 的日期 {day} 超出可处理的范围 ({MIN_DATE} 至 {MAX_DATE})")
    return day


def make_parser() -> Parser:
    p = Parser(prog=program_name(), description="公开 Gongkai: 政府信息公开专栏静态网站生成器",
               epilog=as_run("例: python build.py check  (检查);  python build.py serve --drafts  (本机预览);  "
                             "python build.py explain placeholder-left  (某个提示的含义)"))
    p.add_argument("--version", "-V", action="store_true", help="显示 Gongkai 的版本号后退出")
    sub = p.add_subparsers(dest="command", parser_class=Parser, title="命令", metavar="命令")

    def common(sp, out=True):
        sp.add_argument("--site", default=".", help="站点文件夹 (含 site.toml 和 content/), 默认当前文件夹")
        sp.add_argument("--today", help="构建日期 YYYY-MM-DD (默认 SOURCE_DATE_EPOCH 或今天)")
        sp.add_argument("--strict", action="store_true", help="有警告也视为失败")
        sp.add_argument("--format", choices=FORMATS, default="text",
                        help="诊断输出格式: text (默认), json, github (GitHub Actions 注释)")
        if out:
            sp.add_argument("--out", help="输出文件夹, 默认站点下的 public/")
            sp.add_argument("--no-search", action="store_true", help="不建立 Pagefind 搜索索引")
            sp.add_argument("--no-cache", action="store_true",
                            help="不使用上次构建的缓存, 全部重新生成 (缓存在输出文件夹旁的 .gongkai-cache/)")

    sp = sub.add_parser("build", help="检查并生成网站 (默认命令)", description="检查全部文档, 没有错误时生成网站")
    common(sp)
    sp.add_argument("--timings", action="store_true", help="构建后列出各阶段用时 (读取、转换、检查、生成、写出、索引)")
    sp = sub.add_parser("check", help="只检查, 不生成", description="检查全部文档, 列出每个问题的文件、行号和改法")
    common(sp, out=False)
    sp.add_argument("--no-cache", action="store_true",
                    help="不使用构建缓存, 全部重新检查 (默认沿用 public/ 旁 .gongkai-cache/ 中记住的结果, 有的话)")
    sp.add_argument("--report", metavar="文件.html", help="同时写出供单位审核的报告 (HTML, 旁边另有同名 .json)")
    sp = sub.add_parser("serve", help="生成网站并在本机预览, 保存文件后自动刷新",
                        description="在本机预览网站: 监视 content/、layouts/、static/ 和 site.toml, 保存后自动重新生成并刷新页面")
    common(sp)
    sp.add_argument("--host", default="127.0.0.1", help="监听地址, 默认 127.0.0.1 (只有本机能访问)")
    sp.add_argument("--port", type=port, default=8000, help="端口 (0 至 65535, 0 表示任选一个空闲端口), 默认 8000")
    sp.add_argument("--drafts", action="store_true", help="预览草稿和定时发布的文档 (页面顶部标注 预览)")
    sp = sub.add_parser("new", help="按模板新建文档或站点",
                        description="新建文档; 政策文件会同时生成它的解读。new site 新建一个站点文件夹 (site.toml 和必备页面); "
                                    "new nginx 写出发布用的 nginx 配置 deploy/nginx.conf")
    sp.add_argument("type", metavar="类型", help="policy (政策文件, 同时生成解读), interpretation, consultation, article, report, "
                                               "page; 或 site (新建站点, --title 写站点名称); "
                                               "或 nginx (按 site.toml 的 base_url 写出 deploy/nginx.conf)")
    sp.add_argument("--site", default=".", help="站点文件夹, 默认当前文件夹 (new site: 新站点的文件夹)")
    sp.add_argument("--title", default="", help="标题 (new site: 站点名称, 例如 某某县人民政府 政府信息公开)")
    sp.add_argument("--slug", default="", help="文件名 (不含 .md), 默认按日期生成")
    sp.add_argument("--today", help="日期 YYYY-MM-DD, 默认今天")
    sp = sub.add_parser("explain", help="说明一个提示代码的含义和改法", description="说明一个提示代码的含义和改法")
    sp.add_argument("code", metavar="代码", nargs="?", help="例如 placeholder-left; 不写则列出全部代码")
    return p


def command_first(argv: list[str]) -> list[str]:
    """Options written before the command (gongkai --site 青山县 check) go after it; an option's value
    is never taken for the command (--site check)."""
    if not argv or not argv[0].startswith("-"):
        return argv
    parser = make_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices.values()
    valued = {o for sub in commands for a in sub._actions if a.nargs != 0 for o in a.option_strings}
    i = 0
    while i < len(argv) and argv[i].startswith("-") and argv[i] != "--":
        i += 2 if argv[i] in valued else 1
    return [argv[i], *argv[:i], *argv[i + 1:]] if 0 < i < len(argv) and argv[i] in COMMANDS else argv


def main(argv: list[str] | None = None, stdout=None, stderr=None, exiting: bool = False) -> int:
    """Entry function: returns the exit status (0 built, 1 content errors, 2 bad usage, 130 interrupted).

    exiting: the process ends right after; a Ctrl-C held back since the output was replaced stays
    held to the end, so it cannot turn a finished build into an interrupted one."""
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        return _main(argv, stdout, stderr)
    except KeyboardInterrupt as e:
        # the run is over, interrupted: another Ctrl-C (an impatient editor presses it again and again)
        # is held to the end and dropped, so it cannot cut this report short or end the process by the
        # signal instead of exit 130
        release(drop=True)
        hold_until_reported()
        terminated = isinstance(e, (Terminated, WorkerLost))
        status = EXIT_TERMINATED if terminated else EXIT_INTERRUPTED
        how = WorkerLost.MESSAGE if isinstance(e, WorkerLost) else "运行被终止" if terminated else "运行被 Ctrl+C 中断"
        message = f"已中断: {how}, 原有输出未改动, 临时文件已清理"
        print(message, file=stderr)
        if wants_json(argv):
            stdout.write(format_json([make("interrupted", "", None, message)],
                                     {"exit_status": status, "errors": 1, "warnings": 0}))
        return status
    finally:
        if not exiting:
            release(drop=True)


def _main(argv: list[str], stdout, stderr) -> int:
    if argv[:1] in (["--version"], ["-V"]):
        print(f"gongkai {__version__}", file=stdout)
        return EXIT_OK
    argv = command_first(argv)
    if not argv or (argv[0] not in COMMANDS and argv[0].startswith("-") and argv[0] not in ("-h", "--help")):
        argv.insert(0, "build")
    try:
        if argv[0] not in COMMANDS and not argv[0].startswith("-"):
            raise UsageError(suggest(argv[0], COMMANDS))
        with chinese():
            args = make_parser().parse_args(argv)
        if args.command is None:
            raise UsageError("请指定命令: build、check、serve、new 或 explain")
        if args.command == "explain":
            from .explain import explain
            return explain(args.code, stdout, stderr)
        if args.command == "new" and args.type in ("site", "nginx"):     # what only a document's new takes
            unused = [name for name, value in (("--slug", args.slug), ("--today", args.today),
                                               ("--title", args.title if args.type == "nginx" else "")) if value]
            if unused:
                raise UsageError(f"new {args.type} 不使用 {'、'.join(unused)}: 请去掉它")
        today = parse_today(args.today)
        site_dir = Path(args.site)
        if not site_dir.is_dir() and not (args.command == "new" and args.type == "site"):   # new site makes it
            raise UsageError(f"站点文件夹 {args.site} 不存在")
        if args.command == "check" and args.report:       # (before the check, not after it)
            from .reviewreport import path_problem
            if problem := path_problem(Path(args.report), site_dir):
                raise UsageError(problem)
        out = None
        if args.command == "build" or (args.command == "serve" and args.out):
            out = Path(args.out) if args.out else site_dir / DEFAULT_OUT
            problem = refuse_reason(site_dir, out)
            if problem:
                raise UsageError(problem)
    except UsageError as e:
        print(f"用法错误: {e}\n" + as_run("运行 python build.py --help 查看用法"), file=stderr)
        if wants_json(argv):
            stdout.write(format_json([make("usage-invalid", "", None, f"用法错误: {e}")],
                                     {"exit_status": EXIT_USAGE, "errors": 1, "warnings": 0}))
        return EXIT_USAGE

    if args.command == "new" and args.type == "site":
        from .newsite import new_site
        return new_site(site_dir, args.title, stdout, stderr)
    if args.command == "new" and args.type == "nginx":
        from .deploy import new_nginx
        return new_nginx(site_dir, stdout, stderr)
    if args.command == "new":
        from .newdoc import new_document
        return new_document(site_dir, args.type, args.title, args.slug, today, stdout, stderr)

    if args.command == "serve":
        from .serve import serve
        return serve(site_dir, out, today, args, stdout, stderr)
    started = time.monotonic()
    if args.command == "check":
        cache = TextCache(site_dir / DEFAULT_OUT, empty=args.no_cache)     # the default output's cache
        result = check(site_dir, today, args.strict, cache=cache)
        cache.save()
        hold_until_reported()        # the check is over: a Ctrl-C from here on cannot change what it found
        report(result, args, today, None, stdout)
        if args.report and result.site is not None:
            from .reviewreport import write_report
            problem = write_report(Path(args.report), result, today, site_dir)
            if problem:
                print(f"错误: {problem}", file=stderr)
                return EXIT_USAGE
            print(f"审核报告已写入 {args.report} (另有 {Path(args.report).with_suffix('.json')})", file=stderr)
        elif args.report:
            print("site.toml 有错, 未写出审核报告: 请先按上面的提示改正 site.toml", file=stderr)
        return result.exit_status
    result = build(site_dir, out, today, args.strict, search=not args.no_search, use_cache=not args.no_cache)
    # the build is over, whatever its outcome (the output replaced, left as it was with nothing changed,
    # or kept for errors): a Ctrl-C from here on is too late to change it, and must not contradict its report
    hold_until_reported()
    report(result, args, today, out, stdout)
    if args.format == "text" and result.exit_status == EXIT_OK:
        print(f"用时 {time.monotonic() - started:.1f} 秒", file=stderr)
    if args.timings:
        print(result.timings.report(), file=stderr)
    return result.exit_status


def summary_line(result: Result, out: Path | None, command: str = "build") -> str:
    held = f", 另有 {result.scheduled} 篇定时发布 (到期后的构建才发布)" if result.scheduled else ""
    if result.exit_status == EXIT_OK:
        done = (f"已生成 {result.pages} 个页面 ({result.documents} 篇文档{held}) → {out}" if result.output
                else f"检查通过: {result.documents} 篇文档{held}")
        if result.unchanged:
            done = f"内容未改动, 沿用上次的输出: {result.pages} 个页面 ({result.documents} 篇文档{held}) → {out}"
        elif result.reused:
            done += f" (其中 {result.reused} 个页面与上次相同, 直接沿用)"
        return f"{done}; {result.errors} 个错误, {result.warnings} 个警告"
    if result.exit_status == EXIT_USAGE:
        if command == "check":
            return f"检查未通过: 配置有问题 ({result.errors} 个错误); 请按上面的提示修改 site.toml"
        return f"未生成: 配置或输出有问题 ({result.errors} 个错误), 原有输出未改动"
    strict = " (用了 --strict, 警告也视为失败)" if result.errors == 0 else ""
    if command == "check":
        return f"检查未通过: 共 {result.errors} 个错误, {result.warnings} 个警告{strict}; 请按上面的提示修改"
    return (f"未生成: 共 {result.errors} 个错误, {result.warnings} 个警告{strict}; 请按上面的提示修改后重新构建, "
            "原有输出未改动")


def report(result: Result, args, today: dt.date, out: Path | None, stdout) -> None:
    summary = {"command": args.command, "exit_status": result.exit_status, "errors": result.errors,
               "warnings": result.warnings, "documents": result.documents, "pages": result.pages,
               "scheduled": result.scheduled, "today": today.isoformat(),
               "output": str(out) if result.output else None,
               "cache": {"unchanged": result.unchanged, "reused_pages": result.reused}}
    if args.format == "json":
        stdout.write(format_json(result.diagnostics, summary))
        return
    formatter = format_github if args.format == "github" else format_text
    stdout.write(formatter(result.diagnostics, summary_line(result, out, args.command)))


def wants_json(argv: list[str]) -> bool:
    return "json" in argv and "--format" in argv


def _terminate(signum, frame):
    raise Terminated()


def run(argv: list[str] | None = None) -> None:
    signal.signal(signal.SIGTERM, _terminate)
    status = main(argv, exiting=True)
    # The loaded site is garbage in cycles (documents and the site point at each other): Python's
    # last collection at exit would walk and free it all (0.3-0.4 s for 20,000 documents). Frozen,
    # it is left to the process's end; everything was written and closed before this line.
    gc.freeze()
    sys.exit(status)
