"""MkDocs hook: forget the imported macros package before each build, so that `make serve` picks up
edits to macros/*.py on live reload (mkdocs-macros imports the package once and Python caches it)."""

import sys

from mkdocs.plugins import event_priority

PACKAGE = "macros"


# Runs before the macros plugin's own on_config (default priority 0), which imports the package.
@event_priority(100)
def on_config(config):
    for name in [n for n in sys.modules if n == PACKAGE or n.startswith(PACKAGE + ".")]:
        del sys.modules[name]
    return config
