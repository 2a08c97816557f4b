"""Stage 2, validate: check a loaded tree against the JSON Schema of its kind.

Takes the positioned tree from `load`, hands on findings. The schema is the one editors use
(draft 2020-12, Chinese titles); jsonschema runs it over our nodes directly, with a type checker
that reads types off the exact source text: a plain `50.00` is a number, any scalar is text (so an
unquoted code `0123` stays the string it was written as), only `true`/`false` are booleans.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator, ValidationError, validators

from docgen.findings import Finding
from docgen.messages import make_finding
from docgen.resources import data_path
from docgen.source.load import MapNode, Node, Scalar, SeqNode
from docgen.source.placeholders import fill_in_finding, placeholders
from docgen.terms import Kind

KINDS = tuple(Kind)

EXPECTED = {
    "number": ("数字", "a number"),
    "integer": ("整数", "a whole number"),
    "string": ("文本", "text"),
    "object": ("键值对（映射）", "a mapping"),
    "array": ("列表", "a list"),
    "null": ("空值", "empty"),
    "boolean": ("true 或 false", "true or false"),
}

CODE_PATTERN = "^[0-9A-Za-z]+$"
DIVISION_PATTERN = "^[0-9]{6}$"
# Messages for the schema's patterns, in words a finance officer reads.
PATTERN_RULES = {
    CODE_PATTERN: ("只能由字母和数字组成", "letters and digits only"),
    DIVISION_PATTERN: ("应为6位数字", "six digits"),
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$": ('应写作 "2020-12-31" 这样的日期', "a date like 2020-12-31"),
    "\\.ya?ml$": ("应为 .yaml 文件", "a .yaml file"),
}
TEXT_PATTERN = "\\S"
# An amount written with its unit: 22.50万元, a figure the original printed only in 万元. A text
# that is no such figure is refused as no number, with the hints a number gets.
AMOUNT_PATTERN = "^[0-9]{1,8}(\\.[0-9]{1,2})?万元$"
# A code a spreadsheet turned into a number: 1.31024212E+20, 323005.0
MANGLED_CODE_RE = re.compile(r"[0-9]+(\.[0-9]+)?[eE][+-]?[0-9]+|[0-9]+\.[0-9]*")


# The types agree with an editor's: whatever the schema refuses there, docgen refuses too. An
# unquoted 401003 is a number to the editor (and to every other YAML tool, which would also drop
# a leading zero), so where text is wanted it must be quoted; a quoted "50.00" is text to the
# editor, so where a number is wanted it must not be.
def _is_string(_: object, inst: object) -> bool:
    return (
        isinstance(inst, Scalar)
        and not inst.is_null
        and not inst.is_bool
        and not inst.reads_as_number
    )


def _is_number(_: object, inst: object) -> bool:
    return isinstance(inst, Scalar) and inst.plain and inst.is_decimal


def _is_integer(_: object, inst: object) -> bool:
    return isinstance(inst, Scalar) and _is_number(_, inst) and "." not in inst


def _is_null(_: object, inst: object) -> bool:
    return isinstance(inst, Scalar) and inst.is_null


def _is_bool(_: object, inst: object) -> bool:
    return isinstance(inst, Scalar) and inst.is_bool


TYPE_CHECKER = Draft202012Validator.TYPE_CHECKER.redefine_many(
    {
        "string": _is_string,
        "number": _is_number,
        "integer": _is_integer,
        "null": _is_null,
        "boolean": _is_bool,
        "object": lambda _, inst: isinstance(inst, MapNode),
        "array": lambda _, inst: isinstance(inst, SeqNode),
    }
)

# jsonschema's numeric keywords first ask the type checker whether the instance is a number;
# ours says so only of a Scalar, so these compare the scalar's exact Decimal themselves.
BOUNDS: dict[str, Callable[[Decimal, Decimal], bool]] = {
    "minimum": lambda value, bound: value >= bound,
    "maximum": lambda value, bound: value <= bound,
    "exclusiveMinimum": lambda value, bound: value > bound,
    "exclusiveMaximum": lambda value, bound: value < bound,
}


def _max_decimals(_: Any, places: Any, instance: Any, __: Any) -> Iterator[ValidationError]:
    """`maxDecimals` (ours; an editor's validator ignores it): at most this many decimals,
    decided from the digits written (trailing zeros aside), so no context can round it. JSON
    Schema's `multipleOf: 0.01` would not do: an editor checks it in floats (5214.77 fails)."""
    if _is_number(None, instance) and decimals_of(instance.decimal()) > int(places):
        yield ValidationError(f"{instance} has more than {places} decimals")


def decimals_of(value: Decimal) -> int:
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # the loader reads no NaN or infinity
    trailing = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    return 0 if value == 0 else max(0, -(exponent + trailing))


def _bound_keyword(name: str) -> Callable[..., Iterator[ValidationError]]:
    def check(_: Any, bound: Any, instance: Any, __: Any) -> Iterator[ValidationError]:
        if _is_number(None, instance) and not BOUNDS[name](instance.decimal(), Decimal(str(bound))):
            yield ValidationError(f"{instance} fails {name} {bound}")

    return check


SourceValidator = validators.extend(  # type: ignore[no-untyped-call]
    Draft202012Validator,
    validators={name: _bound_keyword(name) for name in BOUNDS} | {"maxDecimals": _max_decimals},
    type_checker=TYPE_CHECKER,
)


@cache
def load_schema(kind: str) -> dict[str, Any]:
    with data_path("schemas", f"{kind}.schema.json").open(encoding="utf-8") as handle:
        schema: dict[str, Any] = json.load(handle)
    return schema


@cache
def _validator(kind: str) -> Any:
    schema = load_schema(kind)
    return SourceValidator(inline_refs(schema, schema.get("$defs", {})))


def compile_validators() -> None:
    """Compile every kind's validator now: forked workers then share them instead of each
    compiling its own."""
    for kind in KINDS:
        _validator(kind)


def inline_refs(node: Any, defs: dict[str, Any]) -> Any:
    """The schema with every local `$ref` replaced by its definition (siblings kept).

    Our schemas are not recursive, and jsonschema resolving a `$ref` on every value costs
    about 40 % of validating a unit.
    """
    if isinstance(node, dict):
        if "$ref" in node:
            target = inline_refs(defs[node["$ref"].rsplit("/", 1)[-1]], defs)
            return {**target, **{k: inline_refs(v, defs) for k, v in node.items() if k != "$ref"}}
        return {k: inline_refs(v, defs) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [inline_refs(item, defs) for item in node]
    return node


def source_kind(root: Node | None) -> str | None:
    if isinstance(root, MapNode):
        kind = root.get("kind")
        if isinstance(kind, Scalar) and str(kind) in KINDS:
            return str(kind)
    return None


def validate_tree(root: Node) -> list[Finding]:
    """All schema findings of one source, at most one per value."""
    kind = source_kind(root)
    if kind is None:
        return [kind_finding(root)]
    schema = load_schema(kind)
    findings: list[Finding] = []
    seen_paths: set[tuple[Any, ...]] = set()
    # A placeholder is to be filled in, whatever form its value should take.
    for path, node in placeholders(root):
        findings.append(fill_in_finding(node, dotted(list(path)), title_at(schema, list(path))))
        seen_paths.add(path)
    # A type error says all there is to say about a value: skip the rest at the same path.
    errors = sorted(_validator(kind).iter_errors(root), key=lambda e: not is_type_error(e))
    for error in errors:
        path = tuple(error.absolute_path)
        if path in seen_paths and error.validator != "required":
            continue
        if is_type_error(error):
            seen_paths.add(path)
        for finding in translate_error(error, root, schema):
            if finding not in findings:  # minLength and pattern both flag an empty text
                findings.append(finding)
    return findings


def placeholder_in_figures(root: Node) -> bool:
    """A placeholder stands where a number belongs (a 基本支出 the original does not split): no
    model can be built from the source until it is filled in."""
    kind = source_kind(root)
    paths = {path for path, _ in placeholders(root)}
    if kind is None or not paths:
        return False
    errors = _validator(kind).iter_errors(root)
    return any(is_type_error(e) and tuple(e.absolute_path) in paths for e in errors)


def is_type_error(error: ValidationError) -> bool:
    """A value of the wrong type, a text where an amount belongs among them."""
    return error.validator == "type" or (
        error.validator == "pattern" and error.validator_value == AMOUNT_PATTERN
    )


def kind_finding(root: Node) -> Finding:
    if not isinstance(root, MapNode):
        return make_finding(
            "schema-type",
            root.loc,
            value=_shown(root),
            title="文件",
            field="(root)",
            expected_zh=EXPECTED["object"][0],
            expected_en=EXPECTED["object"][1],
        )
    kind = root.get("kind")
    if kind is None:
        return make_finding(
            "schema-required",
            root.loc,
            key="kind",
            title="文件类型 " + "/".join(KINDS),
            field="kind",
        )
    return make_finding(
        "schema-enum",
        kind.loc,
        value=_shown(kind),
        title="文件类型",
        field="kind",
        allowed=", ".join(KINDS),
    )


def translate_error(error: ValidationError, root: Node, schema: dict[str, Any]) -> list[Finding]:
    if error.validator in ("anyOf", "oneOf") and (branch := branch_of_its_type(error)):
        return [found for sub in branch for found in translate_error(sub, root, schema)]
    subschema: Any = error.schema
    if is_type_error(error) and subschema.get("pattern") == AMOUNT_PATTERN:
        # an amount, whether its text is no figure and 万元 or it is no scalar at all
        path = list(error.absolute_path)
        where = {"field": dotted(path), "title": title_at(schema, path)}
        return type_findings(node_at(root, path), ["number"], subschema, where)
    return translate_keyword(error, root, schema)


def translate_keyword(error: ValidationError, root: Node, schema: dict[str, Any]) -> list[Finding]:
    path = list(error.absolute_path)
    node = node_at(root, path)
    rule: Any = error.validator_value  # the keyword's value in the schema
    subschema: Any = error.schema
    where = {"field": dotted(path), "title": title_at(schema, path)}
    kind = str(error.validator)
    if kind == "required":
        key = re.findall(r"'([^']+)'", error.message)[0]
        return [
            make_finding(
                "schema-required",
                node.loc,
                key=key,
                title=title_at(schema, [*path, key]),
                field=dotted([*path, key]),
            )
        ]
    if kind == "additionalProperties" and isinstance(node, MapNode):
        return unknown_key_findings(node, subschema, path)
    value = _shown(node)
    if kind == "type":
        return type_findings(node, rule if isinstance(rule, list) else [rule], subschema, where)
    if kind in ("enum", "const"):
        allowed = rule if kind == "enum" else [rule]
        return [
            make_finding(
                "schema-enum", node.loc, value=value, allowed=", ".join(map(str, allowed)), **where
            )
        ]
    if kind == "minLength" or (kind == "pattern" and rule == TEXT_PATTERN):
        return [make_finding("empty-text", node.loc, value=value, **where)]
    if kind == "pattern":
        if MANGLED_CODE_RE.fullmatch(value):
            return [make_finding("code-mangled", node.loc, value=value)]
        rule_zh, rule_en = PATTERN_RULES.get(rule, (f"应符合 {rule}", rule))
        return [
            make_finding(
                "schema-pattern", node.loc, value=value, rule_zh=rule_zh, rule_en=rule_en, **where
            )
        ]
    if kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        sign = {"minimum": "≥", "maximum": "≤", "exclusiveMinimum": ">", "exclusiveMaximum": "<"}
        bound = f"{sign[kind]} {rule}"
        return [make_finding("schema-range", node.loc, value=value, bound=bound, **where)]
    if kind == "maxDecimals":
        return [make_finding("amount-decimals", node.loc, value=value, places=str(rule), **where)]
    if kind == "minItems":
        return [make_finding("schema-too-few", node.loc, limit=str(rule), **where)]
    if kind == "maxItems":
        if not isinstance(node, SeqNode):
            return [make_finding("schema-invalid", node.loc, value=value, detail=error.message)]
        # At the key that holds the list: the list's own line is its first item.
        loc, count = node.owner, str(len(node))
        return [make_finding("schema-too-many", loc, limit=str(rule), count=count, **where)]
    return [make_finding("schema-invalid", node.loc, value=value, detail=error.message, **where)]


def branch_of_its_type(error: ValidationError) -> list[ValidationError]:
    """Of the alternatives a value fails (`carryover`: an amount, or amounts by source), the one
    whose type it has: its errors say what is wrong, the others only that the type differs."""
    branches: dict[Any, list[ValidationError]] = {}
    for sub in error.context or ():
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)
    typed = [
        errors
        for errors in branches.values()
        if not any(e.validator == "type" and e.absolute_path == error.absolute_path for e in errors)
    ]
    return typed[0] if len(typed) == 1 else []


def type_findings(
    node: Node, names: list[str], subschema: dict[str, Any], where: dict[str, str]
) -> list[Finding]:
    value = _shown(node)
    is_code = subschema.get("pattern") in (CODE_PATTERN, DIVISION_PATTERN)
    if is_code and MANGLED_CODE_RE.fullmatch(value):  # 323005.0: a number, mangled
        return [make_finding("code-mangled", node.loc, value=value)]
    hint_zh, hint_en = type_hint(node, names)
    return [
        make_finding(
            "schema-type",
            node.loc,
            value=value,
            expected_zh="或".join(EXPECTED[n][0] for n in names),
            expected_en=" or ".join(EXPECTED[n][1] for n in names),
            hint_zh=hint_zh,
            hint_en=hint_en,
            **where,
        )
    ]


def unknown_key_findings(node: MapNode, schema: dict[str, Any], path: list[Any]) -> list[Finding]:
    known = list(schema.get("properties", {}))
    findings = []
    for key in node:
        if key in known:
            continue
        close = difflib.get_close_matches(key, known, n=1)
        hint_zh = f"：是否应为“{close[0]}”？" if close else f"；可用的键：{', '.join(known)}"
        hint_en = f": did you mean '{close[0]}'?" if close else f"; known keys: {', '.join(known)}"
        findings.append(
            make_finding(
                "schema-unknown-key",
                node.key_locs[key],
                value=key,
                key=key,
                field=dotted([*path, key]),
                hint_zh=hint_zh,
                hint_en=hint_en,
            )
        )
    return findings


def type_hint(node: Node, expected: list[str]) -> tuple[str, str]:
    """Say why a value that looks right is of the wrong type, and what to write."""
    if not isinstance(node, Scalar):
        return "", ""
    if "string" in expected and (node.reads_as_number or node.is_bool):
        zero = node.reads_as_number and re.match(r"[-+]?0[0-9]", node) is not None
        read_zh, read_en = ("数字", "a number") if node.reads_as_number else ("true/false",) * 2
        return (
            f"：不加引号时，编辑器和其他 YAML 工具会把它读成{read_zh}"
            f'{"，开头的 0 会丢失" if zero else ""}，请加引号写成 "{node}"',
            f": unquoted, an editor and other YAML tools read it as {read_en}"
            f'{", dropping the leading zero" if zero else ""}; quote it: "{node}"',
        )
    if {"number", "integer"} & set(expected) and not node.plain and node.is_decimal:
        return "：加了引号就成了文本，请去掉引号", ": quoted, it is text: remove the quotes"
    return number_hint(node) if "number" in expected else ("", "")


def number_hint(node: Node) -> tuple[str, str]:
    """Say what most often makes a hand-typed amount unreadable."""
    text = str(node) if isinstance(node, Scalar) else ""
    if re.search("[０-９．]", text):
        return "（请用半角数字）", " (use ASCII digits, not full-width ones)"
    if "，" in text or "," in text:
        return "（小数点用“.”，不加千位分隔符）", " (use '.' as the decimal mark, no separators)"
    if re.search(r"万元\s*$", text):
        return (
            "（只写数字；以元为单位的文件中，原文以万元印出的数字写作 22.50万元，最多两位小数）",
            " (write the number; in a source in 元, a figure printed in 万元 as 22.50万元, at"
            " most two decimals)",
        )
    if re.search(r"(元|%|％)\s*$", text):
        return "（只写数字，不带单位）", " (write the number without a unit)"
    return "", ""


def node_at(root: Node, path: list[Any]) -> Node:
    node = root
    for step in path:
        if (isinstance(node, MapNode) and step in node) or (
            isinstance(node, SeqNode) and isinstance(step, int) and step < len(node)
        ):
            node = node[step]
        else:
            break
    return node


def title_at(schema: dict[str, Any], path: list[Any]) -> str:
    """The Chinese title of the schema property a path leads to."""
    current = schema
    for step in path:
        if isinstance(step, int):
            current = current.get("items", {})
        else:
            current = current.get("properties", {}).get(step, {})
    return str(current.get("title", dotted(path) or "文件"))


def dotted(path: list[Any]) -> str:
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text or "(root)"


def _shown(node: Node) -> str:
    if isinstance(node, Scalar):
        return str(node)
    return "{…}" if isinstance(node, MapNode) else "[…]"
