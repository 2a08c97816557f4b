"""`make mutation`'s set-up: mutmut runs the tests in a copy of the repository (mutants/)."""

from __future__ import annotations

import tomllib

from conftest import REPO, SLOW_UNDER_MUTATION, mutation_order


def test_mutmut_copies_every_data_folder_docgen_ships() -> None:
    # A folder left out of the copy fails every test that reads it, and the run stops.
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    shipped = config["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    copied = config["tool"]["mutmut"]["also_copy"]
    assert {f"{folder}/" for folder in shipped} <= set(copied)


def test_a_mutants_tests_run_its_modules_own_file_first_then_the_quickest() -> None:
    durations = {
        "tests/test_xlsx.py::test_workbook": 0.7,
        "tests/test_county.py::test_orphan": 0.4,
        "tests/test_checks.py::test_sum": 0.01,
        "tests/test_checks.py::test_slow_sum": 0.3,
    }
    order = mutation_order("docgen.rules.checks.x_check_sum__mutmut_3", [*durations], durations)
    assert order == [
        "tests/test_checks.py::test_sum",
        "tests/test_checks.py::test_slow_sum",
        "tests/test_county.py::test_orphan",
        "tests/test_xlsx.py::test_workbook",
    ]
    method = mutation_order("docgen.rules.indicators.xǁFrameworkǁrank__mutmut_1", [*durations], {})
    assert method == [*durations]  # no test file of its own, nothing measured: as given


def test_a_mutant_runs_without_the_tests_slower_than_the_limit() -> None:
    durations = {
        "tests/test_import.py::test_workbook_imports_back": SLOW_UNDER_MUTATION + 0.1,
        "tests/test_compute.py::test_slow_but_own": SLOW_UNDER_MUTATION + 0.1,
        "tests/test_county.py::test_at_the_limit": SLOW_UNDER_MUTATION,
    }
    assert mutation_order("docgen.compute.x_total__mutmut_1", [*durations], durations) == [
        "tests/test_county.py::test_at_the_limit"
    ]
