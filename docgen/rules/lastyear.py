"""Last year from last year's source: the comparison figures are read, not typed.

A unit may name last year's source (`last_year: {source: ../2020/323005.yaml}` or
`source: HEAD~1:./323005.yaml`, any git revision). That source is read the way every source is
(load → validate → model, `docgen.source.read`), then computed; its 基本支出, 项目支出, 结转下年
and “三公” items become this year's comparison figures, located at
the `source` line, so that the changes and their words are computed from them. A figure this
file also writes must agree with the one read; one that does not is an error where it is
written. Runs between model and compute.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

from docgen.compute import UnitFigures, compute_figures
from docgen.files import read_regular
from docgen.findings import Finding, count_errors
from docgen.messages import make_finding
from docgen.provenance import GitObjectError, read_blob
from docgen.source.load import MAX_SOURCE_BYTES
from docgen.source.model import Amount, LastYear, Text, Unit
from docgen.source.read import read_model_bytes
from docgen.terms import THREE_PUBLIC_ITEMS, ExpenditurePart, ThreePublic


@dataclass(frozen=True)
class Previous:
    unit: Unit
    figures: UnitFigures
    digest: str  # sha256 of the bytes read, for the batch's manifest


def resolve_last_year(unit: Unit) -> tuple[Unit, list[Finding], Previous | None]:
    """The unit with last year's figures filled in from the source it names (unchanged when it
    names none), the findings, and what was read."""
    last = unit.last_year
    if last is None or last.source is None:
        return unit, [], None
    previous, findings = read_previous(last.source, unit)
    if previous is not None and previous.figures.basic is None:  # performance-only: no 基本支出
        previous, findings = None, [make_finding("last-year-source-scope", last.source.loc)]
    if previous is None:  # no comparison to check: the finding says why, and stops the build
        three = unit.three_public
        if three is not None and not three.last_year:  # its last year was to come from there
            three = None
        return replace(unit, last_year=None, three_public=three), findings, None
    basic = previous.figures.basic
    assert basic is not None  # a full-scope source, checked above
    findings += check_written(last, previous.figures)
    resolved = replace(
        last,
        year=previous.unit.year,
        basic=Amount(basic, last.source.loc),
        projects=Amount(previous.figures.projects_total, last.source.loc),
        carry_forward=Amount(previous.figures.carry_forward, last.source.loc),
    )
    three = unit.three_public
    if three is not None and previous.figures.three_public is not None:
        items = previous.figures.three_public.items
        read: dict[str, Amount] = {
            key: Amount(items[key], last.source.loc) for key in THREE_PUBLIC_ITEMS
        }
        findings += [
            mismatch(figure, items[key], three_public_name(ThreePublic[key]), last.source)
            for key, figure in three.last_year.items()
            if figure.value != items[key]
        ]
        three = replace(three, last_year=read)
    if previous.unit.info.code.value != unit.info.code.value:
        findings.append(
            make_finding(
                "last-year-source-unit",
                last.source.loc,
                value=previous.unit.info.code.value,
                unit_code=unit.info.code.value,
            )
        )
    return replace(unit, last_year=resolved, three_public=three), findings, previous


def check_written(last: LastYear, figures: UnitFigures) -> list[Finding]:
    assert last.source is not None and figures.basic is not None
    read = {
        "basic": figures.basic,
        "projects": figures.projects_total,
        "carry_forward": figures.carry_forward,
    }
    return [
        mismatch(figure, read[key], last_year_name(ExpenditurePart[key]), last.source)
        for key, figure in (last.written or {}).items()
        if figure.value != read[key]
    ]


def last_year_name(part: ExpenditurePart) -> tuple[str, str]:
    return f"上年{part.zh}", f"last year's {part.en}"


def three_public_name(item: ThreePublic) -> tuple[str, str]:
    return f"上年“三公”经费（{item.zh}）", f"last year's 三公 item {item.en}"


def mismatch(figure: Amount, read: Decimal, what: tuple[str, str], source: Text) -> Finding:
    return make_finding(
        "last-year-source-mismatch",
        figure.loc,
        value=f"{figure.value}",
        what_zh=what[0],
        what_en=what[1],
        read=f"{read}",
        source=source.value,
    )


def read_previous(ref: Text, unit: Unit) -> tuple[Previous | None, list[Finding]]:
    """Last year's source, checked; None (and why, at the `source` line) when it cannot be used."""
    data, problem = read_reference(ref.value, unit.path.parent)
    if data is None:
        unreadable = make_finding(
            "last-year-source-unreadable", ref.loc, value=ref.value, reason=problem
        )
        return None, [unreadable]
    read = read_model_bytes(data, unit.path.parent / ref.value, ref.value)
    model, errors = read.model, count_errors(read.findings)
    if model is None or errors or not isinstance(model, Unit):
        count = str(errors or 1)  # a county or department file: one error, its kind
        invalid = make_finding("last-year-source-invalid", ref.loc, value=ref.value, count=count)
        return None, [invalid]
    digest = hashlib.sha256(data).hexdigest()
    return Previous(model, compute_figures(model), digest), []


def read_reference(ref: str, base: Path) -> tuple[bytes | None, str]:
    """The bytes of a path relative to `base`, or of `REV:path` from git (the path relative to
    `base` too); else None and the reason."""
    revision, colon, path = ref.partition(":")
    if colon and not (base / ref).exists():
        relative = path if path.startswith(("./", "../")) else f"./{path}"
        try:
            data = read_blob(base, f"{revision}:{relative}", MAX_SOURCE_BYTES)
        except GitObjectError as error:
            return None, str(error)
    else:
        try:  # a regular file, and a bounded read: never a FIFO, never all of /dev/zero
            data = read_regular(base / ref, MAX_SOURCE_BYTES)
        except OSError as error:
            return None, error.strerror or str(error)
    if len(data) > MAX_SOURCE_BYTES:
        return None, f"larger than {MAX_SOURCE_BYTES} bytes"
    return data, ""
