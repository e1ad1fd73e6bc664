"""Command line: python build.py [build|check|serve|new] — arguments, exit statuses, output."""
from __future__ import annotations

import argparse
import datetime as dt
import os
import signal
import sys
import time
from pathlib import Path

from .dates import MAX_DATE, MIN_DATE
from .diagnostics import format_json, format_text, make
from .interrupts import release
from .output import refuse_reason
from .pipeline import EXIT_OK, EXIT_USAGE, Result, build, check

COMMANDS = ("build", "check", "serve", "new")
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143


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
        try:
            day = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
        except (ValueError, OverflowError, OSError):
            raise UsageError(f"环境变量 SOURCE_DATE_EPOCH 应为整数秒 (现为 {epoch!r})") from None
        what = "SOURCE_DATE_EPOCH"
    if not MIN_DATE <= day <= MAX_DATE:
        raise UsageError(f"{what} 的日期 {day} 超出可处理的范围 ({MIN_DATE} 至 {MAX_DATE})")
    return day


def make_parser() -> Parser:
    p = Parser(prog="python build.py", description="公开 Gongkai: 政府信息公开专栏静态网站生成器")
    sub = p.add_subparsers(dest="command", parser_class=Parser)

    def common(sp, out=True):
        sp.add_argument("--site", default=".", help="站点文件夹 (含 site.toml 和 content/), 默认当前文件夹")
        sp.add_argument("--today", help="构建日期 YYYY-MM-DD (默认 SOURCE_DATE_EPOCH 或今天)")
        sp.add_argument("--strict", action="store_true", help="有警告也视为失败")
        sp.add_argument("--format", choices=("text", "json"), default="text", help="诊断输出格式")
        if out:
            sp.add_argument("--out", help="输出文件夹, 默认站点下的 public/")
            sp.add_argument("--no-search", action="store_true", help="不建立 Pagefind 搜索索引")

    common(sub.add_parser("build", help="检查并生成网站"))
    common(sub.add_parser("check", help="只检查, 不生成"), out=False)
    sp = sub.add_parser("serve", help="生成网站并在本机预览")
    common(sp)
    sp.add_argument("--host", default="127.0.0.1")
    sp.add_argument("--port", type=int, default=8000)
    sp = sub.add_parser("new", help="按模板新建文档")
    sp.add_argument("type", help="policy (同时生成解读), interpretation, consultation, article, report, page")
    sp.add_argument("--site", default=".")
    sp.add_argument("--title", default="")
    sp.add_argument("--slug", default="", help="文件名 (不含 .md), 默认按日期生成")
    sp.add_argument("--today", help="日期 YYYY-MM-DD, 默认今天")
    return p


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
        release(drop=False)
        terminated = isinstance(e, Terminated)
        status = EXIT_TERMINATED if terminated else EXIT_INTERRUPTED
        message = f"已中断: 运行被{'终止' if terminated else ' Ctrl+C 中断'}, 原有输出未改动, 临时文件已清理"
        print(message, file=stderr)
        if "json" in argv and "--format" in argv:
            stdout.write(format_json([make("interrupted", "", None, message)],
                                     {"exit_status": status, "errors": 1, "warnings": 0}))
        return status
    finally:
        if not exiting:
            release(drop=True)


def _main(argv: list[str], stdout, stderr) -> int:
    if not argv or (argv[0] not in COMMANDS and argv[0].startswith("-") and argv[0] not in ("-h", "--help")):
        argv.insert(0, "build")
    try:
        args = make_parser().parse_args(argv)
        if args.command is None:
            raise UsageError("请指定命令: build、check、serve 或 new")
        today = parse_today(args.today)
        site_dir = Path(args.site)
        if not site_dir.is_dir():
            raise UsageError(f"站点文件夹 {args.site} 不存在")
        out = None
        if args.command in ("build", "serve"):
            out = Path(args.out) if args.out else site_dir / "public"
            problem = refuse_reason(site_dir, out)
            if problem:
                raise UsageError(problem)
    except UsageError as e:
        print(f"用法错误: {e}\n运行 python build.py --help 查看用法", file=stderr)
        if "json" in argv and "--format" in argv:
            stdout.write(format_json([make("usage-invalid", "", None, f"用法错误: {e}")],
                                     {"exit_status": EXIT_USAGE, "errors": 1, "warnings": 0}))
        return EXIT_USAGE

    if args.command == "new":
        from .newdoc import new_document
        return new_document(site_dir, args.type, args.title, args.slug, today, stdout, stderr)

    started = time.monotonic()
    if args.command == "check":
        result = check(site_dir, today, args.strict)
        report(result, args, today, None, stdout)
        return result.exit_status
    result = build(site_dir, out, today, args.strict, search=not args.no_search)
    report(result, args, today, out, stdout)
    if args.format == "text" and result.exit_status == EXIT_OK:
        print(f"用时 {time.monotonic() - started:.1f} 秒", file=stderr)
    if args.command == "serve" and result.exit_status == EXIT_OK:
        from .serve import serve
        release(drop=True)
        return serve(out, args.host, args.port, stdout)
    return result.exit_status


def report(result: Result, args, today: dt.date, out: Path | None, stdout) -> None:
    summary = {"command": args.command, "exit_status": result.exit_status, "errors": result.errors,
               "warnings": result.warnings, "documents": result.documents, "pages": result.pages,
               "today": today.isoformat(), "output": str(out) if result.output else None}
    if args.format == "json":
        stdout.write(format_json(result.diagnostics, summary))
        return
    if result.exit_status == EXIT_OK:
        done = (f"已生成 {result.pages} 个页面 ({result.documents} 篇文档) → {out}" if result.output
                else f"检查通过: {result.documents} 篇文档")
        line = f"{done}; {result.errors} 个错误, {result.warnings} 个警告"
    elif result.exit_status == EXIT_USAGE:
        line = f"未生成: 配置或输出有问题 ({result.errors} 个错误), 原有输出未改动"
    else:
        line = (f"未生成: 共 {result.errors} 个错误, {result.warnings} 个警告; 请按上面的提示修改后重新构建, "
                "原有输出未改动")
    stdout.write(format_text(result.diagnostics, line))


def _terminate(signum, frame):
    raise Terminated()


def run(argv: list[str] | None = None) -> None:
    signal.signal(signal.SIGTERM, _terminate)
    sys.exit(main(argv, exiting=True))
