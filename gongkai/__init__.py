"""Gongkai (公开): a static site generator for a government information disclosure column."""
from pathlib import Path

__version__ = "0.1.0"

# The default theme ships inside the package (package data); a site's own layouts/ overrides
# it file by file (the repository's top-level layouts/ holds the example site's overrides).
DEFAULT_LAYOUTS = Path(__file__).resolve().parent / "theme"
