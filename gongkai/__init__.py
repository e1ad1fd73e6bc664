"""Gongkai (公开): a static site generator for a government information disclosure column."""
from pathlib import Path

__version__ = "0.1.0"

# The default theme lives beside the package, at the repository root (the design card's
# top-level `layouts/`); a site's own layouts/ overrides it file by file.
DEFAULT_LAYOUTS = Path(__file__).resolve().parent.parent / "layouts"
