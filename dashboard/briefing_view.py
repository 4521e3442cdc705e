"""The pieces of the briefing page: choose a deck, present a slide, edit the deck, export it.

A slide's URL is /briefing?deck=…&slide=N&present=1, so each slide can be opened directly.
"""
from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import streamlit as st
import streamlit.components.v1 as components

from dashboard import auth, db, deck_export, deck_files, decks, documents, format, slides
from dashboard.charts import theme
from dashboard.slides import SlideError

# A slide on screen is laid out as the exported one: the chart drawn at the slide's own size
# (deck_export.slide_spec, 840×504 px at 1280×720) on the left, the headline figures beside it. The
# chart takes the height the viewport leaves below the title and above the footer, scaled as a
# whole picture, so its type grows with the screen (×1.5 at 1920×1080) and no slide scrolls. The
# headline figures beside it grow by the same factor: their 48 px (labels 21 px) are sized for the
# chart's 507 px at 1280×720.
_SLIDE_CSS = """<style>
:root { --slide-chart: min(calc(100vh - 190px), calc((100vw - 100px) * 0.43)); }
[data-testid="stMain"], [data-testid="stAppViewContainer"] { overflow: hidden !important; }
[data-testid="stVegaLiteChart"] svg.marks,
.vega-embed:not(.fit-x) > svg.marks:has(g.role-scope.cell) { height: var(--slide-chart) !important;
  width: auto !important; max-width: 100%; display: block; margin: 0 auto 0 0; }
[data-testid="stColumn"] [data-testid="stMetricValue"] { font-size: calc(var(--slide-chart) * 48 / 507) !important; }
[data-testid="stColumn"] [data-testid="stMetricLabel"] p { font-size: calc(var(--slide-chart) * 20.8 / 507) !important; }
[data-testid="stVegaLiteChart"] { width: 100% !important; }
[data-testid="stMainBlockContainer"] { padding-top: 0.8rem !important; }
[data-testid="stMetricLabel"] p, [data-testid="stMetricLabel"] div { white-space: normal !important; overflow: visible !important; }
</style>"""


# ← / → (and a presenter remote's PageUp / PageDown) press the slide's own buttons. Our own static
# script in a component frame; it listens on the page once.
_ARROW_KEYS = """<script>
const page = window.parent.document;
if (!page.plansArrowKeys) {
  page.plansArrowKeys = true;
  page.addEventListener("keydown", (event) => {
    if (event.target.closest && event.target.closest("input, textarea, [contenteditable]")) return;
    const label = {ArrowRight: "次へ", PageDown: "次へ", ArrowLeft: "前へ", PageUp: "前へ"}[event.key];
    if (!label) return;
    const button = [...page.querySelectorAll("button")].find((b) => b.innerText.includes(label));
    if (button && !button.disabled) { event.preventDefault(); button.click(); }
  });
}
</script>"""


def current_deck(names: list[str]) -> str:
    """The deck named in the URL, else the first; choosing another updates the URL."""
    wanted = st.query_params.get("deck")
    deck = wanted if wanted in names else names[0]
    chosen = st.sidebar.selectbox("デッキ", names, index=names.index(deck))
    if chosen != wanted:
        st.query_params["deck"] = chosen
        if chosen != deck:
            st.query_params["slide"] = "1"
            st.rerun()
    return chosen


def slide_number(count: int) -> int:
    try:
        number = int(st.query_params.get("slide", "1"))
    except ValueError:
        number = 1
    return min(max(number, 1), count)


def stamp(deck: str) -> str:
    """Which data a slide shows and when it was drawn: no one presents stale figures unknowingly."""
    return f"{deck_files.stamp_text(deck)}・{dt.datetime.now():%Y-%m-%d %H:%M} 作成"


def short_source(source: str) -> str:
    """「出典: 厚木市 平成27年度 行政経営プラン実施計画 実績報告 ほか 1 資料」: the first document
    a source line names, whole, and how many more. Documents are found by their labels, never by
    splitting at 、 or a space: a label has spaces and a section is written after 、."""
    text = source.removeprefix("出典: ")
    found: dict[str, int] = {}
    for label, _ in documents.labels().values():
        at = text.find(label)
        if label and at >= 0:
            found[label] = at
    # a label inside a longer one found at the same place is that one, not another document
    named = [label for label in found
             if not any(other != label and label in other and found[other] <= found[label] < found[other] + len(other)
                        for other in found)]
    if not named:
        return source
    first = min(named, key=found.get)
    more = f" ほか {len(named) - 1} 資料" if len(named) > 1 else ""
    return f"出典: {first}{more}"


@st.cache_data(show_spinner=False, max_entries=64)
def _slide_spec(chart_json: str) -> dict:
    """The chart as the exported slide draws it (sized for the slide's chart box, room type), in
    the browser's fonts: the layout was fitted in the export font, whose kana and kanji are one em
    wide as in these."""
    spec = deck_export.slide_spec(_Spec(json.loads(chart_json)))
    padding = spec.get("padding", 5)
    if not isinstance(padding, dict):       # Streamlit sets the sides of an object on its own
        spec["padding"] = {side: padding for side in ("top", "bottom", "left", "right")}
    # The plot's own size, the picture growing around it (as vl-convert drew it): Streamlit's
    # "fit" would squeeze the whole picture into the plot's height.
    spec["autosize"] = {"type": "pad", "contains": "padding"}
    config = spec.setdefault("config", {})
    config["font"] = theme.FONT
    for value in config.values():
        if isinstance(value, dict):
            for key in ("labelFont", "titleFont", "subtitleFont", "font"):
                if key in value:
                    value[key] = theme.FONT
    return spec


class _Spec:
    """A chart's Vega-Lite dict where deck_export expects a chart (it calls to_dict only)."""

    def __init__(self, spec: dict):
        self._spec = spec

    def to_dict(self) -> dict:
        return json.loads(json.dumps(self._spec))


def _go(number: int) -> None:
    st.query_params["slide"] = str(number)


def present(deck: str, deck_slides: pd.DataFrame) -> None:
    """One slide, full screen: title, headline figures, the chart, sources; previous / next."""
    number = slide_number(len(deck_slides))
    row = deck_slides.iloc[number - 1]
    st.html(_SLIDE_CSS)
    st.header(format.inert(row.title), anchor=False)
    try:
        slide = deck_files.draw(row.view, row.params, deck_files.batch_of(deck))
    except SlideError as exc:
        st.warning(f"このスライドは今のデータでは描けません: {format.inert(exc)}")
        slide = None
    chart_box, panel = st.columns([deck_export.CHART_BOX[2], deck_export.HEADLINE_BOX[2]], gap="medium")
    # The figures first: they are text, at once; the chart's fitting to the slide takes a moment.
    if slide is not None and slide.headlines:
        for label, value in slide.headlines:
            # as the exported slide writes them: 「R9 (2027)」 and 「2,611.6 百万円」 never broken apart
            panel.metric(format.inert(deck_export.keep_years(label)), format.inert(deck_export.keep_units(value)))
    if slide is not None and slide.chart is not None:
        with chart_box:
            st.vega_lite_chart(_slide_spec(json.dumps(slide.chart.to_dict(), ensure_ascii=False, sort_keys=True)),
                               width="content", theme=None)
    elif slide is not None:
        chart_box.info(slide.empty)
    # The first document whole and a count, short enough for one line; the full list is on the
    # exported slide and in the deck page. A longer name wraps: a source is never cut.
    where_from = f"{format.inert(short_source(slide.source))}  \n" if slide is not None else ""
    back, where, forward, leave = st.columns([1, 8, 1, 1], vertical_alignment="center")
    back.button("← 前へ", on_click=_go, args=(number - 1,), disabled=number == 1, key="previous")
    # the version stamp on a line of its own, so a wrapped line never splits its date
    where.container(key="slide_footer").caption(f"{number} / {len(deck_slides)}　{where_from}{format.inert(stamp(deck))}")
    forward.button("次へ →", on_click=_go, args=(number + 1,), disabled=number == len(deck_slides), key="next")
    leave.button("終了", on_click=_stop, key="stop", type="tertiary")
    components.html(_ARROW_KEYS, height=0)


def editor(deck: str, deck_slides: pd.DataFrame) -> None:
    """Reorder, edit and remove slides; start presenting from any slide."""
    st.caption("スライドは保存したときの絞り込み条件（計画・時点・市・年度・単位など、すべて）で描きます。")
    who = auth.require_writer("デッキの編集（並べ替え・編集・削除）", key="sign_in_editor")
    _offer_undo(deck)
    for row in deck_slides.itertuples():
        with st.container(border=True):
            head, buttons = st.columns([3, 2], vertical_alignment="center")
            head.markdown(f"**{row.position}. {format.inert(row.title)}**")
            head.caption(f"{slides.VIEWS.get(row.view, ('', row.view))[1]}　条件: {format.inert(slides.describe(row.params))}")
            up, down, show, drop = buttons.columns([1, 1, 1.6, 1.6])
            up.button("↑", key=f"up{row.position}", on_click=auth.as_writer, args=(decks.move_slide, deck, row.position, -1),
                      disabled=row.position == 1 or not who, help="前へ移動")
            down.button("↓", key=f"down{row.position}", on_click=auth.as_writer, args=(decks.move_slide, deck, row.position, 1),
                        disabled=row.position == len(deck_slides) or not who, help="後ろへ移動")
            show.button("発表", key=f"show{row.position}", on_click=_present_from, args=(row.position,),
                        help="このスライドから発表モードで表示")
            drop.button("削除", key=f"drop{row.position}", on_click=_remove, args=(deck, row), disabled=not who,
                        help="削除したあと「元に戻す」で戻せます")
            with st.expander("タイトルと発表メモを編集"):
                with st.form(f"edit{row.position}"):
                    title = st.text_input("タイトル", row.title)
                    notes = st.text_area("発表メモ（スピーカーノート）", row.notes or "")
                    if st.form_submit_button("保存", disabled=not who):
                        auth.as_writer(decks.update_slide, deck, row.position, title.strip() or row.title, notes)
                        st.rerun()


def _remove(deck: str, row) -> None:
    """Delete a slide, keeping what it was for 「元に戻す」 in this session."""
    auth.as_writer(decks.remove_slide, deck, row.position)
    if auth.writer():
        st.session_state["removed_slide"] = {"deck": deck, "position": row.position, "title": row.title,
                                             "view": row.view, "params": row.params, "notes": row.notes or ""}


def _offer_undo(deck: str) -> None:
    removed = st.session_state.get("removed_slide")
    if not removed or removed["deck"] != deck:
        return
    note, undo = st.columns([6, 1], vertical_alignment="center")
    note.info(f"{removed['position']} 枚目「{format.inert(removed['title'])}」を削除しました。", icon=":material/delete:")
    undo.button("元に戻す", on_click=_undo, key="undo_remove", type="primary")


def _undo() -> None:
    auth.as_writer(decks.insert_slide, **st.session_state.pop("removed_slide"))


def _stop() -> None:
    st.query_params.pop("present", None)


def _present_from(position: int) -> None:
    st.query_params["slide"] = str(position)
    st.query_params["present"] = "1"


def exports(deck: str, deck_slides: pd.DataFrame) -> None:
    """Start presenting, or download the deck; drawn on the server with the export font."""
    start, pptx, pdf, pin = st.columns(4, vertical_alignment="center")
    start.button("発表を始める", type="primary", on_click=_present_from, args=(1,), icon=":material/slideshow:")
    frozen = decks.frozen(deck)
    if frozen:
        pin.button("固定を解除", on_click=deck_files.unfreeze, args=(deck,), icon=":material/lock_open:",
                   help="今のデータで描くように戻します。")
        st.caption(f"デッキ「{format.inert(deck)}」: {len(deck_slides)} 枚。{format.inert(deck_files.stamp_text(deck))}"
                   f"（{frozen['frozen_at'].replace('T', ' ')} に固定）。後の取込はこのデッキの図を変えません。")
    else:
        pin.button("この版で固定", on_click=deck_files.freeze, args=(deck,), icon=":material/lock:",
                   help="会議用に、いまのデータ版で図を固定します。後で取り込んだデータは反映されません。")
        st.caption(f"デッキ「{format.inert(deck)}」: {len(deck_slides)} 枚。書き出すと、いまのデータで描いた図が入ります。")
    try:
        images = _deck_images(deck, db.database().version(), decks.fingerprint(deck))
    except deck_files.DeckError as exc:
        st.warning(f"書き出せません: {format.inert(exc)}")
        return
    pptx.download_button("PowerPoint（.pptx）", deck_export.to_pptx(images, title=deck),
                         file_name=deck_export.safe_filename(deck, "pptx"), icon=":material/download:",
                         mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
                         on_click="ignore")
    pdf.download_button("PDF", deck_export.to_pdf(images, title=deck), file_name=deck_export.safe_filename(deck, "pdf"),
                        mime="application/pdf", icon=":material/download:", on_click="ignore")


    if frozen:
        changes_since(deck)


def changes_since(deck: str) -> None:
    """「固定後の変更」: per slide, the figures that differ in the current data, or 変更なし."""
    st.subheader(deck_files.CHANGES_TITLE, divider="gray")
    titles = dict(zip(decks.slides(deck)["position"], decks.slides(deck)["title"]))
    for position, found in _changes(deck, db.database().version(), decks.fingerprint(deck)).items():
        if not found:
            st.text(f"{position}枚目「{titles[position]}」: {deck_files.NO_CHANGE}")
            continue
        st.text(f"{position}枚目「{titles[position]}」: {len(found)} 件")
        st.dataframe(pd.DataFrame([{"項目": c.what, "固定時": c.old, "今のデータ": c.new, "変えた取込": c.batches}
                                   for c in found]), hide_index=True)


@st.cache_data(show_spinner="固定後の変更を調べています…", max_entries=16)
def _changes(deck: str, version: str, fingerprint: str) -> dict:
    return deck_files.changes(deck)


@st.cache_data(show_spinner="スライドを描いています…", max_entries=16)
def _deck_images(deck: str, version: str, fingerprint: str) -> list:
    # Keyed on the data version and the deck as stored: redrawn when either changes.
    return deck_files.images(deck)
