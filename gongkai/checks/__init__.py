"""The rules: pure functions Site → diagnostics, one family a module.

Adding a rule is adding a function to its family's CHECKS and a test. No check writes,
no renderer checks. A rule about one document alone (what its file and its HTML say, the build
date, site.toml) goes in its family's DOCUMENT_CHECKS as check(site, doc): their findings for a
document are remembered by the document's fingerprint (gongkai.memo), so an edit checks again
only the documents it changed.
"""
from __future__ import annotations

import hashlib
from functools import partial

from ..diagnostics import Diagnostic
from ..registry import BY_CODE, ERROR, WARNING
from ..memo import remembered_all
from ..site import Site
from . import catalog, consultation, files, html, identity, interpretation, lifecycle, links, media, review, unfinished

FAMILIES = (unfinished, identity, interpretation, lifecycle, catalog, consultation, links, media, html, files, review)
DOCUMENT_CHECKS = tuple(check for family in FAMILIES for check in getattr(family, "DOCUMENT_CHECKS", ()))


def run_all(site: Site) -> list[Diagnostic]:
    """The site's rules, then every document's: the rules about one document are on the workers (a
    large site's) while this process applies the site's (they share nothing but what they read)."""
    out: list[Diagnostic] = []

    def site_wide() -> None:
        for family in FAMILIES:
            for check in family.CHECKS:
                out.extend(check(site))
    found = document_checks(site, meanwhile=site_wide)
    return out + found


def document_checks(site: Site, meanwhile=None) -> list[Diagnostic]:
    """Every document's findings of the DOCUMENT_CHECKS, remembered by what they read (meanwhile():
    run while they are found)."""
    toml = site.root / "site.toml"
    setting = hashlib.sha256(toml.read_bytes() if toml.is_file() else b"").hexdigest()
    def compute(d) -> list[Diagnostic]:
        return [found for check in DOCUMENT_CHECKS for found in check(site, d)]
    items = [(f"{site.today}\0{setting}\0{d.fingerprint()}", partial(compute, d)) for d in site.documents]
    return [found for findings in remembered_all(site.memo, "checks", items, _findings, meanwhile)
            for found in findings]


def _findings(stored) -> list[Diagnostic]:
    """Diagnostics back from the memo's JSON (lists of their fields; a code or severity the registry
    does not know is no finding of ours: computed again)."""
    out = []
    for code, severity, file, line, message in stored:
        if not (code in BY_CODE and severity in (ERROR, WARNING) and isinstance(file, str)
                and (line is None or type(line) is int) and isinstance(message, str)):
            return None
        out.append(Diagnostic(code, severity, file, line, message))
    return out
