"""Gongkai (公开): a static site generator for a government information disclosure column."""
import sys
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
