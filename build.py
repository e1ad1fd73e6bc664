#!/usr/bin/env python3
"""Gongkai entry point: python build.py [build|check|serve|new] ...  (see README.md)."""
import _signal  # signal's C half, loaded with Python: `import signal` would first run its enum classes

# Ctrl-C and SIGTERM held back from the first line until gongkai.launch takes them over: one that came
# while Python imported the generator was a traceback (launch unblocks them, and one pending is raised
# there, as a run interrupted before it began)
_signal.pthread_sigmask(_signal.SIG_BLOCK, {_signal.SIGINT, _signal.SIGTERM})

from gongkai.launch import main  # noqa: E402

if __name__ == "__main__":
    main()
