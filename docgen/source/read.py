"""Stages 1 to 3 in one call: load → validate → model, for a file or for bytes read elsewhere.

The pipeline reads every source through here, and so does last year's source (from a path or a
git revision): one way from text to model. Takes a path (or bytes), hands on the parsed source
(kept for quoting lines), the model (None when the file has schema errors) and the findings.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docgen.findings import Finding, count_errors
from docgen.source.load import Source, read_source, source_from_bytes
from docgen.source.model import County, Department, Unit, build_model
from docgen.source.validate import validate_tree

Model = Unit | Department | County


@dataclass(frozen=True)
class Read:
    source: Source | None  # None when the file could not be read (kept when it did not parse)
    model: Model | None  # None when it could not be read, or has schema errors
    findings: list[Finding]


def read_model(path: Path, display: str) -> Read:
    source, findings = read_source(path, display)
    return model_source(source, findings)


def read_model_bytes(data: bytes, path: Path, display: str) -> Read:
    """A source read from elsewhere than its path (a git revision), modelled like a file."""
    source, findings = source_from_bytes(data, path, display)
    return model_source(source, findings)


def model_source(source: Source | None, findings: list[Finding]) -> Read:
    if source is None or source.root is None:  # the text stays, to quote a syntax error's line
        return Read(source, None, findings)
    # Load findings (a duplicate key, an alias) leave a well-formed tree: check on, so that
    # one run reports everything. Schema errors leave no model to check.
    schema_findings = validate_tree(source.root)
    findings = findings + schema_findings
    if count_errors(schema_findings):
        return Read(source, None, findings)
    return Read(source, build_model(source.root, source.path, source.display), findings)
