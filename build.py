#!/usr/bin/env python3
"""Gongkai entry point: python build.py [build|check|serve|new] ...  (see README.md)."""
import sys

from gongkai.cli import run

if __name__ == "__main__":
    run(sys.argv[1:])
