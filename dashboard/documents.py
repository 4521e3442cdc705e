"""出典 by title: a source names its document as people know it, the file only in a details line.

Every `source` in the data begins with the file it was read from (000_96b2268ca103a618.txt …, or
an uploaded file's name); nobody in a council room knows what that is (issue #15). v_documents
gives each file its title, and each uploaded file is a document of its own (file name, batch,
date). Pages, slides and exports call `cite` / `names` / `files` here, the one place the rule lives.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from dashboard.db import query

FILES_LABEL = "ファイル"
_SPACES = re.compile(r"[\s\u3000]+")
_NAME_ENDS = re.compile("[ （\u3000]")   # what follows a file name in a source


def labels() -> dict[str, tuple[str, str]]:
    """{file name: (label, title)} of every document in the database, longest file name first."""
    frame = query("select file_name, label, title from v_documents")
    rows = sorted(frame.itertuples(index=False), key=lambda r: len(r.file_name), reverse=True)
    return {r.file_name: (r.label, r.title) for r in rows}


def _split(source: str, known: dict[str, tuple[str, str]]) -> tuple[str | None, str]:
    """(file name, the rest) of a source whose first word is a known document's file: the longest
    known name the source is, or begins with before a space or 「（」."""
    if source in known:
        return source, ""
    # looked up at each place a name can end, longest first: a page cites thousands of sources
    # against thousands of documents, so no scan of every name per source
    for end in reversed([m.start() for m in _NAME_ENDS.finditer(source)]):
        if source[:end] in known:
            return source[:end], source[end:].strip()
    return None, source


def _squash(text: str) -> str:
    return _SPACES.sub("", text)


def cite(source: str | None, known: dict[str, tuple[str, str]] | None = None) -> str:
    """A source as 出典 shows it: the document's title, then the table or section.

    厚木市 平成27年度 行政経営プラン実施計画 実績報告（２ 強い財政をつくる）p.4 分類２-(２)-エ;
    a section that repeats the title (000's page headings do) is not said twice. A source naming
    no known file is returned as it is.
    """
    if not isinstance(source, str) or not source:
        return ""
    known = labels() if known is None else known
    name, rest = _split(source.strip(), known)
    if name is None:
        return source
    label, title = known[name]
    if rest and _squash(rest).startswith(_squash(title)):
        # drop the title's characters from the front of rest, whatever spaces it was printed with
        count, i = len(_squash(title)), 0
        while count and i < len(rest):
            count -= not _SPACES.fullmatch(rest[i])
            i += 1
        rest = rest[i:].strip()
    if not rest:
        return label
    return label + ("" if rest[0] in "（(【「" else "、") + rest


def cite_many(sources: Iterable[str | None]) -> str:
    """Several sources as one 出典 text: each document once by title, its sections after it.

    厚木市 …実績報告（２ 強い財政をつくる）p.3 分類２-(１)-イ／（２ 強い財政をつくる）p.4 分類２-(２)-ア
    """
    known = labels()
    sections: dict[str, list[str]] = {}
    for source in sources:
        if not isinstance(source, str) or not source:
            continue
        name, _ = _split(source.strip(), known)
        if name is None:
            sections.setdefault(source, [])
            continue
        label = known[name][0]
        rest = cite(source, known)[len(label):].lstrip("、")
        sections.setdefault(label, [])
        if rest and rest not in sections[label]:
            sections[label].append(rest)
    parts = []
    for label, rests in sections.items():
        joined = "／".join(rests)
        parts.append(label + ("" if not joined else ("" if joined[0] in "（(【「" else "、") + joined))
    return "。".join(parts)


def names(sources: Iterable[str | None]) -> list[str]:
    """The distinct documents of some sources (or file names), by label, in first-seen order."""
    known = labels()
    out = []
    for source in sources:
        if isinstance(source, str) and source:
            name, _ = _split(source.strip(), known)
            out.append(known[name][0] if name else source)  # a label already, or a name not known
    return list(dict.fromkeys(out))


def files(sources: Iterable[str | None]) -> str:
    """The details line: ファイル: the distinct files the sources were read from."""
    known = labels()
    found = []
    for source in sources:
        if isinstance(source, str) and source:
            name, _ = _split(source.strip(), known)
            found.append(name or source.split(" ")[0])
    found = list(dict.fromkeys(found))
    return f"{FILES_LABEL}: " + "、".join(found) if found else ""


def cite_column(sources: Iterable[str | None]) -> list[str]:
    """`cite` of each source of a column, the titles looked up once."""
    known = labels()
    return [cite(s, known) for s in sources]


def file_column(sources: Iterable[str | None]) -> list[str]:
    """The file each source of a column was read from (the details column of a table)."""
    known = labels()
    return [(_split(s.strip(), known)[0] or s.split(" ")[0]) if isinstance(s, str) and s else ""
            for s in sources]
