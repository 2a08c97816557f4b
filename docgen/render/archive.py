"""Zip containers (DOCX, XLSX) made reproducible: the same parts give the same bytes.

Office files are zip archives whose entries carry the time they were written. Rewriting them in
their original order with one fixed time, mode and compression makes the archive depend only on
its content and on the output's timestamp (see `docgen.provenance`).
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime

from lxml import etree

from docgen.provenance import w3c_date

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can hold
CORE_PROPERTIES = "docProps/core.xml"
DCTERMS = "http://purl.org/dc/terms/"


def reproducible_zip(data: bytes, when: datetime) -> bytes:
    stamp = max(ZIP_EPOCH, when.astimezone(UTC).timetuple()[:6])
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            entry = zipfile.ZipInfo(item.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            entry.create_system = 3  # Unix, whatever machine built it
            data = source.read(item.filename)
            if item.filename == CORE_PROPERTIES:
                data = stamp_core_properties(data, when)
            target.writestr(entry, data)
    return out.getvalue()


def stamp_core_properties(data: bytes, when: datetime) -> bytes:
    """Created and modified both say `when` (a writer may put the time of saving there)."""
    root = etree.fromstring(data)
    text = w3c_date(when)
    for name in ("created", "modified"):
        for element in root.iter(f"{{{DCTERMS}}}{name}"):
            element.text = text
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
