"""How figures and text read on screen."""
import pytest

from dashboard import format

AMOUNTS = [
    (2_611_600, "千円", "2,611,600 千円"),
    (2_611_600, "百万円", "2,611.6 百万円"),
    (2_611_600, "億円", "26.12 億円"),
    (-52_218, "千円", "△52,218 千円"),
    (None, "千円", "—"),
    # a non-zero amount never shows as 0 in a coarser unit (issue #17: 0.00 億円)
    (4, "億円", "0.01未満 億円"),
    (-4, "億円", "△0.01未満 億円"),
    (40, "百万円", "0.1未満 百万円"),
    (500, "億円", "0.01 億円"),          # rounds to 0.01, not below it
    (0, "億円", "0.00 億円"),            # zero is zero
]


@pytest.mark.parametrize("value, unit, shown", AMOUNTS)
def test_amount_in_chosen_unit(value, unit, shown):
    assert format.amount(value, unit) == shown


@pytest.mark.parametrize("fy, shown", [(2015, "H27 (2015)"), (2022, "R4 (2022)"), (2019, "R1 (2019)"), (None, "")])
def test_fiscal_year_reads_as_era(fy, shown):
    assert format.fiscal_year(fy) == shown


def test_no_city_is_named_as_such():
    assert format.city(None) == format.city(float("nan")) == "市名記載なし"


@pytest.mark.parametrize("text", [
    "![logo](http://example.invalid/x.png)",
    "[クリック](javascript:alert(1))",
    "<img src=x onerror=alert(1)>",
    "$x^2$",
    ":red[警告]",
])
def test_data_text_is_inert_in_markdown(text):
    inert = format.inert(text)
    for token in ("![", "[", "<", "$", ":red["):
        if token in text:
            assert token not in inert.replace("\\" + token[0], "")


def test_a_caption_names_the_first_documents_and_counts_the_rest():
    names = [f"資料{i:04d}.pdf" for i in range(1741)]
    text = format.document_list(names + names[:5] + [None, ""])
    assert text.startswith("資料0000.pdf、資料0001.pdf") and text.endswith(" ほか 1,733 資料")
    assert text.count("、") == format.DOCUMENTS_SHOWN - 1
    assert format.document_list(["b.txt", "a.txt", "b.txt"]) == "b.txt、a.txt"
