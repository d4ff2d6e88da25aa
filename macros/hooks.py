"""MkDocs hooks that adjust the configuration before each build.

- Forget the imported macros package, so that `make serve` picks up edits to macros/*.py on live
  reload (mkdocs-macros imports the package once and Python caches it).
- Drop the "edit this page" path when no repository address is configured (a local build), instead of
  letting MkDocs warn about a relative edit link on every page."""

import sys

from mkdocs.plugins import event_priority

PACKAGE = "macros"


# Runs before the macros plugin's own on_config (default priority 0), which imports the package.
@event_priority(100)
def on_config(config):
    for name in [n for n in sys.modules if n == PACKAGE or n.startswith(PACKAGE + ".")]:
        del sys.modules[name]
    if not config.repo_url:
        config.edit_uri = None
    return config
