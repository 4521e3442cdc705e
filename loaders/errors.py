"""Load errors as data: a code, where the cell is, the text seen, and a Japanese template that
says how to fix it (the shape of frictionless' cell errors: codes and templates live here, not
inline at the call sites)."""
from __future__ import annotations

from dataclasses import asdict, dataclass


def column_letter(index: int) -> str:
    """Excel's column name for a 1-based index: 1 -> A, 27 -> AA."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


# One template per code; `{…}` names are filled from the keyword arguments of `located()`.
TEMPLATES: dict[str, str] = {
    "cell": "{reason}",
    "file-rejected": "{reason}",
    "internal": "このファイルの確認中に予期しない問題が起きました。ファイルを保存し直すか、管理者に連絡してください。",
    # What the bytes are (loaders/guard.py)
    "empty-file": "ファイルが空です。内容のあるファイルを選んでください。",
    "file-too-large": "ファイルが大きすぎます（{size}）。上限は {limit} です。ファイルを分けてください。",
    "pdf": "PDF は読み込めません。表を Excel（.xlsx）か CSV にしてください。",
    "password": "パスワード付きのブックは読み込めません。Excel でパスワードを解除し、保存し直してください。",
    "not-a-table-file": "Excel のブックでも CSV でもありません。.xlsx / .xls / .xlsb / .ods か CSV で保存してください。",
    "extension-mismatch": "拡張子は .{extension} ですが、中身は {said} です。正しい拡張子で保存し直してください。",
    "extension-unknown": "拡張子 .{extension} のファイルは読み込めません。.xlsx / .xls / .xlsb / .ods か .csv にしてください。",
    "not-a-workbook": "Excel ファイルとして開けません（壊れているか、別の形式です）。Excel で開いて保存し直してください。",
    "no-workbook-part": "ブックの本体（{part}）が見つかりません。Excel で開いて保存し直してください。",
    "zip-entries": "ブック内の部品が多すぎます（{entries:,} 個、上限 {limit:,} 個）。ブックを分けてください。",
    "zip-unreadable": "Excel ファイルの中身を展開できません。Excel で開いて保存し直してください。",
    "zip-inflated": "ブックを展開すると {limit} を超えます。ブックを分けるか、不要なシートを削除してください。",
    "xml-entities": "ブックの中に、展開すると大きくなる定義（XML のエンティティ）があります。"
                    "安全のため読み込みません。Excel で開いて保存し直してください。",
    "xml-malformed": "ブックの中身（{part}）が壊れています。Excel で開いて保存し直してください。",
    "sheet-extent": "シートの使用範囲が {cell} まであり、上限（{max_rows:,} 行・{max_columns:,} 列）を超えています。"
                    "{cell} 付近の不要なセルを削除して保存し直してください。",
    "too-many-rows": "データの行数が上限を超えています（{rows:,} 行、上限 {limit:,} 行）。ファイルを分けてください。",
    "csv-line-too-long": "1行が {limit} を超えています（改行のない CSV か、別の形式のファイルです）。"
                         "改行で区切られた CSV として保存し直してください。",
    "csv-bare-cr": "項目の中に改行コード CR（\\r）だけの改行があります。"
                   "その改行を削除するか、Excel で開いて CSV として保存し直してください。",
    "csv-malformed": "CSV として区切れません（引用符 \" の対応が取れていないか、1つの項目が長すぎます）。"
                     "Excel で開いて CSV として保存し直してください。",
    "encoding-unknown": "文字コードを判定できません。UTF-8 または Shift_JIS の CSV として保存し直してください。",
    "encoding-mixed": "この行から文字コードが変わっています（それまでは {encoding}）。"
                      "ファイル全体を UTF-8 または Shift_JIS の1つの文字コードで保存し直してください。",
    # What the cells are
    "error-value": "セルがエラー値です。参照先や式を直して、値が表示される状態で保存してください。",
    "uncached-formula": "式の計算結果が保存されていません。Excel で開いて保存し直すか、値として貼り付けてください。",
    "external-link": "このセルの値は別のブックから取られています（式「{formula}」）。保存されている値が最新とは限らないため読み込みません。"
                     "値として貼り付けてから保存し直してください。",
    "dde-link": "このセルの値は他のアプリケーションとの DDE リンクから取られています（式「{formula}」）。"
                "値として貼り付けてから保存し直してください。",
    # The municipality list (loaders/municipalities.py)
    "municipality-code": "全国地方公共団体コードは6桁で、最後の桁が検査数字と一致する必要があります。",
    "municipality-name-blank": "市名を入力してください。",
    "municipality-duplicate": "同じ市名が2回あります。",
    "former-city-ambiguous": "「{text}」は合併などでなくなった市町村の名前で、どれを指すか決められません（{choices}）。"
                             "都道府県名から書くか（例: {example}）、今の市町村名で書いてください。",
    "unknown-city": "この市は市町村一覧（data/municipalities.csv）にありません。市名の表記を確認するか、一覧に追加してください。",
    # The isolated reader (loaders/isolation.py)
    "limit-memory": "確認に使うメモリが上限 {limit} に達したため、確認を中止しました（{detail}）。"
                    "シートの不要な行・列を削除するか、ファイルを分けてください。",
    "limit-time": "確認が時間の上限 {limit} 秒を超えたため中止しました。ファイルを分けるか、不要なシートを削除してください。",
    "reader-crashed": "ファイルを読む処理が異常終了しました（{detail}）。メモリの上限 {limit} に達したか、ファイルが壊れています。"
                      "Excel で開いて保存し直してください。",
}

# Figures that would otherwise load wrong without a word (issue #12, cells to rows).
TEMPLATES.update({
    "duplicate-header": "{first}列と{column}列の見出しがどちらも「{header}」です。"
                        "どちらの列を読むか決められないため、一方の見出しを直すか列を削除してください。",
    "duplicate-field": "{first}列「{first_header}」と{column}列「{header}」はどちらも「{field}」の列です。"
                       "1列にまとめるか、一方を削除してください。",
    "duplicate-year": "{first}列と{column}列がどちらも{year}年度の{what}です。"
                      "年度の見出しを確認し、1列にしてください。",
    "number-not-finite": "「{text}」は数値として保存できません（無限大・非数・桁数が大きすぎる数）。"
                         "正しい数値を入力してください。",
    "year-header": "{column}列の見出しを年度として読めません。"
                   "年度（例: 令和4年度、R4、2022年度）と書くか、年度でない列なら見出しを変えてください。",
    "total-row": "{label}の行 {printed} が、同じ表の{parts}の合計 {computed} と一致しません。"
                 "金額か合計を確認してください。",
    "printed-total": "{what}: 印刷された {printed} 千円が、計算した {computed} 千円と一致しません。"
                     "金額か合計を確認してください。",
    "unheaded-cell": "見出しのない列に値があります。この値は読み込めないため、列に見出しを付けるか、値を削除してください。",
    "unread-column": "「{header}」の列はこの形式の表では読み込めません。値を削除するか、列を別のシートに移してください。",
    "title-conflict": "ファイルの見出しには「{named}」とありますが、取込画面で選んだ{label}は「{chosen}」です。"
                  "どちらが正しいか確認し、選択を直すか見出しを直してください。",
})

# Cells around a table that would vanish without a word: every filled cell is read or named.
TEMPLATES.update({
    "second-table": "この行から2つ目の表（見出し行）が始まっています。1つのシートには表を1つにして、"
                    "2つ目の表は別のシートに移してください。",
    "outside-figure": "表の見出し行より上に数値があります。どの項目の数値か読めないため、表の中に移すか削除してください。",
    "heading-figure": "見出しの行に数値があります。見出しとして読めないため、見出しの言葉に直すか、"
                      "値を表の中（見出しの下の行）に移してください。",
    "unit-not-read": "この形式の表（縦長の表）は単位の注記「{text}」を読みません。"
                     "金額を千円で書き直すか、セルごとに単位を付けてください（例: 1,000百万円）。",
})


@dataclass(frozen=True)
class CellError:
    """One cell (or file, or row) that cannot be read; row and column as a spreadsheet shows them.

    `row` is Excel's 1-based row number, `column` its letter (or a field name where a file has no
    letters), `header` the column's heading as written, `sheet` None for a CSV.
    """

    file: str
    sheet: str | None
    row: int | None
    column: str | None
    text: str | None
    message: str
    code: str = "cell"
    header: str | None = None

    def __post_init__(self):
        if self.row is not None and not isinstance(self.row, int):
            object.__setattr__(self, "row", int(self.row))  # 4.0 from a frame is row 4

    def where(self) -> str:
        parts = [self.file]
        if self.sheet:
            parts.append(f"シート「{self.sheet}」")
        if self.row is not None:
            parts.append(f"{self.row}行目")
        if self.column and self.header and self.header != self.column:
            parts.append(f"{self.column}列「{self.header}」")
        elif self.column:
            parts.append(f"列「{self.column}」")
        elif self.header:
            parts.append(f"列「{self.header}」")
        return " / ".join(parts)

    def __str__(self) -> str:
        seen = f"（入力値:「{self.text}」）" if self.text not in (None, "") else ""
        return f"{self.where()}: {self.message}{seen}"

    def as_dict(self) -> dict:
        return asdict(self)


def located(code: str, *, file: str, sheet: str | None = None, row: int | None = None,
            column: str | None = None, header: str | None = None, text: str | None = None,
            **params) -> CellError:
    """A CellError whose message is the template of `code` filled with `params` (and the
    location's own column, header and text, which a template may name too)."""
    message = TEMPLATES[code].format(**{"column": column, "header": header, "text": text, **params})
    return CellError(file, sheet, row, column, text, message, code, header)


class LoadError(Exception):
    """Every error found in one load; nothing was written."""

    def __init__(self, errors: list[CellError]):
        self.errors = list(errors)
        super().__init__(self.report())

    def report(self) -> str:
        head = f"{len(self.errors)}件のエラーがあるため、読み込みを中止しました（データベースは変更されていません）。"
        return "\n".join([head, *(str(e) for e in self.errors)])
