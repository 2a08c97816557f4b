"""Zip containers (DOCX, XLSX) made reproducible: the same parts give the same bytes.

Office files are zip archives whose entries carry the time they were written. Writing them in
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
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = [(item.filename, source.read(item.filename)) for item in source.infolist()]
    return zip_entries(entries, when)


def zip_entries(entries: list[tuple[str, bytes]], when: datetime) -> bytes:
    stamp = max(ZIP_EPOCH, when.astimezone(UTC).timetuple()[:6])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, blob in entries:
            entry = zipfile.ZipInfo(name, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            entry.create_system = 3  # Unix, whatever machine built it
            stamped = stamp_core_properties(blob, when) if name == CORE_PROPERTIES else blob
            target.writestr(entry, stamped)
    return out.getvalue()


def stamp_core_properties(data: bytes, when: datetime) -> bytes:
    """Created and modified both say `when` (a writer may put the time of saving there)."""
    root = etree.fromstring(data)
    text = w3c_date(when)
    for name in ("created", "modified"):
        for element in root.iter(f"{{{DCTERMS}}}{name}"):
            element.text = text
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
