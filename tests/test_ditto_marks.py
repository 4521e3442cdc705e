"""A ditto mark (〃, 同上, 同左) stands for a value the analyst did not write: it is refused naming
its cell and the value above, never read as words (an indicator named 〃) or guessed from above."""
from __future__ import annotations

import pytest

from tests.test_importer import EFFECT_ROWS, prepare, refused, xlsx

HEADER = "市名,計画,年度,政策分野,取組,担当課,指標,単位,目標,実績\n"
FIRST = "綾瀬市,テスト計画,R5,行政改革,窓口改善,市民課,待ち時間,分,15,12\n"


def _errors(preview):
    return {(e.row, e.column): (e.header, e.text, str(e.message)) for e in preview.errors}


def test_each_ditto_cell_of_a_long_table_is_refused_with_the_value_above(live):
    data = (HEADER + FIRST + "綾瀬市,テスト計画,R6,〃,〃,〃,〃,分,15,〃\n").encode()
    errors = _errors(refused(live, data, "kpi.csv"))
    assert set(errors) == {(3, "D"), (3, "E"), (3, "F"), (3, "G"), (3, "J")}
    header, seen, message = errors[(3, "F")]
    assert (header, seen) == ("担当課", "〃")
    assert "上の行と同じという意味の記号" in message and "（上の行は「市民課」）" in message
    assert "（上の行は「12」）" in errors[(3, "J")][2]


@pytest.mark.parametrize("mark", ["同上", "＂", "″", "”", " 〃 ", "同左", "仝"])
def test_every_spelling_of_a_ditto_mark_is_refused(live, mark):
    data = (HEADER + FIRST + f"綾瀬市,テスト計画,R6,行政改革,窓口改善,{mark},待ち時間,分,15,13\n").encode()
    (header, seen, message), = _errors(refused(live, data, "kpi.csv")).values()
    assert (header, seen) == ("担当課", mark.strip())
    assert ("左の列" if "左" in mark else "上の行") in message


def test_a_ditto_amount_or_area_in_a_year_column_table_is_refused(live):
    rows = [list(row) for row in EFFECT_ROWS]
    rows[4][2], rows[5][0] = "〃", "同上"
    errors = refused(live, xlsx(rows, "効果額"), "効果額.xlsx", plan="新計画", estimate="後期アクションプラン策定時").errors
    assert [(e.row, e.column[0], e.text) for e in errors if e.text in ("〃", "同上")] == [(5, "C", "〃"), (6, "A", "同上")]


def test_words_that_merely_contain_a_ditto_mark_stay_words(live):
    data = (HEADER + FIRST + "綾瀬市,テスト計画,R6,行政改革,窓口改善,市民課,待ち時間,分,15,同上の理由により未実施\n").encode()
    preview = prepare(live, data, "kpi.csv")
    assert preview.ok, [str(e) for e in preview.errors]
