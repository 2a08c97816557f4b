"""Semantic diff: what changed in the figures between two versions of budget sources.

Each side is checked like any build (load → validate → model → compute); the two are then
compared as a reviewer reads them: projects added, removed or renamed (matched by code), every
stated figure that moved (old → new, and by how much), indicator targets and texts that changed,
and the knock-on effect on the computed totals of each unit, department and the county.
A side is a file, a folder, or `REV:path` for any git revision, which is read from git into a
temporary folder (with the folder around it, so a department finds its units).
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from docgen.check import Checked, check
from docgen.checked import CheckedDocument, CheckedUnit
from docgen.compute import (
    WAN,
    Totals,
    compute_change,
    sum_totals,
    yuan_as_wan,
)
from docgen.document.columns import HEADLINE_FIGURES, MONEY_FIGURES, headline_figures
from docgen.document.numbers import said_amount
from docgen.findings import DocgenError, count_errors
from docgen.history.figures import (
    STATED,
    WRITTEN,
    coarse_figures,
    is_money,
    projects_of,
    stated_figures,
    stated_words,
)
from docgen.provenance import GitObjectError, resolve_object
from docgen.rules.county import slug_of
from docgen.source.model import Department, Project, Unit
from docgen.terms import DiffStatus, Kind

# The computed totals as the county index heads them.
TOTAL_LABELS = {column.key: column.heading for column in HEADLINE_FIGURES}


class DiffSourceError(DocgenError):
    """A side of the diff cannot be read (a bad revision or path)."""


@dataclass(frozen=True)
class FigureChange:
    label: str
    old: Decimal | None  # None: the figure is new
    new: Decimal | None  # None: the figure is gone

    @property
    def delta(self) -> Decimal | None:
        if self.old is None or self.new is None:
            return None
        return compute_change(self.new, self.old).delta


@dataclass(frozen=True)
class TextChange:
    label: str
    old: str | None
    new: str | None


@dataclass
class DocumentDiff:
    slug: str
    name: str
    kind: Kind
    status: DiffStatus
    projects_added: list[tuple[str, str]] = field(default_factory=list)  # code, name
    projects_removed: list[tuple[str, str]] = field(default_factory=list)
    projects_renamed: list[tuple[str, str, str]] = field(default_factory=list)  # code, old, new
    figures: list[FigureChange] = field(default_factory=list)
    texts: list[TextChange] = field(default_factory=list)  # indicator targets and texts
    totals: list[FigureChange] = field(default_factory=list)  # computed: the knock-on effect

    @property
    def changed(self) -> bool:
        return self.status is not DiffStatus.changed or any(
            (
                self.projects_added,
                self.projects_removed,
                self.projects_renamed,
                self.figures,
                self.texts,
                self.totals,
            )
        )


@dataclass
class Diff:
    old_label: str
    new_label: str
    documents: list[DocumentDiff]
    county: list[FigureChange]  # the sum over all units on each side
    old_errors: int = 0  # errors found on each side: its figures did not pass the checks
    new_errors: int = 0

    @property
    def changed(self) -> bool:
        return any(d.changed for d in self.documents) or bool(self.county)


# -- reading the two sides -------------------------------------------------------------------


@contextmanager
def side(spec: str) -> Iterator[Path]:
    """A path to check for `spec`: the path itself, or `REV:path` read from git."""
    revision, colon, path = spec.partition(":")
    if not colon or Path(spec).exists() or len(revision) == 1:  # C:\\… is a path, not a rev
        if not Path(spec).exists():
            raise DiffSourceError(f"{spec}: no such file or folder")
        yield Path(spec)
        return
    with tempfile.TemporaryDirectory(prefix="docgen-diff-") as folder:
        yield export_revision(revision, path, Path(folder))


def export_revision(revision: str, path: str, into: Path) -> Path:
    """`path` as it was at `revision`, with its folder (a department's units sit beside it)."""
    top = git_output(["rev-parse", "--show-toplevel"]).strip()
    prefix = git_output(["rev-parse", "--show-prefix"]).strip()
    inside = Path(path[2:]) if path.startswith("./") else Path(path)
    relative = (Path(prefix) / inside) if path.startswith("./") else inside
    # The revision is resolved to a commit id first: only ids and paths after `--` reach git.
    try:
        commit = resolve_object(Path(top), f"{revision}^{{commit}}")
        named = resolve_object(Path(top), f"{commit}:{relative.as_posix()}")
    except GitObjectError as error:
        raise DiffSourceError(f"{revision}:{path}: {error}") from error
    kind = git_output(["cat-file", "-t", named]).strip()
    folder = relative if kind == "tree" else relative.parent
    archive = subprocess.run(
        ["git", "-C", top, "archive", "--format=tar", commit, "--", folder.as_posix() or "."],
        capture_output=True,
        check=False,
    )
    if archive.returncode != 0:
        raise DiffSourceError(f"{revision}:{path}: {archive.stderr.decode(errors='replace')}")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        try:
            tar.extractall(into, filter="data")
        except tarfile.FilterError as error:  # a link out of the folder, a device: not followed
            raise DiffSourceError(f"{revision}:{path}: {error}") from error
    return into / relative


def revision_spec(revision: str, folder: Path) -> str:
    """`REV:path` for a folder of the working tree, as git names it (from the top)."""
    top = Path(git_output(["rev-parse", "--show-toplevel"]).strip()).resolve()
    try:
        inside = folder.resolve().relative_to(top)
    except ValueError as error:
        raise DiffSourceError(f"{folder} is not inside the git repository {top}") from error
    return f"{revision}:{inside.as_posix()}"


def git_output(args: list[str]) -> str:
    result = subprocess.run(["git", *args], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise DiffSourceError(f"git {' '.join(args)}: {result.stderr.strip()}")
    return result.stdout


# -- comparing -------------------------------------------------------------------------------


def diff_checked(
    old: Checked,
    new: Checked,
    old_label: str,
    new_label: str,
    unread: frozenset[Path] = frozenset(),
) -> Diff:
    """`unread`: files of the old side (resolved) that are on the new side but could not be
    read there; their documents are not compared, rather than said to be removed."""
    before = {d.key: d for d in documents_of(old)}
    after = {d.key: d for d in documents_of(new)}
    documents = []
    for key in sorted(before.keys() | after.keys()):
        document = compare_documents(before.get(key), after.get(key))
        if key not in after and before[key].paths[0].resolve() in unread:
            document.status, document.totals = DiffStatus.unread, []
        documents.append(document)
    old_units, new_units = units_of(before.values()), units_of(after.values())
    county = []
    if max(len(old_units), len(new_units)) > 1:  # one unit's totals are already shown
        county = compare_county(old_units, new_units)
    return Diff(
        old_label,
        new_label,
        [d for d in documents if d.changed],
        county,
        count_errors(old.findings),
        count_errors(new.findings),
    )


def unread_files(old: Checked, new: Checked, old_root: Path, new_root: Path) -> frozenset[Path]:
    """The old side's files whose namesake on the new side has errors that stop its model."""
    old_base, new_base = (folder_of(root).resolve() for root in (old_root, new_root))
    broken = {
        path.relative_to(new_base)
        for path, document in new.models.items()
        if document is None and path.is_relative_to(new_base)
    }
    return frozenset(
        path
        for path in old.models
        if path.is_relative_to(old_base) and path.relative_to(old_base) in broken
    )


def folder_of(root: Path) -> Path:
    return root if root.is_dir() else root.parent


def units_of(documents: Iterable[CheckedDocument]) -> list[CheckedUnit]:
    """Each unit once, whether checked on its own or through its department."""
    units = {unit.key: unit for document in documents for unit in document.units}
    return list(units.values())


def compare_county(old: list[CheckedUnit], new: list[CheckedUnit]) -> list[FigureChange]:
    """The sums over each side's units; where the units are not all in one money unit, each
    unit's totals in 万元 as the index shows them (a 元 unit's rounded to 0.01 万元) are summed,
    so the county moves only where a unit does."""
    if len({unit.amount_unit for unit in (*old, *new)}) == 1:
        return compare_totals(
            sum_totals([u.totals() for u in old]), sum_totals([u.totals() for u in new])
        )
    return compare_totals(
        sum_totals([u.entry().totals for u in old]), sum_totals([u.entry().totals for u in new])
    )


def documents_of(checked: Checked) -> list[CheckedDocument]:
    """Every unit and department checked, including units reached through a department."""
    return [d for d in checked.models.values() if d is not None]


def compare_documents(old: CheckedDocument | None, new: CheckedDocument | None) -> DocumentDiff:
    either = new or old
    assert either is not None
    kind, code = either.key
    status = (
        DiffStatus.added
        if old is None
        else DiffStatus.removed
        if new is None
        else DiffStatus.changed
    )
    result = DocumentDiff(slug_of(code, either.year), either.entry().name, kind, status)
    units = (unit_of(old), unit_of(new))
    if old is not None and new is not None and old.stated and new.stated:
        compare_sources(old.stated, new.stated, result, units)
    if units[0] == units[1]:
        result.totals = compare_totals(totals_of(old), totals_of(new), units)
    else:  # in 万元 unit by unit, as the index adds a department's units up (its entry)
        result.totals = compare_totals(wan_totals_of(old), wan_totals_of(new))
    return result


def unit_of(document: CheckedDocument | None) -> str:
    """The money unit of a side's figures (万元 where it has none to compare)."""
    return document.amount_unit if document is not None else WAN


def wan_totals_of(document: CheckedDocument | None) -> Totals | None:
    return document.entry().totals if document is not None else None


# Two sides in different money units (last year's source in 万元, this year's in 元) are compared
# in the coarser, 万元, at the precision a 万元 source states: a 元 figure is the one it would
# state, 元 / 10000 rounded half up to 0.01, so a change under 50 元 is none, as it is between
# two 万元 sources.
def in_common_unit(
    figures: dict[str, Decimal], units: tuple[str, str], money: Callable[[str], bool] = is_money
) -> dict[str, Decimal]:
    """A side's figures (its unit first in `units`, the other side's second) in the unit both
    are compared in: its own where the two agree; else each amount (`money` of its label) of a
    元 side as the 万元 figure a source would state for it. Shares and counts stay as they are."""
    unit, other = units
    if unit in (other, WAN):
        return figures
    return {
        label: yuan_as_wan(value) if money(label) else value for label, value in figures.items()
    }


def is_headline_money(key: str) -> bool:
    return key in {column.key for column in MONEY_FIGURES}


def totals_of(source: CheckedDocument | None) -> Totals | None:
    return source.totals() if source is not None else None


def compare_totals(
    old: Totals | None, new: Totals | None, units: tuple[str, str] = (WAN, WAN)
) -> list[FigureChange]:
    def figures(totals: Totals | None) -> dict[str, Decimal]:
        if totals is None:
            return {}
        return {
            key: Decimal(value)
            for key, value in headline_figures(totals).items()
            if value is not None
        }

    before = in_common_unit(figures(old), units, is_headline_money)
    after = in_common_unit(figures(new), (units[1], units[0]), is_headline_money)
    return [
        FigureChange(TOTAL_LABELS[key], before.get(key), after.get(key))
        for key in TOTAL_LABELS
        if before.get(key) != after.get(key)
    ]


def compare_sources(
    old: Unit | Department, new: Unit | Department, result: DocumentDiff, units: tuple[str, str]
) -> None:
    """Every stated figure and word, old → new (`units`: the money unit of each), then the
    projects (matched by code). A total stated on one side only is no change: both sides
    passed their checks, so it states what that side computes, and a change of the computed
    figure is reported as such."""
    old_figures, new_figures = stated_figures(old), stated_figures(new)
    before = in_common_unit(old_figures, units)
    after = in_common_unit(new_figures, (units[1], units[0]))
    result.figures = [
        FigureChange(label, before.get(label), after.get(label))
        for label in dict.fromkeys([*before, *after])
        if before.get(label) != after.get(label) and not stated_on_one_side(label, before, after)
    ]
    sides = ((old, old_figures, before, units[0]), (new, new_figures, after, units[1]))
    result.texts = written_changes(*sides)
    old_words, new_words = stated_words(old), stated_words(new)
    result.texts += [
        TextChange(label, old_words.get(label), new_words.get(label))
        for label in dict.fromkeys([*old_words, *new_words])
        if old_words.get(label) != new_words.get(label)
    ]
    old_projects = {p.code.value: p for p in projects_of(old)}
    new_projects = {p.code.value: p for p in projects_of(new)}
    for code, project in new_projects.items():
        if code not in old_projects:
            result.projects_added.append((code, project.name.value))
        elif old_projects[code].name.value != project.name.value:
            renamed = (code, old_projects[code].name.value, project.name.value)
            result.projects_renamed.append(renamed)
    result.projects_removed = [
        (code, p.name.value) for code, p in old_projects.items() if code not in new_projects
    ]
    for code in old_projects.keys() & new_projects.keys():
        result.texts += compare_indicators(code, old_projects[code], new_projects[code])
    result.texts.sort(key=lambda change: change.label)


Side = tuple[Unit | Department, dict[str, Decimal], dict[str, Decimal], str]


def written_changes(old: Side, new: Side) -> list[TextChange]:
    """A figure whose value stays while the way it is written changes (80000 → 8.00万元 in a
    source in 元). A figure written in a coarser unit than its file's stands for the 元 figure it
    was rounded from, so its value equals the plain one; only its form tells that the document
    now prints it otherwise, at another precision. A side is (model, its stated figures, the same
    in the unit both are compared in, its money unit)."""
    (old_model, old_figures, before, old_unit), (new_model, new_figures, after, new_unit) = old, new
    old_coarse, new_coarse = coarse_figures(old_model), coarse_figures(new_model)
    changes = []
    for label in dict.fromkeys([*old_coarse, *new_coarse]):
        if label not in before or before[label] != after.get(label):
            continue  # a figure on one side, or one whose value changed, is a figure change
        old_said = said_amount(old_figures[label], old_unit, old_coarse.get(label))
        new_said = said_amount(new_figures[label], new_unit, new_coarse.get(label))
        if old_said != new_said:
            changes.append(TextChange(label + WRITTEN, old_said, new_said))
    return changes


def stated_on_one_side(label: str, before: dict[str, Decimal], after: dict[str, Decimal]) -> bool:
    return label.endswith(STATED) and (label in before) != (label in after)


def compare_indicators(code: str, old: Project, new: Project) -> list[TextChange]:
    """Indicator rows matched by 一级/二级/三级指标: changed targets and texts, rows added or
    removed."""

    def rows(project: Project) -> dict[str, dict[str, str]]:
        # The basis a row prints: its own, else the project's shared one.
        shared = project.indicator_basis.value if project.indicator_basis else ""
        return {
            f"{i.level1.value}/{i.level2.value}/{i.name.value}": {
                "指标值": i.value.value,
                "绩效指标描述": i.description.value,
                "指标值确定依据": i.basis.value if i.basis else shared,
            }
            for i in project.indicators
        }

    before, after = rows(old), rows(new)
    changes = []
    for key in dict.fromkeys([*before, *after]):
        label = f"项目 {code} 指标 {key}"
        if key not in before or key not in after:
            old_value = before[key]["指标值"] if key in before else None
            new_value = after[key]["指标值"] if key in after else None
            changes.append(TextChange(label, old_value, new_value))
            continue
        for part, value in after[key].items():
            if before[key][part] != value:
                changes.append(TextChange(f"{label}：{part}", before[key][part], value))
    goals = ("；".join(g.value for g in old.goals), "；".join(g.value for g in new.goals))
    if goals[0] != goals[1]:
        changes.append(TextChange(f"项目 {code} 绩效目标", *goals))
    return changes


def diff_paths(old_spec: str, new_spec: str) -> tuple[Diff, Checked, Checked]:
    """The diff of two sides, and each side's check (for its findings)."""
    with side(old_spec) as old_path, side(new_spec) as new_path:
        old, new = check([old_path]), check([new_path])
        unread = unread_files(old, new, old_path, new_path)
        return diff_checked(old, new, old_spec, new_spec, unread), old, new
