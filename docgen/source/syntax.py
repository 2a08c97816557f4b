"""Stage 1, load: what a YAML syntax error most likely is, where it is, and what to write instead.

libyaml reports where its scanner gave up, which is often a line after the slip (a full-width
colon turns `nature：事业` into a key without a colon, noticed only on the next line), in English
that a finance officer cannot act on. Takes libyaml's error and the text, hands on one finding:
a named slip (full-width colon or space, a tab, a missing space after `-` or `:`, a quote or
bracket left open, a colon inside a value, bad indentation) at the character that is wrong, or,
when no slip is recognised, libyaml's problem in the reader's language at the line it concerns.
"""

from __future__ import annotations

import re

import yaml

from docgen.findings import Finding, Location
from docgen.messages import make_finding

# A slip is looked for on the line libyaml stopped at and on these many lines above it: a key
# missing its colon is noticed on the next line that holds content.
LINES_ABOVE = 3
FIX_WIDTH = 40  # a corrected line longer than this is shown cut, with …

# Keys are English identifiers, so a key position is recognisable: a full-width colon after one
# is a slip, while `：` inside Chinese text (其中：) is not.
KEY = r"^(?P<indent>[ ]*)(?P<dash>-[ ]+)?(?P<key>[A-Za-z_][A-Za-z0-9_]*)"
FULL_WIDTH_COLON = re.compile(KEY + r"[ ]*(?P<slip>：)")
COLON_NO_SPACE = re.compile(KEY + r"(?P<slip>:)(?=[^\s/:])")
DASH_NO_SPACE = re.compile(r"^(?P<indent>[ ]*)(?P<slip>-)(?=[A-Za-z_{\[\"'])")
FULL_WIDTH_SPACE = re.compile(r"^[ ]*(?:-[ ]*)?\u3000|" + KEY + r"[ ]*:[ ]*\u3000")
TAB_INDENT = re.compile(r"^[ \u3000]*(?:-[ ]*)?\t")

# libyaml's problems, in words a reader can act on (zh, en). Prefixes of libyaml's messages.
PROBLEMS: dict[str, tuple[str, str]] = {
    "could not find expected ':'": (
        "此行应为“键: 值”，但没有找到冒号",
        "this line should be 'key: value', but it has no colon",
    ),
    "mapping values are not allowed": (
        "此处不能出现“冒号+空格”",
        "a colon followed by a space is not allowed here",
    ),
    "did not find expected key": (
        "此处应为同一层的下一个键",
        "the next key of this level was expected here",
    ),
    "did not find expected '-' indicator": (
        "此处应为下一个列表项“- ”",
        "the next list item ('- ') was expected here",
    ),
    "did not find expected node content": ("此处缺少内容", "content is missing here"),
    "block sequence entries are not allowed": (
        "此处不能出现列表项“- ”",
        "a list item ('- ') is not allowed here",
    ),
    "found character that cannot start any token": (
        "值不能以此字符开头：请给整个值加引号",
        "a value cannot begin with this character: quote the whole value",
    ),
    "found unexpected end of stream": ("文件在此意外结束", "the file ends unexpectedly"),
    "found unknown escape character": (
        "双引号中的反斜杠“\\”后是无法识别的字符：改用单引号，或把“\\”写成“\\\\”",
        "a backslash in double quotes is followed by an unknown escape: use single quotes, "
        "or write the backslash twice",
    ),
    "found invalid Unicode character escape code": (
        "双引号中的 Unicode 转义（\\u…）无效：请直接写出字符",
        "an invalid Unicode escape (\\u…) in double quotes: write the character itself",
    ),
    "did not find expected comment or line break": (
        "此处应为行尾或注释（“#”前要有空格）",
        "the line should end here, or a comment begin (with a space before '#')",
    ),
    "did not find expected <document start>": (
        "此处内容无法解析：请检查上一行",
        "this content cannot be read: check the line above",
    ),
}
UNKNOWN_PROBLEM = ("此处内容无法解析", "this content cannot be read")


def diagnose_syntax(exc: yaml.MarkedYAMLError, text: str, shown: str) -> Finding:
    """The finding for a syntax error: a recognised slip where it is, else libyaml's problem."""
    lines = text.split("\n")
    problem = exc.problem_mark or exc.context_mark
    if problem is None:  # libyaml marks every error it raises; kept safe all the same
        return fallback_finding(exc, Location(shown, 1, 1))
    context = exc.context_mark
    found = find_slip(lines, problem.line, context.line if context else None, shown)
    if found is not None:
        return found
    return classify_problem(exc, lines, shown)


def find_slip(lines: list[str], stop: int, context: int | None, shown: str) -> Finding | None:
    """The nearest recognised slip on the line libyaml stopped at or just above it."""
    candidates = list(range(min(stop, len(lines) - 1), max(stop - LINES_ABOVE, 0) - 1, -1))
    if context is not None and context not in candidates and 0 <= context < len(lines):
        candidates.append(context)
    for index in candidates:
        found = slip_on_line(lines[index], index + 1, shown)
        if found is not None:
            return found
    return None


def slip_on_line(line: str, number: int, shown: str) -> Finding | None:
    if (tab := TAB_INDENT.match(line)) is not None:
        return make_finding("yaml-tab", Location(shown, number, tab.end()), value="\t")
    if (space := FULL_WIDTH_SPACE.search(line)) is not None:
        return make_finding("yaml-full-width-space", Location(shown, number, space.end()), "\u3000")
    if (colon := FULL_WIDTH_COLON.match(line)) is not None:
        fixed = line[: colon.start("slip")].rstrip() + ": " + line[colon.end("slip") :].lstrip()
        return slip_finding("yaml-full-width-colon", colon, fixed, number, shown)
    if (dash := DASH_NO_SPACE.match(line)) is not None:
        fixed = line[: dash.end("slip")] + " " + line[dash.end("slip") :]
        return slip_finding("yaml-dash-space", dash, fixed, number, shown)
    if (bare := COLON_NO_SPACE.match(line)) is not None:
        fixed = line[: bare.end("slip")] + " " + line[bare.end("slip") :]
        return slip_finding("yaml-colon-space", bare, fixed, number, shown)
    return None


def slip_finding(code: str, match: re.Match[str], fixed: str, number: int, shown: str) -> Finding:
    loc = Location(shown, number, match.start("slip") + 1)
    key = match.groupdict().get("key") or ""
    return make_finding(code, loc, match.group("slip"), key=key, fix=shorten(fixed.strip()))


def shorten(text: str) -> str:
    return text if len(text) <= FIX_WIDTH else text[: FIX_WIDTH - 1] + "…"


def classify_problem(exc: yaml.MarkedYAMLError, lines: list[str], shown: str) -> Finding:
    """No slip on the lines: an open quote or bracket, a colon in a value, bad indentation,
    or else libyaml's problem in the reader's words."""
    context, problem = exc.context_mark, exc.problem_mark
    assert problem is not None  # checked by the caller
    what = exc.context or ""
    if context is not None and what == "while scanning a quoted scalar":
        loc = Location(shown, context.line + 1, context.column + 1)
        quote = line_at(lines, context.line)[context.column : context.column + 1]
        return make_finding("yaml-quote-unclosed", loc, quote)
    if context is not None and what.startswith("while parsing a flow"):
        loc = Location(shown, context.line + 1, context.column + 1)
        bracket = line_at(lines, context.line)[context.column : context.column + 1]
        closing = {"[": "]", "{": "}"}.get(bracket, "")
        return make_finding("yaml-bracket-unclosed", loc, bracket, closing=closing)
    line = line_at(lines, problem.line)
    indent = len(line) - len(line.lstrip(" "))
    before = line[: problem.column].rstrip()
    if problem.column > indent and before.endswith(('"', "'")):
        opened = unclosed_quote_above(lines, problem.line, before[-1], before)
        if opened is not None:
            return make_finding("yaml-quote-unclosed", Location(shown, *opened), before[-1])
        loc = Location(shown, problem.line + 1, problem.column + 1)
        return make_finding("yaml-quote-trailing", loc, line[problem.column :].rstrip())
    if (exc.problem or "").startswith("mapping values are not allowed") and ": " in line[
        indent : problem.column
    ]:
        loc = Location(shown, problem.line + 1, problem.column + 1)
        value_start = line.index(": ", indent) + 2
        fixed = line[:value_start] + '"' + line[value_start:].strip() + '"'
        return make_finding("yaml-colon-in-value", loc, ":", fix=shorten(fixed.strip()))
    if is_indentation_problem(exc.problem or "", problem.column, indent, line):
        loc = Location(shown, problem.line + 1, indent + 1)
        above = previous_line(lines, problem.line)
        if indent == len(above) - len(above.lstrip(" ")) and is_item(line) != is_item(above):
            return make_finding("yaml-list-mixed", loc, line.strip()[:1])
        return make_finding(
            "yaml-indent",
            loc,
            line.strip()[:1],
            found=str(indent),
            previous=str(previous_indent(lines, problem.line)),
        )
    return fallback_finding(exc, location_of(exc, shown))


def unclosed_quote_above(
    lines: list[str], index: int, quote: str, before: str
) -> tuple[int, int] | None:
    """Where a quote left open on an earlier line starts (line, column), when the quote that
    ends `before` closes it: the quoted text then ran on, swallowing lines, to this line."""
    if before.count(quote) % 2 == 0:
        return None
    for number in range(index - 1, -1, -1):
        if lines[number].count(quote) % 2 == 1:
            return number + 1, lines[number].rindex(quote) + 1
    return None


INDENT_PROBLEMS = (
    "did not find expected key",
    "did not find expected '-' indicator",
    "mapping values are not allowed",
    "block sequence entries are not allowed",
)


def is_indentation_problem(problem: str, column: int, indent: int, line: str) -> bool:
    """libyaml stopped at the first key or item of a line that sits at no open level."""
    if not problem.startswith(INDENT_PROBLEMS) or not line.strip():
        return False
    first_colon = line.find(":", indent)
    return column in (indent, first_colon) or line[indent:].startswith("- ")


def previous_line(lines: list[str], index: int) -> str:
    """The nearest line above with content (not blank, not a comment)."""
    for line in reversed(lines[:index]):
        stripped = line.lstrip(" ")
        if stripped and not stripped.startswith("#"):
            return line
    return ""


def previous_indent(lines: list[str], index: int) -> int:
    above = previous_line(lines, index)
    return len(above) - len(above.lstrip(" "))


def is_item(line: str) -> bool:
    return line.lstrip(" ").startswith("- ")


def line_at(lines: list[str], index: int) -> str:
    return lines[index] if 0 <= index < len(lines) else ""


def location_of(exc: yaml.MarkedYAMLError, shown: str) -> Location:
    """Where the trouble is: a key missing its colon is where the key starts, not the next line
    libyaml had to read to notice; anything else where libyaml stopped."""
    mark = exc.problem_mark
    if exc.context_mark is not None and (exc.context or "").startswith("while scanning a"):
        mark = exc.context_mark
    if mark is None:
        return Location(shown, 1, 1)
    return Location(shown, mark.line + 1, mark.column + 1)


def fallback_finding(exc: yaml.MarkedYAMLError, loc: Location) -> Finding:
    problem = exc.problem or exc.context or ""
    found = (words for start, words in PROBLEMS.items() if problem.startswith(start))
    zh, en = next(found, UNKNOWN_PROBLEM)
    if (zh, en) == UNKNOWN_PROBLEM and problem:
        en = problem  # libyaml's own English beats a vaguer one of ours
    return make_finding("yaml-syntax", loc, problem_zh=zh, problem_en=en)
