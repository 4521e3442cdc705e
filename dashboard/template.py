"""The template workbook analysts download from the upload page: one sheet per table."""
from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from loaders.tables import TABLES

SHEETS = {"kpi": "成果指標", "effect_amounts": "効果額", "initiatives": "取組", "budget": "事業費",
          "series": "統計", "plans": "計画"}
NOTES = {
    "city": "市名（例: 厚木市）。資料に市名がなければ空欄",
    "plan": "計画名。まだない計画は取込時に作成されます",
    "fiscal_year": "年度: R4 / 令和4年度 / H27 / 2022 など",
    "period": "期間: R4～R9 など（年度でなく期間の値のとき）",
    "target": "目標: 数値と単位（15件, 12.5%）または言葉（黒字）",
    "actual": "実績: 数値と単位、または言葉。未設定は - のまま",
    "mark": "達成マーク: 〇 × - △ ◎",
    "direction": "higher（高いほど良い）/ lower（低いほど良い）",
    "amount": "金額（千円）。負の数は △ を付けても可",
    "value_kind": "実績 / 見込み / 計画",
    "estimate": "時点（例: 計画策定時）",
    "source": "出典（資料名と表・ページ）",
    # the join of an indicator to its initiative (issue #16): data, never a guess from the names
    "initiative_code": "分類・番号（例: １-(３)-ア）。成果指標と取組で同じ値にすると、指標がその取組に結びつきます",
    "is_revenue": "歳入なら true、歳出なら false",
}
_LISTS = {
    "mark": '"〇,×,-,△,◎"',
    "direction": '"higher,lower"',
    "value_kind": '"実績,見込み,計画"',
    "is_revenue": '"true,false"',
    "fiscal_year": '"' + ",".join(f"R{n}" for n in range(1, 13)) + '"',
    "unit": '"千円,百万円,億円,%,件,人,団体,時間"',
}


def workbook_bytes() -> bytes:
    """The template as .xlsx bytes."""
    book = Workbook()
    book.remove(book.active)
    for table, title in SHEETS.items():
        sheet = book.create_sheet(title)
        for column, field in enumerate(TABLES[table], start=1):
            cell = sheet.cell(row=1, column=column, value=field.name)
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="DDEBF7")
            if field.name in NOTES:
                cell.comment = Comment(NOTES[field.name], "テンプレート")
            sheet.column_dimensions[cell.column_letter].width = 18
            if field.name in _LISTS:
                rule = DataValidation(type="list", formula1=_LISTS[field.name], allow_blank=True)
                rule.add(f"{cell.column_letter}2:{cell.column_letter}5000")
                sheet.add_data_validation(rule)
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
