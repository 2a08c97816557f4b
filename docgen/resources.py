"""Where docgen's shipped data lives: schemas and indicator frameworks (and, later, templates).

In a source checkout they sit at the repository's top level; in an installed wheel hatchling puts
them under `docgen/_data/`. Everything that needs one of them asks `data_path`.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_path(*parts: str) -> Path:
    installed = _PACKAGE / "_data" / Path(*parts)
    if installed.exists():
        return installed
    return _PACKAGE.parent / Path(*parts)
