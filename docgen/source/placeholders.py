"""Stage 2, validate: the placeholders a new source leaves to fill in (`【待填写：单位全称】`).

`docgen init` writes them where a source needs the user's own text; until each is replaced,
`validate` reports it where it stands, as to be filled in, instead of as a value of the wrong
form (a code of letters and digits, a file name ending in .yaml).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from docgen.findings import Finding
from docgen.messages import make_finding
from docgen.source.load import MapNode, Node, Scalar, SeqNode

FILL_IN = re.compile(r"【待填写[：:]?(?P<what>[^】]*)】")


def fill(what: str) -> str:
    """A placeholder for what the user must write."""
    return f"【待填写：{what}】"


def is_placeholder(node: Node) -> bool:
    return isinstance(node, Scalar) and FILL_IN.search(node) is not None


def placeholders(
    node: Node, path: tuple[Any, ...] = ()
) -> Iterator[tuple[tuple[Any, ...], Scalar]]:
    """Every scalar holding a placeholder, with its path."""
    if isinstance(node, MapNode):
        for key, value in node.items():
            yield from placeholders(value, (*path, key))
    elif isinstance(node, SeqNode):
        for number, value in enumerate(node):
            yield from placeholders(value, (*path, number))
    elif FILL_IN.search(node):
        yield path, node


def fill_in_finding(node: Scalar, field: str, title: str) -> Finding:
    found = FILL_IN.search(node)
    assert found is not None  # only placeholders are given
    what = found["what"].strip() or title
    return make_finding("to-fill-in", node.loc, found.group(0), what=what, field=field, title=title)
