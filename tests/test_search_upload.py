"""The initiative ↔ indicator join from an upload (issue #16): the 分類 column of both sheets, not the names."""
from __future__ import annotations

import io

import duckdb
import openpyxl

from loaders import importer
from loaders.layouts import Context

PLAN = "行政経営プラン（令和5年度）"


def _workbook() -> bytes:
    book = openpyxl.Workbook()
    kpi = book.active
    kpi.title = "成果指標"
    for row in (["市名", "計画", "年度", "分類", "取組名", "指標", "目標", "実績", "達成"],
                ["厚木市", PLAN, "R5", "1-(3)-ア", "業務継続計画（BCP）の改定", "訓練の実施回数", "2回", "2回", "〇"],
                # a 分類 no initiative of the file has: no link, whatever the names say
                ["厚木市", PLAN, "R5", "9-(9)-ア", "", "BCP訓練の参加率", "80%", "70%", "×"]):
        kpi.append(row)
    initiatives = book.create_sheet("取組")
    for row in (["市名", "計画", "分類", "取組名", "担当課"],
                ["厚木市", PLAN, "1-(3)-ア", "業務継続計画（BCP）の改定", "行政経営課・危機管理課"]):
        initiatives.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_uploaded_indicator_joins_the_initiative_of_its_code(live):
    preview = importer.prepare(_workbook(), "bcp.xlsx", live, Context())
    assert preview.ok, [str(e) for e in preview.errors]
    importer.commit(preview, live)
    con = duckdb.connect(str(live), read_only=True)
    try:
        links = con.sql("select indicator, initiative_code, initiative, department from v_indicator_initiatives "
                        "where plan = ? order by indicator", params=[PLAN]).fetchall()
    finally:
        con.close()
    assert links == [("訓練の実施回数", "1-(3)-ア", "業務継続計画（BCP）の改定", "行政経営課・危機管理課")]
