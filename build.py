#!/usr/bin/env python3
"""Gongkai entry point: python build.py [build|check|serve|new] ...  (see README.md)."""
import sys

try:
    from gongkai.cli import run
except KeyboardInterrupt:          # Ctrl-C while Python is still loading the generator
    if __name__ != "__main__":
        raise
    MESSAGE = "已中断: 尚未开始运行, 没有改动任何文件"
    print(MESSAGE, file=sys.stderr)
    if "--format" in sys.argv and "json" in sys.argv:
        import json
        print(json.dumps({"diagnostics": [{"code": "interrupted", "severity": "error", "file": "", "line": None,
                                           "message": MESSAGE}],
                          "summary": {"exit_status": 130, "errors": 1, "warnings": 0}}, ensure_ascii=False))
    sys.exit(130)

if __name__ == "__main__":
    run(sys.argv[1:])
