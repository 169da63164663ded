"""Turn paths (files or folders) into documents, and resolve ``aligns_to`` across all of them."""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..domain.errors import InputError
from ..domain.model import Document, KeyResult, Objective, OkrSet
from .plain_text import parse_text
from .spreadsheet import SUFFIXES as WORKBOOKS, is_workbook_name, read_workbook
from .structured import parse_structured

STRUCTURED = {".yaml", ".yml", ".json"}
TEXT = {".txt", ".md", ".markdown", ".text"}
SUFFIXES = STRUCTURED | TEXT


def load_text(text: str, path: str = "<text>") -> Document:
    """Parse one document given as text; its kind is told by the name's suffix or by its shape."""
    if not text.strip():
        raise InputError("the file is empty", file=path, expected="an OKR document")
    suffix = Path(path).suffix.lower()
    if suffix in STRUCTURED or (suffix not in TEXT and _looks_structured(text)):
        return parse_structured(text, path)
    return parse_text(text, path)


def _looks_structured(text: str) -> bool:
    head = text.lstrip()
    return head.startswith("{") or any(
        line.startswith(("objectives:", "okrs:")) for line in text.splitlines())


def read_file(path: Path, shown: str) -> Document:
    """One file by its suffix: an Excel workbook (``spreadsheet``), else UTF-8 text as ``load_text`` reads it."""
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise InputError(f"cannot read the file: {e.strerror}", file=shown) from None
    if is_workbook_name(path.name):
        return read_workbook(raw, shown)
    if path.suffix.lower() == ".xls":
        raise InputError("the old Excel format (.xls) is not read", file=shown,
                         expected="the workbook saved as .xlsx (Excel or WPS: Save as → Excel Workbook)")
    if b"\x00" in raw:
        raise InputError("this is a binary file, not an OKR document", file=shown,
                         expected="UTF-8 text: YAML, JSON, Markdown or plain text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise InputError("the file is not UTF-8 text", file=shown, line=line,
                         expected="UTF-8 text: YAML, JSON, Markdown or plain text") from None
    return load_text(text, shown)


def _is_document(f: Path) -> bool:
    """A text document, or a workbook other than the lock file Excel and WPS keep beside an open one."""
    return f.suffix.lower() in SUFFIXES or (is_workbook_name(f.name) and not f.name.startswith("~$"))


def expand(paths: Iterable[str | Path]) -> list[tuple[Path, str]]:
    """Files to read: each file as given, each folder's OKR documents in name order."""
    out: list[tuple[Path, str]] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            found = sorted(f for f in path.rglob("*") if f.is_file() and _is_document(f)
                           and not any(part.startswith(".") for part in f.relative_to(path).parts))
            if not found:
                raise InputError("the folder holds no OKR document", file=str(p),
                                 expected="files ending in " + ", ".join(sorted(SUFFIXES | set(WORKBOOKS))))
            out.extend((f, str(f)) for f in found)
        elif path.exists():
            out.append((path, str(p)))
        else:
            raise InputError("no such file or folder", file=str(p))
    return out


def read_documents(paths: Iterable[str | Path]) -> list[Document]:
    """Read every path; ``aligns_to`` is not resolved yet (the caller may add documents first)."""
    return [read_file(path, shown) for path, shown in expand(paths)]


def load_documents(paths: Iterable[str | Path]) -> list[Document]:
    """Read every path and check that each ``aligns_to`` names an objective or KR that exists."""
    docs = read_documents(paths)
    resolve_alignment(docs)
    return docs


class AlignmentIndex:
    """Every name an objective or KR can be referred to by: ``set.O1``, ``set.O1.KR2`` or its own id."""

    def __init__(self, docs: Iterable[Document]):
        self.targets: dict[str, tuple[OkrSet, Objective, KeyResult | None]] = {}
        for doc in docs:
            for s in doc.sets:
                for oi, obj in enumerate(s.objectives):
                    names = [f"{s.id}.O{oi + 1}"] if s.id else []
                    names += [obj.id] if obj.id else []
                    for n in names:
                        self.targets.setdefault(n, (s, obj, None))
                    for ki, kr in enumerate(obj.key_results):
                        kr_names = [f"{s.id}.O{oi + 1}.KR{ki + 1}"] if s.id else []
                        kr_names += [kr.id] if kr.id else []
                        for n in kr_names:
                            self.targets.setdefault(n, (s, obj, kr))

    def get(self, ref: str) -> tuple[OkrSet, Objective, KeyResult | None] | None:
        return self.targets.get(ref.strip())


def resolve_alignment(docs: list[Document]) -> AlignmentIndex:
    index = AlignmentIndex(docs)
    for doc in docs:
        for s in doc.sets:
            for obj in s.objectives:
                if obj.aligns_to and index.get(obj.aligns_to) is None:
                    known = ", ".join(sorted(index.targets)[:8]) or "none in the files given"
                    raise InputError(f"aligns_to {obj.aligns_to!r} names no objective or key result",
                                     file=doc.path, line=obj.line,
                                     expected=f"<set-id>.O<n>, <set-id>.O<n>.KR<m> or an id; known: {known}")
    return index
