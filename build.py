#!/usr/bin/env python3
"""Gongkai entry point: python build.py [build|check|serve|new] ...  (see README.md)."""
import sys

try:
    from gongkai.cli import run
except KeyboardInterrupt:          # Ctrl-C while Python is still loading the generator
    print("已中断: 尚未开始构建, 没有改动任何文件", file=sys.stderr)
    sys.exit(130)

if __name__ == "__main__":
    run(sys.argv[1:])
