"""A new source to start from (`docgen init`): the schema's keys in its order, each with its
Chinese title as a comment, example figures that satisfy every identity, and placeholders.

Takes a kind and a year, hands on the text of a source. The keys, their order and their comments
come from the JSON Schema, so a key added there shows up here: a key this module gives no value
is written as a comment naming it and what it holds. A placeholder (`【待填写：单位全称】`) is what
`validate` reports as to be filled in (`to-fill-in`), wherever it stands, until it is replaced.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from docgen.resources import data_path
from docgen.source.placeholders import fill
from docgen.source.validate import load_schema
from docgen.terms import Kind

Value = Any  # a str, Decimal, int, list or dict of them: what a key is given
INDENT = "  "


def unit_example(year: int, profile: str | None) -> dict[str, Value]:
    """One unit whose figures satisfy every identity: revenue = expenditure = 200.00, 基本支出
    150.00 = 人员 120.00 + 公用 30.00, one project of 50.00, changes from last year that have
    their reasons to fill in, the “三公” unchanged, assets that add up."""
    d = Decimal
    return {
        "kind": "unit",
        "scope": "full",
        "year": year,
        "division_code": fill("本县（区）6位行政区划代码"),
        **({"profile": profile} if profile else {}),
        "unit": {
            "code": fill("单位编码"),
            "name": fill("单位全称"),
            "department": fill("主管部门全称"),
            "nature": "行政",
            "rank": "正科级",
            "funding_form": "财政性资金基本保障",
            "responsibilities": fill("单位职责"),
        },
        "revenue": {"general_budget": d("200.00"), "total": d("200.00")},
        "expenditure": {
            "personnel": d("120.00"),
            "public": d("30.00"),
            "basic_total": d("150.00"),
            "projects_total": d("50.00"),
            "total": d("200.00"),
        },
        "last_year": {
            "basic": d("140.00"),
            "projects": d("40.00"),
            "total": d("180.00"),
            "reasons": {
                "basic": fill("基本支出比上年增加的原因，如 主要原因是人员增加"),
                "projects": fill("项目支出比上年增加的原因"),
            },
        },
        "operating_costs": {
            "amount": d("20.00"),
            "purpose": "主要用于办公费、印刷费、水电费、差旅费等日常运行支出",
        },
        "three_public": {
            "this_year": three_public(),
            "last_year": three_public(),
            "stated": {"total": d("2.50"), "vehicles": d("2.00")},
        },
        "projects": [
            {
                "code": fill("项目编码"),
                "name": fill("项目名称"),
                "amount": d("50.00"),
                "fiscal": d("50.00"),
                "other": d("0.00"),
                "funding_source": "general_budget",
                "purpose": fill("资金用途"),
                "spending_plan": {
                    "march": d("25.00"),
                    "june": d("50.00"),
                    "october": d("75.00"),
                    "december": d("100.00"),
                },
                "goals": [fill("绩效目标")],
                "indicator_basis": fill("指标值确定依据"),
                "indicators": [
                    indicator("产出指标", "数量指标", "≥12次"),
                    indicator("效益指标", "社会效益指标", "有所提升"),
                    indicator("满意度指标", "服务对象满意度指标", "≥95%"),
                ],
            }
        ],
        "procurement": {"lines": [], "empty_note": f"本单位{year}年无政府采购预算，故本表为空表。"},
        "assets": {
            "as_of": f"{year - 1}-12-31",
            "buildings": {"quantity": d("800"), "value": d("120.00")},
            "office_space": {"quantity": d("600"), "value": d("90.00")},
            "vehicles": {"quantity": d("1"), "value": d("15.00")},
            "other": {"quantity": d("150"), "value": d("30.00")},
            "total": d("165.00"),
        },
        "other_matters": "我单位无其他需要说明的事项。",
    }


def three_public() -> dict[str, Value]:
    d = Decimal
    return {
        "overseas": d("0.00"),
        "vehicle_purchase": d("0.00"),
        "vehicle_operation": d("2.00"),
        "reception": d("0.50"),
    }


def indicator(level1: str, level2: str, value: str) -> dict[str, Value]:
    return {
        "level1": level1,
        "level2": level2,
        "name": fill(f"{level2}的三级指标"),
        "description": fill("绩效指标描述"),
        "value": value,
    }


def department_example(year: int, _: str | None) -> dict[str, Value]:
    return {
        "kind": "department",
        "scope": "performance",
        "year": year,
        "division_code": fill("本县（区）6位行政区划代码"),
        "department": {"code": fill("部门编码"), "name": fill("部门全称")},
        "units": [fill("本部门的单位文件，如 101001.yaml，含本级；每个一行")],
        "overall_goal": fill("部门整体绩效目标"),
        "sub_goals": [
            {
                "title": fill("分项目标名称，如 就业工作目标"),
                "goal": fill("分项绩效目标"),
                "indicators": fill("该目标的绩效指标"),
            }
        ],
        "measures": [fill("工作保障措施，每段一项")],
    }


def county_example(year: int, _: str | None) -> dict[str, Value]:
    return {
        "kind": "county",
        "year": year,
        "division_code": fill("本县（区）6位行政区划代码"),
        "county": {"name": fill("县（区）名称")},
        "departments": [fill("各部门的部门文件，如 101/department.yaml；每个一行")],
    }


EXAMPLES: dict[Kind, Callable[[int, str | None], dict[str, Value]]] = {
    Kind.unit: unit_example,
    Kind.department: department_example,
    Kind.county: county_example,
}


HEADER = (
    "# 由 docgen init 生成。键用英文，注释是中文说明。",
    "# 把每个【待填写：…】换成实际内容：docgen validate 会逐个列出还没填的。",
    "# 示例数字已满足各项核对等式，请改为本单位的数字。",
    "# 以 # 开头的键是可选的：需要时去掉 #，填上内容。",
)


def target_of(kind: Kind, path: Path | None) -> Path:
    """Where `docgen init` writes: the file named, or `<kind>.yaml` in the folder named (or
    here)."""
    if path is not None and not path.is_dir():
        return path
    return (path or Path()) / f"{kind.value}.yaml"


def schema_ref(kind: Kind, target: Path) -> str:
    """The schema's path as seen from the new file's folder, for the editor's first line."""
    schema = data_path("schemas", f"{kind.value}.schema.json")
    return Path(os.path.relpath(schema, target.absolute().parent)).as_posix()


def render_source(kind: Kind, year: int, schema_ref: str, profile: str | None = None) -> str:
    """The text of a new source of `kind` for `year` (a unit's in `profile`, when given);
    `schema_ref` is where the editor finds the schema (the first line)."""
    schema = load_schema(kind.value)
    lines = [f"# yaml-language-server: $schema={schema_ref}", *HEADER, ""]
    lines += mapping_lines(EXAMPLES[kind](year, profile), schema, schema.get("$defs", {}), 0)
    return "\n".join(lines) + "\n"


def resolved(schema: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    """A property's schema with its `$ref` (and the first alternative of an anyOf) filled in."""
    if "$ref" in schema:
        schema = {**defs[schema["$ref"].rsplit("/", 1)[-1]], **schema}
    if "anyOf" in schema and "properties" not in schema:
        schema = {**resolved(schema["anyOf"][0], defs), **schema}
    return schema


def mapping_lines(
    values: dict[str, Value], schema: dict[str, Any], defs: dict[str, Any], depth: int
) -> list[str]:
    properties = resolved(schema, defs).get("properties", {})
    unknown = set(values) - set(properties)
    if unknown:  # the example and the schema disagree: a bug here, caught by the tests
        raise ValueError(f"not in the schema: {sorted(unknown)}")
    lines: list[str] = []
    for key, declared in properties.items():
        prop = resolved(declared, defs)
        if key in values:
            lines += key_lines(key, values[key], prop, defs, depth)
        else:
            lines += optional_lines(key, prop, defs, depth)
    return lines


def key_lines(
    key: str, value: Value, prop: dict[str, Any], defs: dict[str, Any], depth: int
) -> list[str]:
    pad, title = INDENT * depth, prop.get("title", "")
    heading = (
        [f"{pad}# {title}：{prop['description']}"] if depth == 0 and "description" in prop else []
    )
    if isinstance(value, dict):
        named = f"  # {title}" if title and not heading else ""
        return [*heading, f"{pad}{key}:{named}", *mapping_lines(value, prop, defs, depth + 1)]
    if isinstance(value, list):
        if not value:
            return [*heading, f"{pad}{key}: []"]
        items = resolved(prop.get("items", {}), defs)
        return [
            *heading,
            f"{pad}{key}:",
            *(line for v in value for line in item_lines(v, items, defs, depth)),
        ]
    comment = f"  # {title}" if title and not heading else ""
    return [*heading, f"{pad}{key}: {scalar(value)}{comment}"]


def item_lines(
    value: Value, schema: dict[str, Any], defs: dict[str, Any], depth: int
) -> Iterator[str]:
    """One list item: `- ` before its first key (or its value)."""
    pad = INDENT * (depth + 1)
    if not isinstance(value, dict):
        yield f"{pad}- {scalar(value)}"
        return
    lines = mapping_lines(value, schema, defs, depth + 2)
    first = next(i for i, line in enumerate(lines) if not line.lstrip().startswith("#"))
    for number, line in enumerate(lines):
        yield f"{pad}- {line.lstrip()}" if number == first else line


def optional_lines(key: str, prop: dict[str, Any], defs: dict[str, Any], depth: int) -> list[str]:
    """A key the example leaves out, as a comment: what it is, ready to be written; with the
    keys it holds, when it is a section of its own."""
    pad, title = INDENT * depth, prop.get("title", key)
    about = f"{title}：{prop['description']}" if depth == 0 and "description" in prop else title
    ready = " 0.00" if prop.get("type") == "number" else ""  # an amount, to change
    lines = [f"{pad}# {key}:{ready}  # {about}"]
    if depth == 0:
        items = resolved(prop.get("items", {}), defs)
        inner = items if "properties" in items else prop
        dash = "- " if inner is items else ""
        for number, (name, child) in enumerate(inner.get("properties", {}).items()):
            lead = dash if number == 0 else " " * len(dash)
            lines.append(f"{pad}#   {lead}{name}:  # {resolved(child, defs).get('title', name)}")
    return lines


NEEDS_QUOTES = re.compile(r"""^[\s\-?:,\[\]{}#&*!|>'"%@`0-9.+~]|: | #|:$|\s$""")


def scalar(value: Value) -> str:
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    # Placeholders are quoted so that what replaces them stays text (a code like 323005).
    if (
        text.startswith("【待填写")
        or NEEDS_QUOTES.search(text)
        or text in ("true", "false", "null")
    ):
        return json.dumps(text, ensure_ascii=False)
    return text
