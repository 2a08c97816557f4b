"""Stage 0, import: the printed tables as a unit source — what goes where, and why.

The source's `tables:` lines are 项 × funding source × 人员/公用/项目 (and 上年结转 or not). No
single table prints that; together they do, and the mapping takes each part from the table that
prints it most finely:
- 一般公共预算 (T5), 政府性基金 (T8) and 国有资本经营 (T9) money of a 项 comes from that
  fund's own table (T8/T9 print 基本支出 whole: it is split by what the 支出总表 leaves for it);
- the money of every other source is what the 支出总表 (T3) prints for the 项 less the funds'
  tables, and the 收入总表 (T2) says how much of it is each source's (in the order of the terms,
  人员经费 first, when several share a 项: an assumption, noted);
- what the 收入总表 prints under 上年结转 is the part of a fund's money in its table beyond the
  fund's own column (that carry-over taken from 项目支出 first): the tables show only totals of
  it, so any split gives the same tables.
Every printed figure the lines do not reproduce by construction — each 合计, 类 and 款 row, and a
项 cell that differs — is written under `stated:`, where docgen checks it against the lines: an
arithmetic error of the workbook is a finding at that line, and so at its cell. Revenue comes
from the 收支总表 (else the 收入总表's 合计 row), 上年结转 by fund from the 财政拨款收支总表, the
“三公” items from their table. A figure printed twice (收支总表's 类 against the 支出总表's) is
compared here, since the source keeps it once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from docgen.importing.layout import (
    CLASSIFIED,
    UNIT_NAME,
    YEAR,
    Figure,
    Note,
    Row,
    Table,
    Tables,
    normalised,
    source_of,
)
from docgen.importing.workbook import WorkbookError
from docgen.profiles import DEFAULT_PROFILE, find_profile
from docgen.terms import APPROPRIATIONS, RevenueSource, StandardTable

ZERO = Decimal(0)
PARTS = ("personnel", "public", "projects")
FUND_TABLES = {"T5": "general_budget", "T8": "government_fund", "T9": "state_capital"}
# The columns docgen computes for each table (docgen.tables): only these can be stated.
STATED_COLUMNS = {
    "T3": ("total", "basic", "personnel", "public", "projects"),
    "T5": ("total", "basic", "personnel", "public", "projects"),
    "T8": ("total", "basic", "projects"),
    "T9": ("total", "basic", "projects"),
    "T6": ("total", "personnel", "public"),
}
UNIT_CODE = re.compile(r"^[\[【(（]?([0-9]{3,20})[\]】)）]?[\s\-—_]*(\S.*)$")
UNIT_CODE_LINE = re.compile(r"(?:单位编码|单位代码|预算单位编码)[：:]\s*([0-9A-Za-z]+)")
# The sections a full source gives or names under not_given (the schema's enum), in its order.
NOT_GIVEN = (
    "last_year",
    "operating_costs",
    "three_public",
    "procurement",
    "assets",
    "other_matters",
)


@dataclass(frozen=True)
class Amount:
    """A figure of the source with the cells it comes from."""

    value: Decimal
    cells: tuple[str, ...]


@dataclass
class Line:  # one `tables.spending` line in the making
    code: str
    name: str
    source: str
    carryover: bool = False
    parts: dict[str, Decimal] = field(default_factory=dict)
    cells: list[str] = field(default_factory=list)  # every cell it is made of
    where: dict[str, str] = field(default_factory=dict)  # a part → the cell printing it

    @property
    def total(self) -> Decimal:
        return sum(self.parts.values(), ZERO)


@dataclass
class Mapped:
    """Everything the source will say, each figure with its cells; and the notes."""

    workbook: str
    year: int
    profile: str | None
    money_unit: str
    unit_code: str | None
    unit_name: str | None
    revenue: dict[str, object] = field(default_factory=dict)
    expenditure: dict[str, Amount] = field(default_factory=dict)
    three_public: dict[str, dict[str, Amount]] = field(default_factory=dict)
    operating: dict[str, Amount] = field(default_factory=dict)  # 机关运行经费: amount, last_year
    spending: list[Line] = field(default_factory=list)
    economic: list[tuple[str, str, Amount]] = field(default_factory=list)
    stated: dict[str, dict[str, dict[str, Amount]]] = field(default_factory=dict)
    not_given: list[str] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    defects: list[Note] = field(default_factory=list)  # figures printed twice that differ


def map_tables(tables: Tables, year: int | None, profile: str | None, workbook: str) -> Mapped:
    found = tables.found
    if "T3" not in found:
        names = "、".join(f"{t.title}（{t.sheet}）" for t in found.values()) or "—"
        raise WorkbookError("table-missing", workbook, table=StandardTable.T3.zh, found=names)
    if not found.keys() & {"T1", "T2", "T4"}:
        raise WorkbookError("revenue-missing", workbook)
    main = found["T3"].money_unit
    notes = list(tables.notes)
    converted = {key: in_unit(table, main, notes) for key, table in found.items()}
    about = [text for table in found.values() for text in table.about]
    code, name = unit_of(about)
    mapped = Mapped(
        workbook,
        year or year_of(about, workbook),
        profile or tables.profile,
        main,
        code,
        name,
        notes=notes,
    )
    add_revenue(mapped, converted)
    add_expenditure(mapped, converted)
    add_lines(mapped, converted)
    add_economic(mapped, converted)
    add_stated(mapped, converted)
    add_three_public(mapped, converted.get("T7"))
    check_printed_twice(mapped, converted)
    for key in ("T2", "T5", "T6", "T7", "T8", "T9"):
        if key not in found:
            notes.append(Note(workbook, "", "table-absent", (("table", StandardTable(key).zh),)))
    mapped.not_given = [key for key in NOT_GIVEN if key not in given_by(mapped)]
    return mapped


def given_by(mapped: Mapped) -> set[str]:
    """The sections of NOT_GIVEN the workbook gives figures for."""
    given = {"three_public"} if mapped.three_public else set()
    return given | ({"operating_costs"} if "amount" in mapped.operating else set())


def in_unit(table: Table, main: str, notes: list[Note]) -> Table:
    """A table in the 支出总表's money unit: 万元 × 10000 = 元 exactly (and back by a shift)."""
    if table.money_unit == main:
        return table
    notes.append(
        Note(
            f"{table.sheet}!A1",
            "",
            "units-differ",
            (("table", table.title), ("unit", table.money_unit), ("main", main)),
        )
    )
    shift = 4 if main == "元" else -4
    rows = tuple(
        Row(
            row.code,
            row.name,
            {k: Figure(f.amount.scaleb(shift), f.where) for k, f in row.figures.items()},
            row.where,
            row.side,
        )
        for row in table.rows
    )
    return Table(table.table, table.sheet, table.title, main, rows, table.about)


def year_of(about: list[str], workbook: str) -> int:
    for text in about:
        found = YEAR.search(text)
        if found:
            return int(found[1])
    raise WorkbookError("year-missing", workbook)


def unit_of(about: list[str]) -> tuple[str | None, str | None]:
    """The unit's code and name from a unit line: 单位名称：[323005]香河县社会保险事业管理所."""
    code = next((m[1] for t in about if (m := UNIT_CODE_LINE.search(t))), None)
    for text in about:
        found = UNIT_NAME.match(text.strip())
        if found is None:
            continue
        name = re.split(r"\s+(?:金额)?单位[：:]", found[1])[0].strip()
        if name in ("元", "万元") or not name:
            continue
        coded = UNIT_CODE.match(name)
        if coded:
            return code or coded[1], coded[2].strip()
        return code, name
    return code, None


def amount(figure: Figure) -> Amount:
    return Amount(figure.amount, (figure.where,))


# -- revenue and expenditure ---------------------------------------------------------------------


def add_revenue(mapped: Mapped, found: dict[str, Table]) -> None:
    sources: dict[str, Amount] = {}
    revenue: dict[str, object] = {}
    if "T1" in found:
        for row in (r for r in found["T1"].rows if r.side == "revenue"):
            add_revenue_line(mapped, row, sources, revenue)
    elif "T2" in found:
        total = next((r for r in found["T2"].rows if r.code == "total"), None)
        for key, figure in total.figures.items() if total else ():
            if key in RevenueSource.__members__:
                sources[key] = amount(figure)
            elif key in ("carryover", "total"):
                revenue[key] = amount(figure)
    else:
        for row in (r for r in found["T4"].rows if r.side == "revenue"):
            source = source_of(normalised(row.name))
            if source and "amount" in row.figures and source not in sources:
                sources[source] = amount(row.figures["amount"])
    split_carried(mapped, revenue, carryover_by_fund(found.get("T4")))
    if RevenueSource.general_budget.value not in sources:
        sources[RevenueSource.general_budget.value] = Amount(ZERO, ())
    ordered = {s.value: sources[s.value] for s in RevenueSource if s.value in sources}
    mapped.revenue = {**ordered, **revenue}


def split_carried(mapped: Mapped, revenue: dict[str, object], by_fund: dict[str, Amount]) -> None:
    """上年结转 by fund, when the 财政拨款收支总表's add up to the 收支总表's one figure."""
    carried = revenue.get("carryover")
    if not isinstance(carried, Amount) or not by_fund:
        return
    split = {k: v for k, v in by_fund.items() if v.value}
    if sum((a.value for a in by_fund.values()), ZERO) != carried.value:
        where = next(iter(by_fund.values())).cells[0]
        mapped.notes.append(Note(where, "上年结转", "carryover-unsplit"))
    elif split:  # else none is carried over, as the 收支总表's one figure says
        revenue["carryover"] = split


def add_revenue_line(
    mapped: Mapped, row: Row, sources: dict[str, Amount], revenue: dict[str, object]
) -> None:
    label = normalised(row.name)
    figure = row.figures.get("amount") or row.figures.get("total")
    if figure is None:
        return
    source = source_of(label)
    if source is not None and source not in sources:
        sources[source] = amount(figure)
    elif label.startswith("上年结转") or label.startswith("上年结余"):
        revenue["carryover"] = amount(figure)
    elif label in ("收入总计", "收入合计"):
        revenue["total"] = amount(figure)
    elif label not in ("本年收入合计", "本年收入"):
        mapped.notes.append(Note(figure.where, row.name, "label-unmapped"))


def carryover_by_fund(table: Table | None) -> dict[str, Amount]:
    """T4's 上年结转 lines, one per fund, under its 上年结转 heading."""
    if table is None:
        return {}
    carried: dict[str, Amount] = {}
    within = False
    for row in (r for r in table.rows if r.side == "revenue"):
        label = normalised(row.name)
        if label.startswith("上年结转"):
            within = True
            continue
        if label.startswith("本年收入"):
            within = False
        source = source_of(label)
        if within and source and "amount" in row.figures:
            carried[source] = amount(row.figures["amount"])
    return carried


def add_expenditure(mapped: Mapped, found: dict[str, Table]) -> None:
    total = next((r for r in found["T3"].rows if r.code == "total"), None)
    figures = total.figures if total else {}
    spending: dict[str, Amount] = {}
    for key, column in (("personnel", "personnel"), ("public", "public"), ("basic_total", "basic")):
        if column in figures:
            spending[key] = amount(figures[column])
    for row in (r for r in found.get("T1", Table("", "", "", "", (), ())).rows):
        figure = row.figures.get("amount") or row.figures.get("total")
        if row.side == "spending" and figure and normalised(row.name) == "结转下年":
            spending["carry_forward"] = amount(figure)
    mapped.expenditure = spending


# -- the lines ------------------------------------------------------------------------------------


def item_rows(table: Table | None) -> dict[str, Row]:
    if table is None:
        return {}
    return {row.code: row for row in table.rows if row.code.isdigit() and len(row.code) == 7}


def add_lines(mapped: Mapped, found: dict[str, Table]) -> None:
    by_table = {key: item_rows(found.get(key)) for key in ("T2", "T3", "T5", "T8", "T9")}
    codes = sorted({code for rows in by_table.values() for code in rows})
    for code in codes:
        rows = {key: rows[code] for key, rows in by_table.items() if code in rows}
        if all(not f.amount for row in rows.values() for f in row.figures.values()):
            first = next(iter(rows.values()))
            mapped.notes.append(Note(first.where, f"{code} {first.name}", "row-zero"))
            continue
        mapped.spending += lines_of_item(mapped, code, rows, "T2" in found)


def value(row: Row | None, column: str) -> Decimal:
    if row is None or column not in row.figures:
        return ZERO
    return row.figures[column].amount


def cells_of(row: Row | None) -> list[str]:
    return [f.where for f in row.figures.values()] if row is not None else []


def lines_of_item(mapped: Mapped, code: str, rows: dict[str, Row], has_t2: bool) -> list[Line]:
    name = next((r.name for r in rows.values() if r.name), "")
    t2, t3 = rows.get("T2"), rows.get("T3")
    left = {part: value(t3, part) for part in PARTS}  # what T3 leaves for the other sources
    funds: list[Line] = []
    for table, source in FUND_TABLES.items():
        row = rows.get(table)
        if row is None:
            continue
        line = Line(code, name, source, cells=cells_of(row))
        line.parts = {part: value(row, part) for part in PARTS}
        line.where = {part: row.figures[part].where for part in PARTS if part in row.figures}
        basic = value(row, "basic")
        if "personnel" not in row.figures and "public" not in row.figures and basic:
            line.parts["personnel"] = min(basic, max(left["personnel"], ZERO))
            line.parts["public"] = basic - line.parts["personnel"]
            line.where |= dict.fromkeys(("personnel", "public"), row.figures["basic"].where)
        for part in PARTS:
            left[part] -= line.parts[part]
        funds.append(line)
    split = [carried for line in funds for carried in split_carryover(line, t2)]
    carried = sum((line.total for line in split if line.carryover), ZERO)
    carry_left = value(t2, "carryover") - carried
    others = other_lines(mapped, (code, name, t2), left, carry_left, has_t2 or bool(funds))
    return [line for line in [*split, *others] if line.total]


def split_carryover(line: Line, t2: Row | None) -> list[Line]:
    """A fund's money beyond its own column of the 收入总表 is its 上年结转: a line of its own,
    taken from 项目支出 first (carried-over money is mostly unfinished projects)."""
    if t2 is None or line.source not in t2.figures:
        return [line]
    carried = line.total - t2.figures[line.source].amount
    if carried <= 0:
        return [line]
    line.cells.append(t2.figures[line.source].where)
    carry = Line(line.code, line.name, line.source, True, cells=list(line.cells))
    carry.where = dict(line.where)
    for part in ("projects", "public", "personnel"):
        taken = min(carried, line.parts[part])
        carry.parts[part], line.parts[part] = taken, line.parts[part] - taken
        carried -= taken
    return [line, carry]


def other_lines(
    mapped: Mapped,
    item: tuple[str, str, Row | None],
    left: dict[str, Decimal],
    carry_left: Decimal,
    known: bool,
) -> list[Line]:
    """The 项's money from sources without a table of their own, out of what T3 leaves."""
    code, name, t2 = item
    pool = {part: max(money, ZERO) for part, money in left.items()}
    wanted = [
        (key, f.amount, f.where, False)
        for key, f in (t2.figures.items() if t2 is not None else ())
        if key in RevenueSource.__members__
        and RevenueSource[key] not in APPROPRIATIONS
        and f.amount
    ]
    if carry_left > 0 and t2 is not None:  # carried over, and not by a fund
        source = wanted[0][0] if len(wanted) == 1 else RevenueSource.unit_funds.value
        where = t2.figures["carryover"].where
        wanted.append((source, carry_left, where, True))
        params = (("amount", f"{carry_left:f}"), ("source", RevenueSource[source].zh))
        mapped.notes.append(Note(where, f"{code} {name}", "carryover-unassigned", params))
    if not known and sum(pool.values(), ZERO):  # no 收入总表, no fund table: its source unknown
        wanted = [(RevenueSource.unit_funds.value, sum(pool.values(), ZERO), "", False)]
    if len(wanted) > 1:
        sources = "、".join(RevenueSource[w[0]].zh for w in wanted)
        mapped.notes.append(
            Note(wanted[0][2], f"{code} {name}", "split-assumed", (("sources", sources),))
        )
    lines = []
    for source, money, where, carried in wanted:
        line = Line(code, name, source, carried, cells=[where] if where else [])
        line.where = dict.fromkeys(PARTS, where) if where else {}
        rest = money
        for part in PARTS:
            taken = rest if part == "projects" else min(rest, pool[part])
            line.parts[part] = taken
            pool[part] -= min(taken, pool[part])
            rest -= taken
        lines.append(line)
    return lines


def add_economic(mapped: Mapped, found: dict[str, Table]) -> None:
    table = found.get("T6")
    for row in table.rows if table else ():
        if not row.code.isdigit() or len(row.code) != 5 or "total" not in row.figures:
            continue
        mapped.economic.append((row.code, row.name, amount(row.figures["total"])))


# -- printed sums, checked by docgen against the lines --------------------------------------------


def add_stated(mapped: Mapped, found: dict[str, Table]) -> None:
    computed = computed_cells(mapped, found)
    for key in CLASSIFIED:
        table = found.get(key)
        if table is None:
            continue
        columns = stated_columns(key, mapped)
        for row in table.rows:
            for column, figure in row.figures.items():
                if column not in columns:
                    continue
                is_sum = row.code == "total" or len(row.code) < (5 if key == "T6" else 7)
                if is_sum and not has_lines(row.code, key, mapped):
                    continue  # a sum of nothing: no row of docgen's to check it against
                if is_sum or computed.get((key, row.code, column), ZERO) != figure.amount:
                    cells = mapped.stated.setdefault(key, {}).setdefault(row.code, {})
                    cells[column] = amount(figure)
    for key, label, columns in (
        ("T1", "本年支出合计", ("amount", "total")),
        ("T4", "支出合计", ()),
    ):
        table = found.get(key)
        for row in table.rows if table else ():
            if row.side == "spending" and normalised(row.name) == label:
                figures = {("total" if c == "amount" else c): f for c, f in row.figures.items()}
                wanted = columns or ("total", *(s.value for s in APPROPRIATIONS))
                cells = {c: amount(f) for c, f in figures.items() if c in wanted}
                if cells:
                    mapped.stated.setdefault(key, {})["total"] = cells


def stated_columns(table: str, mapped: Mapped) -> tuple[str, ...]:
    if table == "T2":
        sources = {line.source for line in mapped.spending} | set(mapped.revenue)
        return ("total", "carryover", *(s.value for s in RevenueSource if s.value in sources))
    return STATED_COLUMNS[table]


def has_lines(code: str, table: str, mapped: Mapped) -> bool:
    if table == "T6":
        return any(c.startswith(code) or code == "total" for c, _, _ in mapped.economic)
    fund = FUND_TABLES.get(table)
    return any(
        (code == "total" or line.code.startswith(code)) and (fund is None or line.source == fund)
        for line in mapped.spending
    )


def computed_cells(mapped: Mapped, found: dict[str, Table]) -> dict[tuple[str, str, str], Decimal]:
    """What docgen computes for each 项 (and T6 款) cell from the lines (docgen.tables)."""
    cells: dict[tuple[str, str, str], Decimal] = {}

    def add(key: tuple[str, str, str], money: Decimal) -> None:
        cells[key] = cells.get(key, ZERO) + money

    for line in mapped.spending:
        personnel, public, projects = (line.parts.get(p, ZERO) for p in PARTS)
        parts = {
            "total": line.total,
            "basic": personnel + public,
            "personnel": personnel,
            "public": public,
            "projects": projects,
        }
        for table in ("T3", *(t for t, s in FUND_TABLES.items() if s == line.source)):
            for column, money in parts.items():
                add((table, line.code, column), money)
        add(("T2", line.code, "total"), line.total)
        add(("T2", line.code, "carryover" if line.carryover else line.source), line.total)
    profile = find_profile(mapped.profile or DEFAULT_PROFILE)
    for code, _, figure in mapped.economic:
        add(("T6", code, "total"), figure.value)
        if code[:3] in profile.personnel:
            add(("T6", code, "personnel"), figure.value)
        elif code[:3] in profile.public:
            add(("T6", code, "public"), figure.value)
    return cells


# -- “三公” and figures printed twice --------------------------------------------------------------


def add_three_public(mapped: Mapped, table: Table | None) -> None:
    if table is None or not table.rows:
        return
    items = ("overseas", "vehicle_purchase", "vehicle_operation", "reception")
    years: dict[str, dict[str, Amount]] = {}
    stated: dict[str, Amount] = {}
    for row in table.rows:
        for role, figure in row.figures.items():
            year, _, item = role.rpartition(":")
            year = year or row.side
            if item in items:
                years.setdefault(year, {})[item] = amount(figure)
            elif item in ("total", "vehicles") and year == "this_year":
                stated[item] = amount(figure)
            elif item == "operating":
                mapped.operating["amount" if year == "this_year" else year] = amount(figure)
    for year, figures in years.items():
        if all(item in figures for item in items):
            mapped.three_public[year] = {item: figures[item] for item in items}
    if "this_year" in mapped.three_public and stated:
        mapped.three_public["stated"] = stated
    elif "this_year" not in mapped.three_public:
        mapped.three_public.clear()


def check_printed_twice(mapped: Mapped, found: dict[str, Table]) -> None:
    """收支总表's 类 lines against the 支出总表's 类 totals; 财政拨款收支总表's 类 lines against
    each fund's table."""
    pairs: list[tuple[Figure, Figure]] = []
    t3 = {r.code: r for r in found["T3"].rows}
    for row in (r for r in found.get("T1", Table("", "", "", "", (), ())).rows):
        other = t3.get(row.code)
        figure = row.figures.get("amount") or row.figures.get("total")
        if row.side == "spending" and row.code and other and figure and "total" in other.figures:
            pairs.append((figure, other.figures["total"]))
    funds = {key: {r.code: r for r in found[key].rows} for key in FUND_TABLES if key in found}
    for row in (r for r in found.get("T4", Table("", "", "", "", (), ())).rows):
        for table, source in FUND_TABLES.items():
            other = funds.get(table, {}).get(row.code)
            wanted = row.side == "spending" and row.code and source in row.figures
            if wanted and other and "total" in other.figures:
                pairs.append((row.figures[source], other.figures["total"]))
    for printed, again in pairs:
        if printed.amount != again.amount:
            params = (
                ("value", f"{printed.amount:f}"),
                ("other", again.where),
                ("other_value", f"{again.amount:f}"),
            )
            mapped.defects.append(Note(printed.where, "", "printed-twice-differs", params))
