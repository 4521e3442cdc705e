"""The template workbook analysts download from the upload page: one sheet per table.

Headers are in Japanese, each field's first Japanese alias (loaders/tables.py), so the importer
maps them back to the fields; under each header row one example row whose first cell says 記入例,
which the importer never reads (importer.EXAMPLE_MARK).
"""
from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from loaders.importer import EXAMPLE_MARK
from loaders.tables import TABLES, Field

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


# One example row per sheet, as an analyst would write it; the first column (市名) says 記入例.
_PLAN = "行政経営プラン実施計画"
EXAMPLES = {
    "kpi": {"plan": _PLAN, "fiscal_year": "R5", "policy_area": "１ 強い組織をつくる", "initiative_code": "１-(１)-ア",
            "initiative": "職員研修の充実", "department": "行政経営課", "indicator": "研修の受講者数", "unit": "人",
            "direction": "higher", "target": "100人", "actual": "120人", "mark": "〇", "evaluation": "目標を達成",
            "source": "実績報告 p.3 成果指標の表"},
    "effect_amounts": {"plan": _PLAN, "estimate": "計画策定時", "policy_area_code": "Ⅰ",
                       "policy_area": "業務マネジメント改革", "fiscal_year": "R4", "value_kind": "実績",
                       "amount": "14,358", "source": "計画書 p.5 改革改善効果額の表"},
    "initiatives": {"plan": _PLAN, "phase": "前期", "policy_area": "１ 強い組織をつくる",
                    "initiative_code": "１-(１)-ア", "initiative": "職員研修の充実", "department": "行政経営課",
                    "review": "継続", "source": "計画書 p.8 取組一覧"},
    "budget": {"plan": _PLAN, "fiscal_year": "R5", "policy_area": "１ 強い組織をつくる", "project_code": "1",
               "project": "窓口のデジタル化", "department": "情報政策課", "amount": "12,000", "is_revenue": "false",
               "source": "予算書 p.12"},
    "series": {"indicator": "職員数", "fiscal_year": "R5", "value": "1,234", "unit": "人", "source": "職員数の推移 p.2"},
    "plans": {"plan": _PLAN, "period": "R4～R9", "plan_type": "実施計画", "source": "計画書 表紙", "scope": "市"},
}


def header(field: Field) -> str:
    """The header the template writes for a field: its first Japanese alias (its name if none)."""
    return field.label


def workbook_bytes() -> bytes:
    """The template as .xlsx bytes."""
    book = Workbook()
    book.remove(book.active)
    for table, title in SHEETS.items():
        sheet = book.create_sheet(title)
        for column, field in enumerate(TABLES[table], start=1):
            cell = sheet.cell(row=1, column=column, value=header(field))
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="DDEBF7")
            if field.name in NOTES:
                cell.comment = Comment(NOTES[field.name], "テンプレート")
            sheet.column_dimensions[cell.column_letter].width = 18
            if field.name in _LISTS:
                rule = DataValidation(type="list", formula1=_LISTS[field.name], allow_blank=True)
                rule.add(f"{cell.column_letter}2:{cell.column_letter}5000")
                sheet.add_data_validation(rule)
        example = {"city": EXAMPLE_MARK, **EXAMPLES[table]}
        for column, field in enumerate(TABLES[table], start=1):
            cell = sheet.cell(row=2, column=column, value=example.get(field.name))
            cell.font = Font(italic=True, color="595959")
            cell.fill = PatternFill("solid", fgColor="F2F2F2")
        sheet.cell(row=2, column=1).comment = Comment(
            "この行は記入例です。取り込まれません。3行目から書いてください（この行は消しても構いません）。", "テンプレート")
        sheet.freeze_panes = "A3"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
