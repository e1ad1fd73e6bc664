#!/usr/bin/env python3
"""Gongkai entry point: python build.py [build|check|serve|new] ...  (see README.md)."""
from gongkai.launch import main

if __name__ == "__main__":
    main()
