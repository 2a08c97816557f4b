"""The Typst PDF's fonts cut to the characters a disclosure prints: made once, kept in a cache.

Typst reads a font file whole the first time it sets a character in it and keeps it for the
life of the process. Debian ships Noto CJK only as collections (.ttc), each face of which shares
the collection's table of outlines, so the four faces the PDF is set in (serif and sans, regular
and bold) were 93 MB resident in every worker and read by every fresh process. Each of the four
is cut once to the characters a disclosure prints: GB 2312 (its 6,763 hanzi and 682 symbols:
every hanzi of docgen's profiles, classifications and samples is among them), ASCII and
Latin-1, general punctuation, letterlike and number forms, arrows, mathematical operators,
enclosed numbers, CJK symbols and punctuation, and the full-width forms; about 4.6 MB a face.

A cut face is a family of its own (`Noto Serif CJK SC Cut`), which the template names before
the whole font of the same family (`templates/typst/disclosure.typ`, `fonts.serif` and
`fonts.sans` in its data). Typst shapes text with the first family and only what that lacks
with the next, and reads a font only when it first shapes with it: a rare hanzi in a unit's name
is set in the whole Noto Serif CJK SC, read for that document alone. The font coverage check
still reads the whole fonts through fontconfig, so what it allows is exactly what prints.

The cut is HarfBuzz's subsetter (the uharfbuzz package; fontTools takes half a minute a face,
HarfBuzz a quarter of a second), keeping every glyph the default layout features reach (the
`locl` forms of zh-Hans among them: the em dash and the quotes) and every name; fontTools then
renames the face, touching the name table alone. Both are deterministic for one font and one
HarfBuzz, so the PDF stays the same bytes on every run. The cut is made in the user's cache
(`$XDG_CACHE_HOME/docgen/fonts`, else `~/.cache/docgen/fonts`) in a folder named by a digest of
what makes it: this code's revision, the character set, the name, size and time of every file
of uharfbuzz (HarfBuzz is built into it) and of every font file in the folders of docgen's
fonts, so an upgraded font or HarfBuzz makes a new one. It is written whole under a temporary
name and renamed into place, so no process sees half of it and two processes cutting at once
end with one folder. Typst reads a font folder recursively and follows links, so a folder is
used only when it is the user's own, writable by them alone, and holds exactly the four faces
and their record, as regular files of the sizes the record gives; anything else is left alone
and the cut made beside it. When no cut can be made (no cache folder of the user's own, no
uharfbuzz, the fonts not found) the PDF is set in the whole fonts, as before.

An upgraded font or HarfBuzz leaves the old cut behind, 18 MB of it. The folder in use has its
record's time set once a day, and a cut of the user's own whose record has not been touched for
a month is removed, with the half-made folders a killed process left: a cut that old is no
longer made from the fonts installed, and a process still using one would fall back to the
whole fonts (Typst reads a font only when it first sets a character in it). `docgen doctor`
names the cut in use, or why there is none, and what is left over.

Licence: Noto CJK is under the SIL Open Font License 1.1, which allows a modified version (a
subset is one) to be made, used, embedded in documents and redistributed under the same licence,
as long as it does not take a Reserved Font Name: Noto CJK's only one is "Source", which the cut
faces' names do not use. They stay in the cache of the machine that made them.
"""

from __future__ import annotations

import hashlib
import importlib.util
import io
import json
import os
import re
import shutil
import stat
import tempfile
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import typst

from docgen.render.fonts import FONTS, FontSettings

# Raised whenever what is cut, or how, changes: the cache folder's name holds it.
CUT_REVISION = 1
RECORD = "faces.json"
# Unicode blocks a disclosure prints from, beyond GB 2312: its figures, units, dashes, quotes,
# arrows, ≤ ≥ ±, ① and Ⅰ, and the full-width forms of ASCII. What the font lacks is skipped.
BLOCKS = (
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1: ½ ° × ÷ ·
    (0x2000, 0x206F),  # general punctuation: – — ‘’ “” … ‰ ※
    (0x2100, 0x218F),  # letterlike symbols and number forms: ℃ № Ⅰ
    (0x2190, 0x21FF),  # arrows
    (0x2200, 0x22FF),  # mathematical operators: − ≤ ≥ ≦ ≧
    (0x2460, 0x24FF),  # enclosed alphanumerics: ① ⑴ ⒈
    (0x25A0, 0x25FF),  # geometric shapes: ■ □ ▲ ○ ●
    (0x3000, 0x303F),  # CJK symbols and punctuation: 、。《》「」【】〔〕
    (0x3200, 0x32FF),  # enclosed CJK letters: ㈠
    (0xFF00, 0xFFEF),  # half-width and full-width forms: ，：；（）％
)
WEIGHTS = {"regular": 400, "bold": 700}
DAY = 24 * 60 * 60
UNUSED = 30 * DAY  # a cut not used for a month is removed
HALF_MADE = DAY  # a .cutting- folder that old was left by a process killed while cutting
CUT_NAME = re.compile(r"cut-[0-9a-f]{32}(-[0-9]+)?")


@dataclass(frozen=True)
class Face:
    """One face to cut: its family, its weight, and the file it is cut to."""

    family: str
    weight: str  # a key of WEIGHTS

    @property
    def file_name(self) -> str:
        return f"{self.family.replace(' ', '')}-{self.weight}.otf"


def cut_family(family: str) -> str:
    return f"{family} Cut"


def faces_to_cut(settings: FontSettings = FONTS) -> tuple[Face, ...]:
    return tuple(
        Face(family, weight) for family in (settings.serif, settings.sans) for weight in WEIGHTS
    )


@cache
def cut_characters() -> frozenset[int]:
    """GB 2312's characters (every pair of its bytes that decodes) and the blocks above."""
    points = {point for low, high in BLOCKS for point in range(low, high + 1)}
    for first in range(0xA1, 0xF8):
        for second in range(0xA1, 0xFF):
            try:
                points.add(ord(bytes((first, second)).decode("gb2312")))
            except UnicodeDecodeError:
                continue
    return frozenset(points)


def cache_root() -> Path | None:
    """Where cut fonts are kept: the user's cache, or None where there is no home to find."""
    base = os.environ.get("XDG_CACHE_HOME")
    if base and Path(base).is_absolute():
        return Path(base) / "docgen" / "fonts"
    try:
        return Path.home() / ".cache" / "docgen" / "fonts"
    except RuntimeError:
        return None


def file_stamps(folders: list[str]) -> list[tuple[str, int, int]]:
    """Every file in the folders, with its size and time: what says it changed."""
    found = []
    for folder in folders:
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file():
                info = path.stat()
                found.append((str(path), info.st_size, info.st_mtime_ns))
    return found


def harfbuzz_folder() -> str | None:
    """The folder of the installed uharfbuzz (HarfBuzz built in), found without importing it:
    the import takes a fifth of a second, which only a cut needs."""
    spec = importlib.util.find_spec("uharfbuzz")
    locations = spec.submodule_search_locations if spec else None
    return next(iter(locations), None) if locations else None


def cut_key(fonts: list[str], harfbuzz: str, settings: FontSettings = FONTS) -> str:
    """A digest of everything the cut faces are made from and by: this code's revision, the
    character set's definition, the HarfBuzz built into uharfbuzz, the fonts' files."""
    made_of = {
        "revision": CUT_REVISION,
        "characters": ["gb2312", BLOCKS],
        "faces": [face.file_name for face in faces_to_cut(settings)],
        "harfbuzz": file_stamps([harfbuzz]),
        "fonts": file_stamps(fonts),
    }
    return hashlib.sha256(json.dumps(made_of).encode()).hexdigest()[:32]


def is_private(info: os.stat_result, kind: int) -> bool:
    """The user's own, of the kind expected (no link), and writable by nobody else."""
    return (
        stat.S_IFMT(info.st_mode) == kind
        and info.st_uid == os.geteuid()
        and info.st_mode & (stat.S_IWGRP | stat.S_IWOTH) == 0
    )


def is_sound_folder(folder: Path, faces: tuple[Face, ...]) -> bool:
    """The folder holds the faces and their record and nothing else, each as its record says."""
    try:
        if not is_private(folder.lstat(), stat.S_IFDIR):
            return False
        names = sorted(entry.name for entry in os.scandir(folder))
        if names != sorted([RECORD, *(face.file_name for face in faces)]):
            return False
        if not all(is_private((folder / name).lstat(), stat.S_IFREG) for name in names):
            return False
        sizes = json.loads((folder / RECORD).read_text(encoding="utf-8"))["sizes"]
        return all(
            sizes[face.file_name] == (folder / face.file_name).stat().st_size for face in faces
        )
    except (OSError, ValueError, KeyError, TypeError):
        return False


def private_root() -> Path | None:
    """The cache root, made if need be; None when it is not a folder of the user's own."""
    root = cache_root()
    if root is None:
        return None
    try:
        root.mkdir(mode=0o700, parents=True, exist_ok=True)
        return root if is_private(root.lstat(), stat.S_IFDIR) else None
    except OSError:
        return None


@cache
def cut_folder(folders: tuple[str, ...], settings: FontSettings = FONTS) -> Path | None:
    """The folder of the cut faces, cut now if need be; None when the whole fonts are to be used."""
    harfbuzz = harfbuzz_folder()
    root = private_root() if harfbuzz else None
    if root is None or harfbuzz is None or not folders:
        return None
    faces = faces_to_cut(settings)
    key = cut_key(list(folders), harfbuzz, settings)
    folder = None
    # A folder of that name that is not sound is left alone (it may be another user's doing,
    # or a reader's), and the cut made beside it: at most a few times over.
    for candidate in cut_names(root, key):
        if is_sound_folder(candidate, faces):
            folder = candidate
            break
        if not candidate.exists() and not candidate.is_symlink():
            folder = place_cut_folder(root, candidate, folders, faces)
            break
    if folder is not None:
        mark_used(folder)
    remove_unused_cuts(root, keep=folder)
    return folder


def cut_names(root: Path, key: str) -> tuple[Path, ...]:
    return tuple(root / name for name in (f"cut-{key}", *(f"cut-{key}-{n}" for n in range(2, 4))))


def mark_used(folder: Path) -> None:
    """The record's time set to now, once a day at most: what says the cut is still in use."""
    record = folder / RECORD
    try:
        if time.time() - record.stat().st_mtime > DAY:
            os.utime(record)
    except OSError:
        pass  # a cut that cannot be marked is kept a month from its making, and then made again


def remove_unused_cuts(root: Path, keep: Path | None, now: float | None = None) -> list[Path]:
    """The user's own cuts not used for a month, and half-made ones a day old, removed; what
    was removed. Anything else in the folder (another user's, a link, a file) is left alone."""
    now = time.time() if now is None else now
    removed = []
    for path in leftover_cuts(root, keep):
        if now - last_used(path) > (HALF_MADE if path.name.startswith(".cutting-") else UNUSED):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def leftover_cuts(root: Path, keep: Path | None) -> list[Path]:
    """The cut folders of the user's own under root other than `keep`, oldest first."""
    try:
        entries = list(os.scandir(root))
    except OSError:
        return []
    found = [
        root / entry.name
        for entry in entries
        if (CUT_NAME.fullmatch(entry.name) or entry.name.startswith(".cutting-"))
        and root / entry.name != keep
        and is_private(entry.stat(follow_symlinks=False), stat.S_IFDIR)
    ]
    return sorted(found, key=last_used)


def last_used(folder: Path) -> float:
    """When a cut was last used: its record's time, else the folder's (one never finished)."""
    for path in (folder / RECORD, folder):
        try:
            return path.lstat().st_mtime
        except OSError:
            continue
    return 0.0


@dataclass(frozen=True)
class CutState:
    """What `docgen doctor` says of the cut: the folder in use, or why the whole fonts are."""

    folder: Path | None
    reason: str  # why there is no folder; empty when there is one
    leftovers: tuple[Path, ...]  # cuts of the user's own not in use


def cut_state(folders: tuple[str, ...], settings: FontSettings = FONTS) -> CutState:
    """The cut the next PDF would use, found without cutting."""
    harfbuzz = harfbuzz_folder()
    if harfbuzz is None:
        return CutState(None, "uharfbuzz is not installed: the PDF is set in the whole fonts", ())
    root = cache_root()
    if root is None or not folders:
        return CutState(None, "no font folder or no cache folder: the whole fonts are used", ())
    try:
        if not is_private(root.lstat(), stat.S_IFDIR):
            return CutState(None, f"{root} is not a folder of the user's own: not used", ())
    except FileNotFoundError:
        pass  # made with the first cut
    faces = faces_to_cut(settings)
    key = cut_key(list(folders), harfbuzz, settings)
    folder = next((f for f in cut_names(root, key) if is_sound_folder(f, faces)), None)
    reason = "" if folder else f"not made yet: the first Typst PDF cuts it into {root}"
    return CutState(folder, reason, tuple(leftover_cuts(root, folder)))


def place_cut_folder(
    root: Path, folder: Path, folders: tuple[str, ...], faces: tuple[Face, ...]
) -> Path | None:
    """The faces cut and renamed into place as `folder`, or the folder another process put
    there first (the same cut, made from the same files)."""
    try:
        made = make_cut_folder(root, folders, faces)
    except (OSError, ValueError):  # no room, a font HarfBuzz cannot read: the whole fonts then
        return None
    if made is None:
        return None
    try:
        made.rename(folder)  # refused when a folder of that name is there by now
    except OSError:
        shutil.rmtree(made, ignore_errors=True)
    return folder if is_sound_folder(folder, faces) else None


def make_cut_folder(root: Path, folders: tuple[str, ...], faces: tuple[Face, ...]) -> Path | None:
    """The faces cut into a new temporary folder under root; None when one is not found."""
    sources = find_faces(folders, faces)
    if sources is None:
        return None
    made = Path(tempfile.mkdtemp(prefix=".cutting-", dir=root))
    try:
        sizes = {}
        for face in faces:
            path, index = sources[face]
            data = cut_face(path, index, face)
            write_private(made / face.file_name, data)
            sizes[face.file_name] = len(data)
        record = {"sizes": sizes, "sources": {f.file_name: list(sources[f]) for f in faces}}
        write_private(made / RECORD, json.dumps(record, indent=1).encode())
    except Exception:
        shutil.rmtree(made, ignore_errors=True)
        raise
    return made


def write_private(path: Path, data: bytes) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)
        file.flush()
        os.fsync(file.fileno())


def find_faces(
    folders: tuple[str, ...], faces: tuple[Face, ...]
) -> dict[Face, tuple[str, int]] | None:
    """Each face's file and index in its collection, as Typst itself finds them in the folders."""
    fonts = typst.Fonts(
        include_system_fonts=False, include_embedded_fonts=False, font_paths=list(folders)
    )
    found: dict[Face, tuple[str, int]] = {}
    for info in fonts.fonts():
        for face in faces:
            if (
                info.family == face.family
                and info.weight == WEIGHTS[face.weight]
                and info.style == "normal"
                and info.path
            ):
                found.setdefault(face, (info.path, info.index))
    return found if len(found) == len(faces) else None


def cut_face(path: str, index: int, face: Face) -> bytes:
    """The face cut to `cut_characters` by HarfBuzz, then named as a family of its own."""
    import uharfbuzz  # noqa: PLC0415

    source = uharfbuzz.Face(uharfbuzz.Blob.from_file_path(path), index)
    wanted = uharfbuzz.SubsetInput()
    for point in sorted(cut_characters()):
        wanted.unicode_set.add(point)
    # Every name in every language, the licence among them (an inverted set keeps none).
    wanted.sets(uharfbuzz.SubsetInputSets.NAME_ID).add_range(0, 0x7FFF)
    wanted.sets(uharfbuzz.SubsetInputSets.NAME_LANG_ID).add_range(0, 0xFFFF)
    wanted.flags = uharfbuzz.SubsetFlags.NOTDEF_OUTLINE
    cut = uharfbuzz.subset(source, wanted)
    if cut is None:
        raise ValueError(f"HarfBuzz could not cut {path}#{index}")
    return rename_face(cut.blob.data, face.family, cut_family(face.family))


def rename_face(data: bytes, family: str, new_family: str) -> bytes:
    """The font with its family renamed in every name that holds it (family, full, unique and
    PostScript names: `NotoSerifCJKsc-Bold` → `NotoSerifCJKscCut-Bold`), nothing else touched:
    fontTools copies every other table as it is."""
    from fontTools.ttLib import TTFont  # noqa: PLC0415

    # The head table, and so its time of modification, is copied as HarfBuzz left it.
    font = TTFont(io.BytesIO(data), lazy=True, recalcTimestamp=False)
    names = font["name"]
    stem = str(names.getDebugName(6) or "").split("-")[0]
    new_stem = stem + new_family.removeprefix(family).replace(" ", "")
    for record in names.names:
        text = record.toUnicode()
        renamed = text.replace(family, new_family)
        if stem:
            renamed = renamed.replace(stem, new_stem)
        if renamed != text:
            record.string = renamed
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()
