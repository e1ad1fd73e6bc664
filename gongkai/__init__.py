"""Gongkai (公开): a static site generator for a government information disclosure column.

Kept light: every run imports it before gongkai.launch can hold Ctrl-C back (hashlib, 4.5 ms of
OpenSSL, is imported where it is used)."""
import sys
from functools import lru_cache
from pathlib import Path

__version__ = "0.1.0"

# The default theme ships inside the package (package data); a site's own layouts/ overrides
# it file by file (the repository's top-level layouts/ holds the example site's overrides).
DEFAULT_LAYOUTS = Path(__file__).resolve().parent / "theme"


def program_name() -> str:
    """How the user started us: `python build.py` in a site that has it, else the installed `gongkai`."""
    return "python build.py" if Path(sys.argv[0]).name == "build.py" else "gongkai"


def as_run(text: str) -> str:
    """A message that names a command, with the command as this user runs it (the texts, the
    registry and the docs write the repository's `python build.py`)."""
    return text.replace("python build.py", program_name())


@lru_cache(maxsize=None)
def code_version() -> str:
    """The version and a hash of this package's Python code: what the build cache's entries are keyed
    by, so that a changed rule or renderer (a new checkout, an upgrade that kept the version number)
    never reuses what the old code found or made."""
    import hashlib
    h = hashlib.sha256(__version__.encode())
    here = Path(__file__).resolve().parent
    for path in sorted(here.rglob("*.py")):
        h.update(path.relative_to(here).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return f"{__version__}+{h.hexdigest()[:16]}"
