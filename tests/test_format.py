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


# Data text as Streamlit's Markdown would read it, and the literal text `inert` hands it instead.
# GFM links bare URLs after parsing, where no escape reaches: a word joiner (U+2060) breaks them.
J = "\u2060"
INERT = [
    ("![x](http://127.0.0.1:9/p.png)", "!\\[x\\](http" + J + "://127.0.0.1:9/p.png)"),   # image
    ("[最新版はこちら](https://e.example)", "\\[最新版はこちら\\](https" + J + "://e.example)"),  # link
    ("<https://e.example>", "\\<https" + J + "://e.example\\>"),                      # autolink
    ("https://e.example/a", "https" + J + "://e.example/a"),                             # bare URL
    ("www.e.example", "www" + J + ".e.example"),
    ("info@e.example", "info" + J + "\\@e.example"),                                     # e-mail
    (":red[警告]", ":red\\[警告\\]"),                                                      # colour
    ("$x^2$", "\\$x^2\\$"),                                                                # LaTeX
    ("<img src=x onerror=alert(1)>", "\\<img src=x onerror=alert(1)\\>"),                # HTML
    ("**太字** _斜体_ ~~消~~ `code`", "\\*\\*太字\\*\\* \\_斜体\\_ \\~\\~消\\~\\~ \\`code\\`"),
    ("a | b", "a \\| b"),                                                                  # table cell
    ("&amp;", "\\&amp;"),                                                                  # entity
    ("-", "\\-"),                                                                          # placeholder, not a list
    ("# 見出し", "\\# 見出し"),
    ("> 引用", "\\> 引用"),
    ("1. 取組", "1\\. 取組"),
    ("9.13人", "9.13人"),
    ("行1\n- 行2", "行1\n\\- 行2"),
    ("000_96b2268ca103a618.txt", "000_96b2268ca103a618.txt"),                       # no emphasis inside a word
    ("C:\\data", "C:\\\\data"),
    # words people write stay as they are
    ("出典: 資料 (R4) 12.5% 1,200 △52", "出典: 資料 (R4) 12.5% 1,200 △52"),
    ("H27年度は未設定（H28年度から）", "H27年度は未設定（H28年度から）"),
    (12, "12"),
]


@pytest.mark.parametrize("text, shown", INERT)
def test_data_text_is_inert_in_markdown(text, shown):
    assert format.inert(text) == shown


def test_a_table_for_st_table_is_inert_in_cells_headers_and_index():
    import pandas as pd
    frame = pd.DataFrame({"[列](http://x)": ["$x$"], "n": [3]}, index=pd.Index(["<b>"], name="# 指標"))
    inert = format.inert_frame(frame)
    assert list(inert.columns) == ["\\[列\\](http" + J + "://x)", "n"]
    assert inert.iloc[0].tolist() == ["\\$x\\$", 3]
    assert inert.index.tolist() == ["\\<b\\>"] and inert.index.name == "\\# 指標"
    assert frame.iloc[0, 0] == "$x$"                                   # the caller's frame is untouched


def test_a_caption_names_the_first_documents_and_counts_the_rest():
    names = [f"資料{i:04d}.pdf" for i in range(1741)]
    text = format.document_list(names + names[:5] + [None, ""])
    assert text.startswith("資料0000.pdf、資料0001.pdf") and text.endswith(" ほか 1,733 資料")
    assert text.count("、") == format.DOCUMENTS_SHOWN - 1
    assert format.document_list(["b.txt", "a.txt", "b.txt"]) == "b.txt、a.txt"


def test_a_percentage_is_written_like_every_figure():
    from dashboard.format import percent
    assert percent(1170.0) == "1,170.0%" and percent(61.8) == "61.8%" and percent(None) == "—"
