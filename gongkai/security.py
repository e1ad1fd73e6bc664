"""The Content-Security-Policy every page carries, declared once: the page's <meta> tag and
deploy/nginx.conf's header are both checked against it (tests/test_deploy.py).

Only the site's own scripts, styles, images and media; no inline script or style (the theme has
none: the early reading-preferences script is assets/early.js). Pagefind compiles its WebAssembly,
which needs 'wasm-unsafe-eval' (not 'unsafe-eval'), and may start its worker from a blob: URL.
"""
from __future__ import annotations

DIRECTIVES = (
    ("default-src", "'self'"),
    ("script-src", "'self' 'wasm-unsafe-eval'"),
    ("style-src", "'self'"),
    ("img-src", "'self' data:"),
    ("media-src", "'self'"),
    ("font-src", "'self'"),
    ("connect-src", "'self'"),
    ("worker-src", "'self' blob:"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)
# A <meta> policy cannot say who may frame the page; the server's header adds it.
HEADER_ONLY = (("frame-ancestors", "'self'"),)


def policy(header: bool = False) -> str:
    return "; ".join(f"{name} {value}" for name, value in DIRECTIVES + (HEADER_ONLY if header else ()))


CSP = policy()
