"""`make mutation`'s set-up: mutmut runs the tests in a copy of the repository (mutants/)."""

from __future__ import annotations

import tomllib

from conftest import REPO


def test_mutmut_copies_every_data_folder_docgen_ships() -> None:
    # A folder left out of the copy fails every test that reads it, and the run stops.
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    shipped = config["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    copied = config["tool"]["mutmut"]["also_copy"]
    assert {f"{folder}/" for folder in shipped} <= set(copied)
