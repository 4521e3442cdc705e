"""Load errors: every cell that cannot be read, with where it is and how to fix it."""
from __future__ import annotations

from dataclasses import dataclass


def column_letter(index: int) -> str:
    """Excel's column name for a 1-based index: 1 -> A, 27 -> AA."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass(frozen=True)
class CellError:
    """One cell that cannot be read; row and column as a spreadsheet shows them (1-based)."""

    file: str
    sheet: str | None
    row: int | None
    column: str | None
    text: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.sheet:
            where.append(f"シート「{self.sheet}」")
        if self.row is not None:
            where.append(f"{self.row}行目")
        if self.column:
            where.append(f"列「{self.column}」")
        seen = f"（入力値:「{self.text}」）" if self.text not in (None, "") else ""
        return " / ".join(where) + f": {self.message}{seen}"


class LoadError(Exception):
    """Every error found in one load; nothing was written."""

    def __init__(self, errors: list[CellError]):
        self.errors = list(errors)
        super().__init__(self.report())

    def report(self) -> str:
        head = f"{len(self.errors)}件のエラーがあるため、読み込みを中止しました（データベースは変更されていません）。"
        return "\n".join([head, *(str(e) for e in self.errors)])
