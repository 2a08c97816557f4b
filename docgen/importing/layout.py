"""Stage 0, import: each standard table of a workbook found, with its head and its rows.

A table is found by its title (the first lines of a sheet) or else its sheet name, whatever the
order of the sheets: the titles docgen knows are those of every shipped profile and of the
terms, with the year, the unit's name and a 表一 numbering around them allowed. The head may
span several rows with merged cells (基本支出 over 小计, 人员经费, 公用经费): each column is named
by the texts above it, joined. Codes may stand in one column, with or without their names, or
split over 类 | 款 | 项 columns, as text or as numbers; names may be indented. What the import
cannot place becomes a note at its `sheet!cell`, never dropped without a word.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from docgen.importing.workbook import Sheet, WorkbookError
from docgen.profiles import find_profile, list_profiles
from docgen.terms import RevenueSource, StandardTable, table_source_label

HEAD_SCAN = 15  # a head starts within the first rows of a sheet
TOTAL_WORDS = {"合计", "总计", "本年支出合计", "支出合计"}
HEAD_WORDS = {"科目编码", "科目名称", "科目", "编码", "项目", "收入", "支出", "合计", "年度", "类"}
# Titles a budget system prints besides the profiles' own (预算 inserted, 财政拨款 spelled out).
ALIASES = {
    "T1": ("收支预算总表",),
    "T2": ("收入预算总表",),
    "T3": ("支出预算总表",),
    "T4": ("财政拨款收支预算总表",),
    "T5": ("一般公共预算财政拨款支出表",),
    "T6": ("一般公共预算财政拨款基本支出表",),
    "T7": ("三公经费支出表", "三公经费预算表", "三公经费预算财政拨款情况表"),
    "T8": ("政府性基金预算财政拨款支出表",),
    "T9": ("国有资本经营预算财政拨款支出表",),
}
CLASSIFIED = ("T2", "T3", "T5", "T6", "T8", "T9")
TWO_SIDED = ("T1", "T4")
CODE = re.compile(r"^\s*(\d{3}(?:\d{2}){0,2})(?:\s+|(?=\D)|$)\s*(.*)$")
NUMBERING = re.compile(r"^(附表|表)[0-9一二三四五六七八九十]+(-[0-9]+)?[：:、.]?")
YEAR = re.compile(r"(20\d{2})\s*年")
MONEY_UNIT = re.compile(r"(?:金额)?单位[：:]\s*(万元|元)\s*$")
UNIT_NAME = re.compile(r"^(?:单位名称|编制单位|预算单位|部门名称|单位)[：:]\s*(.+)$")
UNIT_CODE = re.compile(r"^[\[【(（]?([0-9A-Za-z]{3,20})[\]】)）]?[\s\-—_]*(.+)$")
THREE_PUBLIC_ROLES = (  # a head's words → the “三公” item it holds (longest first)
    ("公务用车购置及运行维护费", "vehicles"),
    ("公务用车运行维护费", "vehicle_operation"),
    ("公务用车购置费", "vehicle_purchase"),
    ("因公出国境费", "overseas"),
    ("公务接待费", "reception"),
    ("机关运行经费", "operating"),
    ("运行维护费", "vehicle_operation"),
    ("运行费", "vehicle_operation"),
    ("购置费", "vehicle_purchase"),
)


@dataclass(frozen=True)
class Figure:
    amount: Decimal
    where: str  # sheet!cell


@dataclass(frozen=True)
class Note:
    """Something the workbook holds that the source does not carry, or an assumption made."""

    where: str
    text: str
    key: str
    params: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Row:
    code: str  # a 类/款/项 code; "total" for a 合计 row; "" for a labelled line (T1, T4, T7)
    name: str
    figures: dict[str, Figure]  # column role (total, personnel, a source …) → figure
    where: str  # the row's first cell
    side: str = ""  # T1/T4: revenue or spending; T7: this_year or last_year


@dataclass(frozen=True)
class Table:
    table: str  # T1 … T9
    sheet: str
    title: str
    money_unit: str  # 元 or 万元 as the unit line says (万元 when it says nothing)
    rows: tuple[Row, ...]
    about: tuple[str, ...]  # the texts above the head: title, unit line


@dataclass
class Tables:
    found: dict[str, Table] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)
    profile: str | None = None  # the profile whose titles the workbook uses, if one


def normalised(text: str) -> str:
    text = re.sub(r"[\s\u3000“”\"'‘’「」]", "", text)
    return text.replace("（", "(").replace("）", ")")


def bare_title(text: str) -> str:
    """A title without its year and numbering: 香河县…2021年表一收支总表 → 香河县…收支总表."""
    text = normalised(text)
    text = YEAR.sub("", text)
    return NUMBERING.sub("", text)


def known_titles(profile: str | None) -> tuple[dict[str, str], dict[str, set[str]]]:
    """Every title docgen knows → its table; and each profile's own titles, to tell which
    profile a workbook was laid out in."""
    profiles = list(list_profiles())
    if profile is not None:
        profiles.append(find_profile(profile))
    titles = {bare_title(t.zh): t.value for t in StandardTable}
    for table, aliases in ALIASES.items():
        titles.update({bare_title(alias): table for alias in aliases})
    by_profile: dict[str, set[str]] = {}
    for known in profiles:
        for layout in known.tables:
            titles[bare_title(layout.title)] = layout.table
            by_profile.setdefault(known.id, set()).add(bare_title(layout.title))
    return titles, by_profile


def match_title(text: str, titles: dict[str, str]) -> tuple[str, str] | None:
    """The table a title names: the longest known title it ends with, else contains."""
    bare = bare_title(text).replace("(", "").replace(")", "")
    plain = {k.replace("(", "").replace(")", ""): k for k in titles}
    for test in (bare.endswith, bare.__contains__):
        hits = [k for k in plain if k and test(k)]
        if hits:
            best = plain[max(hits, key=len)]
            return titles[best], best
    return None


def read_tables(sheets: list[Sheet], profile: str | None) -> Tables:
    titles, by_profile = known_titles(profile)
    tables = Tables()
    used: list[str] = []
    for sheet in sheets:
        found = identify(sheet, titles)
        if found is None:
            if sheet.max_row > 1 or sheet.raw(1, 1) is not None:
                text = sheet.text(1, 1) or sheet.name
                tables.notes.append(Note(sheet.where(1, 1), text, "sheet-unmapped"))
            continue
        table, title = found
        if table in tables.found:
            tables.notes.append(Note(sheet.where(1, 1), title, "sheet-unmapped"))
            continue
        tables.found[table] = read_table(sheet, table, title, tables.notes)
        used.append(title)
    tables.profile = profile or profile_of(used, by_profile)
    return tables


def profile_of(titles: list[str], by_profile: dict[str, set[str]]) -> str | None:
    """The one profile whose own titles the workbook uses most, if one does more than any."""
    counts = sorted(
        ((len(set(titles) & own), pid) for pid, own in by_profile.items()), reverse=True
    )
    if not counts or counts[0][0] == 0 or (len(counts) > 1 and counts[0][0] == counts[1][0]):
        return None
    return counts[0][1]


def identify(sheet: Sheet, titles: dict[str, str]) -> tuple[str, str] | None:
    for row in range(1, min(sheet.max_row, 3) + 1):
        for column in range(1, min(sheet.max_column, 4) + 1):
            text = sheet.text(row, column)
            if text and "单位" not in text[:4]:
                found = match_title(text, titles)
                if found:
                    return found
    return match_title(sheet.name, titles)


# -- one table -----------------------------------------------------------------------------------


def read_table(sheet: Sheet, table: str, title: str, notes: list[Note]) -> Table:
    head = head_rows(sheet)
    about = tuple(
        str(sheet.raw(r, c)).strip()
        for r in range(1, min(head.start, HEAD_SCAN + 1))
        for c in range(1, sheet.max_column + 1)
        if sheet.raw(r, c) is not None  # a merged range's other cells hold nothing
    )
    money_unit = next((m[1] for t in about if (m := MONEY_UNIT.search(t))), "万元")
    labels = column_labels(sheet, head)
    roles = {column: role_of(label, table) for column, label in labels.items()}
    check_head(sheet, table, title, roles, head)
    rows = tuple(read_rows(Reading(sheet, table, roles, labels, notes), head))
    for column, role in roles.items():
        if role == "unmapped":
            notes.append(Note(sheet.where(head.start, column), labels[column], "column-unmapped"))
    return Table(table, sheet.name, title, money_unit, rows, about)


@dataclass(frozen=True)
class Head:
    start: int  # its first row
    data: int  # the first row after it


def head_rows(sheet: Sheet) -> Head:
    start = next(
        (
            r
            for r in range(1, min(sheet.max_row, HEAD_SCAN) + 1)
            if any(
                normalised(sheet.text(r, c)) in HEAD_WORDS for c in range(1, sheet.max_column + 1)
            )
        ),
        None,
    )
    if start is None:  # an empty table: its 空表说明 only
        return Head(sheet.max_row + 1, sheet.max_row + 1)
    data = next(
        (
            r
            for r in range(start + 1, sheet.max_row + 1)
            if any(sheet.is_figure(r, c) for c in range(1, sheet.max_column + 1))
            or any(normalised(str(sheet.raw(r, c))) in TOTAL_WORDS for c in range(1, 3))
        ),
        sheet.max_row + 1,
    )
    return Head(start, data)


def column_labels(sheet: Sheet, head: Head) -> dict[int, str]:
    """Each column named by the head's texts above it, a merged text once: 基本支出/人员经费."""
    labels = {}
    for column in range(1, sheet.max_column + 1):
        parts: list[str] = []
        for row in range(head.start, head.data):
            text = normalised(sheet.text(row, column))
            if text and (not parts or parts[-1] != text):
                parts.append(text)
        labels[column] = "/".join(parts)
    return labels


def source_of(text: str) -> str | None:
    for source in RevenueSource:
        words = {source.zh, table_source_label(source), f"{source.zh}收入", f"{source.zh}拨款收入"}
        words |= {f"{table_source_label(source)}收入"}
        if text in {normalised(w) for w in words}:
            return source.value
    if text in {"财政专户管理资金收入", "财政专户核拨收入", "财政专户核拨资金"}:
        return RevenueSource.fiscal_special_account.value
    return None


def role_of(label: str, table: str) -> str:
    """What a column holds: code, code-类/款/项, name, label, or a figure's role; "" for a
    column without a head, "unmapped" for a head the source has no place for."""
    if not label:
        return ""
    parts = label.split("/")
    last = parts[-1]
    if table == "T7":
        return three_public_role(label)
    if last in ("类", "款", "项"):
        return f"code-{last}"
    if "编码" in label or "代码" in label:
        return "code"
    if "名称" in label:
        return "name"
    if last in ("科目", "功能分类科目", "经济分类科目", "支出功能分类科目"):
        return "code-name"
    if table in TWO_SIDED and ("项目" in last and "项目支出" not in last):
        return "label"
    return figure_role(label, last, table)


def figure_role(label: str, last: str, table: str) -> str:
    checks = (
        ("人员经费" in label or "工资福利" in last, "personnel"),
        ("公用经费" in label, "public"),
        ("项目支出" in label, "projects"),
        ("基本支出" in label, "basic"),
        ("上年结转" in label, "carryover"),
    )
    for hit, role in checks:
        if hit:
            return role
    source = source_of(last)
    if source is not None:
        return source
    if last in ("合计", "总计", "小计"):
        return "total"
    if table in TWO_SIDED and last in ("预算数", "金额", "预算金额", "本年预算", "本年预算数"):
        return "amount"
    return "unmapped"


def three_public_role(label: str) -> str:
    plain = label.replace("(", "").replace(")", "")
    year = "last_year:" if "上年" in plain else ""
    if plain.split("/")[-1] in ("年度", "项目"):
        return "label"
    if plain.endswith("公务用车购置及运行维护费/小计"):
        return f"{year}vehicles"
    for words, role in THREE_PUBLIC_ROLES:
        if plain.split("/")[-1].endswith(words):
            return f"{year}{role}"
    if plain.split("/")[-1] in ("合计", "小计", "总计"):
        return f"{year}total"
    return "unmapped"


def check_head(sheet: Sheet, table: str, title: str, roles: dict[int, str], head: Head) -> None:
    """The columns a table cannot be read without; their absence is a shifted or short head."""
    if head.start > sheet.max_row:
        return
    present = set(roles.values())
    needed: tuple[str, ...] = ()
    if table in CLASSIFIED:
        needed = ("total",)
        if not present & {"code", "code-name", "code-类"}:
            needed = ("code", *needed)
    elif table in TWO_SIDED:
        needed = ("label",)
    for role in needed:
        if role not in present:
            column = {"code": "科目编码", "total": "合计", "label": "项目"}[role]
            where = sheet.where(head.start, 1)
            raise WorkbookError("head-missing", where, table=title, column=column)


# -- rows ------------------------------------------------------------------------------------------


@dataclass
class Reading:
    """One table being read: its sheet, what each column holds, and the codes above."""

    sheet: Sheet
    table: str
    roles: dict[int, str]
    labels: dict[int, str]
    notes: list[Note]
    last: dict[str, str] = field(default_factory=dict)  # the 类 and 款 above a split code

    def refuse(self, key: str, row: int, column: int, text: str) -> WorkbookError:
        kind = "经济分类" if self.table == "T6" else "功能分类"
        where = self.sheet.where(row, column)
        return WorkbookError(key, where, value=text, kind=kind, column=self.labels[column])


def read_rows(reading: Reading, head: Head) -> Iterator[Row]:
    groups = column_groups(reading.roles)
    for row in range(head.data, reading.sheet.max_row + 1):
        for number, group in enumerate(groups):
            found = read_row(reading, row, group)
            if found is not None:
                side = side_of(reading.table, number, found)
                yield Row(found.code, found.name, found.figures, found.where, side)


def column_groups(roles: dict[int, str]) -> list[list[int]]:
    """The columns of one row's lines: a new group at each label column after a figure (a
    收支总表 has 收入 | 支出 side by side)."""
    groups: list[list[int]] = [[]]
    seen_figure = False
    for column in sorted(roles):
        keyish = is_key(roles[column])
        if keyish and seen_figure:
            groups.append([])
            seen_figure = False
        seen_figure = seen_figure or (not keyish and roles[column] not in ("", "unmapped"))
        groups[-1].append(column)
    return groups


def is_key(role: str) -> bool:
    return role.startswith("code") or role in ("name", "label")


def side_of(table: str, number: int, row: Row) -> str:
    if table in TWO_SIDED:
        return "revenue" if number == 0 else "spending"
    if table == "T7":
        return "last_year" if "上年" in row.name else "this_year"
    return ""


def read_row(reading: Reading, row: int, group: list[int]) -> Row | None:
    sheet, figures = reading.sheet, {}
    for column in group:
        role = reading.roles[column]
        amount = None if is_key(role) else sheet.amount(row, column)
        if amount is None:
            continue
        if role == "":
            where = sheet.where(row, column)
            raise WorkbookError("figure-without-head", where, value=f"{amount:f}")
        if role != "unmapped":
            figures[role] = Figure(amount, sheet.where(row, column))
    code, name = row_key(reading, row, group)
    where = sheet.where(row, group[0])
    if not figures and not code:
        return None
    if not code and reading.table in CLASSIFIED:
        reading.notes.append(Note(where, name, "row-unmapped"))
        return None
    return Row(code, name, figures, where)


def row_key(reading: Reading, row: int, group: list[int]) -> tuple[str, str]:
    """A row's code (or "total") and its name."""
    split: dict[str, str] = {}
    code, name = "", ""
    for column in group:
        role, text = reading.roles[column], reading.sheet.text(row, column).strip()
        if not text or not is_key(role):
            continue
        if reading.sheet.is_figure(row, column) and role in ("name", "label"):
            raise reading.refuse("misplaced", row, column, text)
        if role.startswith("code-") and role != "code-name":
            if normalised(text) in TOTAL_WORDS:
                name = text
            elif not text.isdigit():
                raise reading.refuse("code-invalid", row, column, text)
            else:
                split[role[-1]] = text
        elif role in ("code", "code-name"):
            code, name = code_and_name(reading, row, column, text, name)
        else:
            name = text
            found = CODE.match(text) if reading.table in TWO_SIDED else None
            if found and found[2]:
                code, name = found[1], found[2]
    if split:
        code = joined_code(split, reading.last)
    if not code and normalised(name) in TOTAL_WORDS and reading.table in CLASSIFIED:
        code = "total"
    return code, name.strip()


def code_and_name(reading: Reading, row: int, column: int, text: str, name: str) -> tuple[str, str]:
    """A code cell, with its name after it or not: "2080109 社会保险经办机构", 2080109, 合计."""
    found = CODE.match(text)
    if found is None and normalised(text) not in TOTAL_WORDS and reading.table in CLASSIFIED:
        raise reading.refuse("code-invalid", row, column, text)
    return (found[1], found[2] or name) if found else ("", text)


def joined_code(split: dict[str, str], last: dict[str, str]) -> str:
    """类 | 款 | 项 columns as one code: 208 | 01 | 09 → 2080109; 1 → 01 (a number loses its
    zero); a 项 alone continues the 款 above it."""
    category = split.get("类", "")
    if category:
        last["类"] = category
    if "款" in split:
        part = split["款"]
        last["款"] = part if len(part) == 5 else last.get("类", "") + part.zfill(2)
    if "项" in split:
        part = split["项"]
        return part if len(part) == 7 else last.get("款", "") + part.zfill(2)
    if "款" in split:
        return last["款"]
    return category
