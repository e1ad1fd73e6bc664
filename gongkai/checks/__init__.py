"""The rules: pure functions Site → diagnostics, one family a module.

Adding a rule is adding a function to its family's CHECKS and a test. No check writes,
no renderer checks.
"""
from __future__ import annotations

from ..diagnostics import Diagnostic
from ..site import Site
from . import catalog, consultation, files, html, identity, interpretation, lifecycle, links, media, review, unfinished

FAMILIES = (unfinished, identity, interpretation, lifecycle, catalog, consultation, links, media, html, files, review)


def run_all(site: Site) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for family in FAMILIES:
        for check in family.CHECKS:
            out.extend(check(site))
    return out
