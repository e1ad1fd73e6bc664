"""The command's first instructions (build.py and the installed `gongkai` both start here): a
Ctrl-C or SIGTERM while Python still loads the generator ends it with a word in Chinese, the exit
status of an interrupted run and nothing changed, instead of a traceback or a silent kill."""
import signal
import sys

MESSAGE = "已中断: 尚未开始运行, 没有改动任何文件"


class _Terminated(KeyboardInterrupt):
    pass


def _terminate(signum, frame):
    raise _Terminated()


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    signal.signal(signal.SIGTERM, _terminate)
    try:
        from .cli import _terminate as terminate, run
        signal.signal(signal.SIGTERM, terminate)    # from here on, the run's own (every stage cleans up)
    except KeyboardInterrupt as e:
        status = 143 if isinstance(e, _Terminated) else 130
        print(MESSAGE, file=sys.stderr)
        if "--format" in argv and "json" in argv:
            import json
            print(json.dumps({"diagnostics": [{"code": "interrupted", "severity": "error", "file": "", "line": None,
                                               "message": MESSAGE}],
                              "summary": {"exit_status": status, "errors": 1, "warnings": 0}}, ensure_ascii=False))
        sys.exit(status)
    run(argv)
