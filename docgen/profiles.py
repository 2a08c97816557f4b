"""The ground floor: province profiles, the layout of a disclosure as data.

A profile (`profiles/<id>.yaml`) names the narrative sections of a unit's disclosure in its order
(and, where it words them otherwise, with its titles), the parts of a department's document
likewise, the standard tables a province publishes,
in its order and with its titles, the money unit and number format they are shown in, which
经济分类 类 make 人员经费 and 公用经费 (TABLES.md X4), and the heading the tables stand under.
docgen ships the profiles of `profiles/`; a county may keep its own in a `profiles/` folder
beside its sources (the source's folder or one above it), which wins over a shipped one of the
same id.

A profile may also say how the state-asset register is worded (`assets:`): the vehicle uses it
counts, in its order and words, and the unit prices (万元) above which 通用设备 and 专用设备 are
counted; without it, the Ministry of Finance's. With `project_function: true` a project's table
names the 功能分类 项 the project is spent under.

A profile may name the 单位性质 whose 机关运行经费 is held to their 公用经费 (TABLES.md X6,
`operating_natures:`); without it, 行政 and 参公. It may name the 单位性质 that state a 机关运行经费
at all (`operating_costs_stated_by:`); a unit of another nature states it has none. Without it,
those its 机关运行经费 is held for: the Ministry's 机关运行经费 is a 行政单位's (参公 included).

A profile names the indicator framework of its units (`framework:`, a built-in id or a file
beside it; classic-2015 when it names none) and may name the 名词解释 of a unit that words none
(`glossary:`, a file beside it, `<id>.glossary.yaml`); a unit's own `framework:` and `glossary:`
win. A file beside a profile has a dot in its name before `.yaml`, so it is never a profile.

A profile is read whole and checked; a broken one is refused with every problem named
(`ProfileError`), never half used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from docgen.files import read_regular
from docgen.findings import DocgenError
from docgen.resources import data_path
from docgen.terms import LargeEquipment, PlanCheckpoint, VehicleUse

DEFAULT_PROFILE = "hebei-county"
PROFILE_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
TABLE_KEYS = ("T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9")
MONEY_UNITS = ("元", "万元")
PROFILE_LIMIT = 256 * 1024
LOCAL_LEVELS = 2  # a source's folder and the one above (a county's root holds its departments)
LOCAL_FOLDER = "profiles"  # a county's own profiles: never budget sources
# The sections of a unit's disclosure, in the seeds' order (DOMAIN.md), the standard tables last:
# a profile's `sections` lists those it publishes, in its order; one it leaves out is not published.
SECTION_KEYS = (
    "info",  # 单位职责及机构设置情况
    "overview",  # 单位预算安排的总体情况
    "operating_costs",  # 机关运行经费安排情况
    "three_public",  # 财政拨款“三公”经费预算情况及增减变化原因
    "performance",  # 绩效预算信息
    "procurement",  # 政府采购预算情况
    "assets",  # 国有资产信息
    "glossary",  # 名词解释
    "other_matters",  # 其他需要说明的事项
    "tables",  # the standard public tables, under the profile's tables_heading
)
# The parts of a department's document, in the seeds' order: a profile's `department_sections`
# lists those it publishes, in its order, as `sections` does for a unit's.
DEPARTMENT_SECTION_KEYS = (
    "goals",  # 部门整体绩效目标
    "overview",  # 部门预算安排总体情况 (its units' sums)
    "tables",  # the standard public tables, under the profile's tables_heading
    "performance",  # 预算项目绩效目标
)
REQUIRED_KEYS = {
    "name",
    "money_unit",
    "decimals",
    "thousands",
    "personnel",
    "public",
    "checkpoints",
    "tables_heading",
    "tables",
}
OPTIONAL_KEYS = {
    "description",
    "assets",
    "sections",
    "department_sections",
    "project_function",
    "framework",
    "glossary",
    "operating_natures",
    "operating_costs_stated_by",
}
_KEYS = REQUIRED_KEYS | OPTIONAL_KEYS
# A file a profile names beside it (its glossary, an indicator framework of its own): a name
# with a dot before its suffix, which no profile id has, so it is never taken for a profile.
BESIDE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*\.[A-Za-z0-9_.-]*\.ya?ml$")
# TABLES.md X6: the 单位性质 whose 机关运行经费 is held to their 公用经费, unless a profile
# names its own (`operating_natures:`).
OPERATING_NATURES = ("行政", "参公")
# The register's unit prices (万元) in the Ministry of Finance's packages.
EQUIPMENT_PRICES = {LargeEquipment.general: Decimal(50), LargeEquipment.special: Decimal(100)}


class ProfileError(DocgenError):
    """A profile that cannot be used: unknown, unreadable, or not well formed."""


@dataclass(frozen=True)
class TableLayout:
    table: str  # T1 … T9
    title: str
    money_unit: str  # the unit this table is shown in
    decimals: int  # and its places
    with_operating: bool = False  # T7 with a 机关运行经费 column


@dataclass(frozen=True)
class RegisterLayout:
    """How the asset register is worded: the vehicle uses with their labels, in order, and the
    unit price (万元) from which each kind of large equipment is counted."""

    vehicle_uses: tuple[tuple[VehicleUse, str], ...] = tuple((use, use.zh) for use in VehicleUse)
    equipment_prices: tuple[tuple[LargeEquipment, Decimal], ...] = tuple(EQUIPMENT_PRICES.items())


@dataclass(frozen=True)
class Profile:
    id: str
    name: str
    description: str
    money_unit: str
    decimals: int
    thousands: bool
    personnel: tuple[str, ...]  # 经济分类 类 whose 款 are 人员经费
    public: tuple[str, ...]  # … and 公用经费
    checkpoints: tuple[PlanCheckpoint, ...]
    tables_heading: str
    tables: tuple[TableLayout, ...]
    path: Path
    # each section published, in order, with the profile's title for it (None: the usual one)
    sections: tuple[tuple[str, str | None], ...] = tuple((key, None) for key in SECTION_KEYS)
    # … and of a department's document
    department_sections: tuple[tuple[str, str | None], ...] = tuple(
        (key, None) for key in DEPARTMENT_SECTION_KEYS
    )
    register: RegisterLayout = field(default_factory=RegisterLayout)
    project_function: bool = False  # a project table names the project's 功能分类 项
    # The indicator framework of its units (a built-in id, or a file beside the profile) and the
    # 名词解释 of a unit that words none, as (term, definition): a unit's own wins.
    framework: str | None = None
    glossary: tuple[tuple[str, str], ...] = ()
    operating_natures: tuple[str, ...] = OPERATING_NATURES  # X6 holds for these 单位性质
    # … and these state a 机关运行经费 at all (X6: a 事业单位 states it has none, or the
    # profile says otherwise): operating_natures and those the profile adds.
    operating_costs_stated_by: tuple[str, ...] = OPERATING_NATURES

    def layout(self, table: str) -> TableLayout | None:
        return next((t for t in self.tables if t.table == table), None)


def shipped_folder() -> Path:
    return data_path("profiles")


def local_folders(source: Path) -> tuple[Path, ...]:
    parents = [source.parent, *source.parent.parents][:LOCAL_LEVELS]
    return tuple(folder / LOCAL_FOLDER for folder in parents)


def find_profile(profile_id: str, source: Path | None = None) -> Profile:
    """The profile of that id: a county's own beside the source first, then docgen's."""
    path = profile_path(profile_id, source)
    if path is not None:
        return read_profile(path)
    known = ", ".join(p.id for p in list_profiles(source))
    raise ProfileError(f"no profile {profile_id!r}; known: {known}")


def profile_path(profile_id: str, source: Path | None = None) -> Path | None:
    """The file `find_profile` reads for that id (None when there is none): what a batch hashes
    to know whether a document laid out in it must be rebuilt."""
    if not PROFILE_ID.match(profile_id):
        raise ProfileError(f"profile id {profile_id!r}: lower-case letters, digits and '-'")
    folders = (*(local_folders(source) if source else ()), shipped_folder())
    for folder in folders:
        path = folder / f"{profile_id}.yaml"
        if path.is_file() and not path.is_symlink():
            return path
    return None


def list_profiles(source: Path | None = None) -> tuple[Profile, ...]:
    """Every profile a source can name, a county's own first."""
    found: dict[str, Profile] = {}
    for folder in (*(local_folders(source) if source else ()), shipped_folder()):
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.yaml")):
            if not PROFILE_ID.match(path.stem):  # a file a profile names beside it
                continue
            if path.stem not in found and path.is_file() and not path.is_symlink():
                found[path.stem] = read_profile(path)
    return tuple(found.values())


def read_profile(path: Path) -> Profile:
    """A profile file, read once per process while it is unchanged (a batch that sees it
    edited renders with the new one)."""
    try:
        stat = path.stat()
    except OSError as error:
        raise ProfileError(f"{path}: cannot read the profile: {error}") from error
    return read_profile_version(path, stat.st_mtime_ns, stat.st_size)


@cache
def read_profile_version(path: Path, mtime_ns: int, size: int) -> Profile:
    try:
        data = yaml.safe_load(read_regular(path, PROFILE_LIMIT).decode("utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise ProfileError(f"{path}: cannot read the profile: {error}") from error
    problems = check_profile(data)
    if problems:
        raise ProfileError("\n".join(f"{path}: {problem}" for problem in problems))
    unit = data["money_unit"]
    return Profile(
        id=path.stem,
        name=data["name"],
        description=data.get("description", ""),
        money_unit=unit,
        decimals=data["decimals"],
        thousands=data["thousands"],
        personnel=tuple(data["personnel"]),
        public=tuple(data["public"]),
        checkpoints=tuple(PlanCheckpoint(c) for c in data["checkpoints"]),
        tables_heading=data["tables_heading"],
        tables=tuple(
            TableLayout(
                t["table"],
                t["title"],
                t.get("unit", unit),
                t.get("decimals", data["decimals"]),
                t.get("with_operating", False) is True,
            )
            for t in data["tables"]
        ),
        path=path,
        sections=read_sections(data.get("sections", list(SECTION_KEYS))),
        department_sections=read_sections(
            data.get("department_sections", list(DEPARTMENT_SECTION_KEYS))
        ),
        register=read_register(data.get("assets")),
        project_function=data.get("project_function", False),
        framework=data.get("framework"),
        glossary=read_glossary(path, data.get("glossary")),
        operating_natures=tuple(data.get("operating_natures", OPERATING_NATURES)),
        operating_costs_stated_by=tuple(
            data.get("operating_costs_stated_by", data.get("operating_natures", OPERATING_NATURES))
        ),
    )


def read_glossary(profile: Path, name: str | None) -> tuple[tuple[str, str], ...]:
    """The glossary a profile names, a file beside it: a list of {term, definition}."""
    if name is None:
        return ()
    path = profile.parent / name
    try:
        data = yaml.safe_load(read_regular(path, PROFILE_LIMIT).decode("utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise ProfileError(f"{path}: cannot read the glossary: {error}") from error
    entries: list[Any] = data if isinstance(data, list) and data else [None]
    if not all(is_glossary_entry(entry) for entry in entries):
        raise ProfileError(f"{path}: a glossary is a list of {{term: …, definition: …}}")
    return tuple((entry["term"].strip(), entry["definition"].strip()) for entry in entries)


def is_glossary_entry(entry: Any) -> bool:
    return (
        isinstance(entry, dict)
        and set(entry) == {"term", "definition"}
        and all(isinstance(v, str) and v.strip() for v in entry.values())
    )


def read_sections(entries: list[Any]) -> tuple[tuple[str, str | None], ...]:
    return tuple(
        (entry, None) if isinstance(entry, str) else (entry["section"], entry.get("title"))
        for entry in entries
    )


def read_register(data: dict[str, Any] | None) -> RegisterLayout:
    """A checked profile's `assets:`; what it leaves out stays the Ministry of Finance's."""
    if not data:
        return RegisterLayout()
    uses = data.get("vehicle_uses")
    prices = {
        **EQUIPMENT_PRICES,
        **{LargeEquipment(k): Decimal(str(v)) for k, v in data.get("equipment_prices", {}).items()},
    }
    return RegisterLayout(
        tuple((VehicleUse(k), str(v)) for k, v in uses.items())
        if uses
        else RegisterLayout().vehicle_uses,
        tuple(prices.items()),
    )


def check_profile(data: Any) -> list[str]:
    if not isinstance(data, dict):
        return ["a profile is a mapping"]
    problems = [f"unknown key {key!r}" for key in data if key not in _KEYS]
    problems += [f"missing key {key!r}" for key in sorted(REQUIRED_KEYS) if key not in data]
    if problems:
        return problems
    if data["money_unit"] not in MONEY_UNITS:
        problems.append(f"money_unit must be one of {MONEY_UNITS}")
    if data["decimals"] not in (0, 2) or not isinstance(data["thousands"], bool):
        problems.append("decimals is 0 or 2, thousands true or false")
    if not isinstance(data.get("project_function", False), bool):
        problems.append("project_function is true or false")
    framework = data.get("framework", "classic-2015")
    if not isinstance(framework, str) or not (
        PROFILE_ID.match(framework) or BESIDE.match(framework)
    ):
        problems.append("framework: a built-in framework's id, or a file beside the profile")
    glossary = data.get("glossary", "glossary.x.yaml")
    if not isinstance(glossary, str) or not BESIDE.match(glossary):
        problems.append("glossary: a file beside the profile, such as county-own.glossary.yaml")
    problems += check_operating_natures(data)
    for key in ("personnel", "public"):
        codes = data[key]
        if not isinstance(codes, list) or not all(re.fullmatch(r"\d{3}", str(c)) for c in codes):
            problems.append(f"{key}: a list of 经济分类 类 codes such as '301'")
    if set(map(str, data["personnel"])) & set(map(str, data["public"])):
        problems.append("a 经济分类 类 cannot be both 人员经费 and 公用经费")
    problems += check_checkpoints(data["checkpoints"])
    problems += check_tables(data["tables"])
    problems += check_register(data.get("assets"))
    problems += check_sections(data.get("sections", list(SECTION_KEYS)))
    problems += check_sections(
        data.get("department_sections", list(DEPARTMENT_SECTION_KEYS)),
        DEPARTMENT_SECTION_KEYS,
        "department_sections",
    )
    return problems


def check_sections(
    sections: Any, keys: tuple[str, ...] = SECTION_KEYS, name: str = "sections"
) -> list[str]:
    """`sections` (or `department_sections`): each one of its keys, or {section: key, title:
    …}, once."""
    if not isinstance(sections, list) or not sections:
        return [f"{name}: a list of some of {keys}"]
    problems, seen = [], set()
    for entry in sections:
        key = entry.get("section") if isinstance(entry, dict) else entry
        title = entry.get("title", "") if isinstance(entry, dict) else ""
        if key not in keys or not isinstance(title, str):
            problems.append(f"{name}: {entry!r} is not one of {keys} (with a title)")
        elif isinstance(entry, dict) and (set(entry) - {"section", "title"} or not title.strip()):
            problems.append(f"{name}: {entry!r}: a section and its title, nothing else")
        elif key in seen:
            problems.append(f"{name}: {key} is listed twice")
        seen.add(key)
    return problems


def check_register(register: Any) -> list[str]:
    """`assets: {vehicle_uses: {use: label, …}, equipment_prices: {general_equipment: 50, …}}`."""
    if register is None:
        return []
    if not isinstance(register, dict) or set(register) - {"vehicle_uses", "equipment_prices"}:
        return ["assets: a mapping of vehicle_uses and equipment_prices"]
    problems = []
    uses = register.get("vehicle_uses", {})
    if not isinstance(uses, dict) or not all(
        k in VehicleUse.__members__ and isinstance(v, str) and v.strip() for k, v in uses.items()
    ):
        problems.append(f"assets: vehicle_uses maps some of {list(VehicleUse)} to their labels")
    prices = register.get("equipment_prices", {})
    if not isinstance(prices, dict) or not all(
        k in set(LargeEquipment) and is_price(v) for k, v in prices.items()
    ):
        problems.append(
            f"assets: equipment_prices maps {list(LargeEquipment)} to a unit price in 万元"
        )
    return problems


def is_price(value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return False
    try:
        return Decimal(str(value)) > 0
    except InvalidOperation:
        return False


def check_operating_natures(data: dict[str, Any]) -> list[str]:
    """Both lists of 单位性质 of X6; a nature whose 机关运行经费 is held to its 公用经费 is one
    that states it."""
    held = data.get("operating_natures", list(OPERATING_NATURES))
    stating = data.get("operating_costs_stated_by", held)
    problems = [
        f"{key}: a list of 单位性质 such as 行政, 参公"
        for key, natures in (("operating_natures", held), ("operating_costs_stated_by", stating))
        if not is_list_of_natures(natures)
    ]
    if problems:
        return problems
    return [
        f"operating_costs_stated_by: {nature} is in operating_natures, so its units state "
        "机关运行经费: name it here too"
        for nature in held
        if nature not in stating
    ]


def is_list_of_natures(natures: Any) -> bool:
    return isinstance(natures, list) and all(isinstance(n, str) and n.strip() for n in natures)


def check_checkpoints(checkpoints: Any) -> list[str]:
    """Four checkpoints in the year's order, the last 12月底: the project table has four columns."""
    order = list(PlanCheckpoint)
    if (
        not isinstance(checkpoints, list)
        or len(checkpoints) != 4
        or [c for c in checkpoints if c not in PlanCheckpoint.__members__]
        or [order.index(PlanCheckpoint(c)) for c in checkpoints]
        != sorted({order.index(PlanCheckpoint(c)) for c in checkpoints})
        or checkpoints[-1] != PlanCheckpoint.december
    ):
        return [
            f"checkpoints: four of {order} in the year's order, ending with december "
            "(e.g. [march, june, september, december])"
        ]
    return []


def check_tables(tables: Any) -> list[str]:
    if not isinstance(tables, list) or not tables:
        return ["tables: a list of {table: T1, title: …}"]
    problems = []
    seen = set()
    for entry in tables:
        if not isinstance(entry, dict) or entry.get("table") not in TABLE_KEYS:
            problems.append(f"tables: {entry!r} is not one of {TABLE_KEYS} with a title")
            continue
        if not isinstance(entry.get("title"), str) or not entry["title"].strip():
            problems.append(f"tables: {entry['table']} needs a title")
        if entry.get("decimals", 2) not in (0, 2):
            problems.append(f"tables: {entry['table']} decimals is 0 or 2")
        if entry.get("unit", MONEY_UNITS[0]) not in MONEY_UNITS:
            problems.append(f"tables: {entry['table']} unit must be one of {MONEY_UNITS}")
        if entry["table"] in seen:
            problems.append(f"tables: {entry['table']} is listed twice")
        seen.add(entry["table"])
    return problems
