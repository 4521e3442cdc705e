-- The plan database. Fact tables keep every row any batch ever loaded: `batch_id` says which
-- load wrote it, `retired_by` which later load replaced it (NULL while it is current). The v_*
-- views show current rows only and are the contract for pages, importer, tests and analysts.

create table meta (key varchar primary key, value varchar not null);

create table batches (
    batch_id     integer primary key,
    kind         varchar not null,          -- seed | import | restore
    file_name    varchar,
    sha256       varchar,
    size_bytes   bigint,
    sheets       varchar,
    row_counts   varchar,                   -- JSON: table -> rows
    scopes       varchar,                   -- JSON: [[table, city, plan, estimate], ...] this batch replaced
    restores     integer,                   -- for kind restore: the batch whose effect was undone
    loaded_by    varchar,
    loaded_at    timestamp not null,
    note         varchar
);

create table municipalities (
    name               varchar primary key,
    code               varchar not null unique,
    prefecture         varchar not null,
    kind               varchar,
    population         integer,
    population_date    varchar,
    population_source  varchar
);

create table status_words (
    city      varchar,                      -- NULL: every city
    column_name varchar not null,           -- mark | evaluation
    word      varchar not null,
    status    varchar not null check (status in ('achieved', 'partly', 'not_achieved', 'not_judged')),
    -- NULL: from data/status_words.csv; else the upload batch whose analyst gave the word its meaning
    -- at preview (issue #16), retired by a later mapping of the same word or by a restore.
    -- One current row per (city, column_name, word): seed.read_reference and importer.commit check it.
    batch_id   integer,
    retired_by integer
);

-- The common theme of a plan's pillar, or of one initiative under it (issue #16): a row with an
-- initiative maps that initiative and wins over its pillar's row. area_kind says what the
-- document's grouping is: 柱 (a pillar, 基本方針) or 目標の区分 (アウトプット / アウトカム).
create table themes (
    city        varchar,
    plan        varchar,
    policy_area varchar not null,
    theme       varchar not null,
    initiative  varchar,
    area_kind   varchar not null default '柱' check (area_kind in ('柱', '目標の区分')),
    -- NULL: from data/themes.csv; else the upload batch that mapped a new pillar at preview (as status_words)
    batch_id    integer,
    retired_by  integer
);

-- Staff figures the documents print, for the staffing comparison (data/staffing.csv, issue #16):
-- baseline, target and actual as printed, with their year; a figure a document does not print
-- has no row (never estimated).
create table staffing (
    city        varchar,
    plan        varchar not null,
    measure     varchar not null,           -- 職員数 | 職員定数, as the document calls it
    role        varchar not null check (role in ('基準', '目標', '実績')),
    fiscal_year varchar,                    -- as printed (平成25年度, 今後5年間)
    value       varchar not null,           -- as printed (4,620人, 30人(4.6%)削減)
    note        varchar,
    source      varchar not null
);

create table known_discrepancies (
    check_name varchar not null,
    city       varchar,
    plan       varchar not null,
    item       varchar not null,
    note       varchar not null
);

-- The source documents by title (data/documents.csv): what a 出典 line names instead of a file.
create table documents (
    id          varchar primary key,
    file_name   varchar not null unique,
    title       varchar not null,
    title_note  varchar,                    -- NULL: the title as printed; else how it was named
    city        varchar not null,           -- 記載なし where the document names no city
    department  varchar not null,
    issued      varchar not null,           -- date or fiscal year as printed, or 記載なし
    kind        varchar not null,
    sections    varchar
);

create table plans (
    batch_id integer not null, retired_by integer,
    city varchar, plan varchar not null, plan_type varchar, parent_plan varchar,
    period_text varchar, period_start_fy integer, period_end_fy integer,
    source varchar not null,
    period_note varchar,                    -- NULL: printed; else why the period is inferred
    scope varchar,                          -- 市 | 局 | 区 | 部 | 課; NULL: not stated (issue #16)
    scope_unit varchar                      -- the bureau / division the plan covers (総務局)
);

create table kpi (
    batch_id integer not null, retired_by integer,
    city varchar, plan varchar not null, fiscal_year integer, period varchar,
    policy_area varchar, initiative_code varchar, initiative varchar, department varchar,
    indicator varchar not null, unit varchar,
    direction varchar check (direction in ('higher', 'lower')),
    target_value double, target_bound varchar, target_text varchar, target_printed varchar,
    actual_value double, actual_bound varchar, actual_text varchar, actual_printed varchar,
    mark varchar, mark_key varchar, evaluation varchar,
    source varchar not null,
    -- read around the number (numbers.read_figure): 約 (approximate), the parenthetical as printed
    -- (note) and, when it is a figure, that figure: 30人(4.6%) -> 30 人, second 4.6 %
    target_approximate boolean not null default false, target_note varchar,
    target_second_value double, target_second_unit varchar,
    actual_approximate boolean not null default false, actual_note varchar,
    actual_second_value double, actual_second_unit varchar
);

create table effect_amounts (
    batch_id integer not null, retired_by integer,
    city varchar, plan varchar not null, estimate varchar not null,
    policy_area_code varchar, policy_area varchar not null,
    fiscal_year integer not null, value_kind varchar not null check (value_kind in ('実績', '見込み', '計画')),
    amount_thousand_yen double not null, amount_printed varchar,
    source varchar not null
);

create table effect_printed_totals (
    batch_id integer not null, retired_by integer,
    city varchar, plan varchar not null, estimate varchar,
    total_kind varchar not null check (total_kind in ('year_total', 'area_total', 'grand_total', 'comparison')),
    policy_area_code varchar, fiscal_year integer,
    amount_thousand_yen double not null, amount_printed varchar,
    source varchar not null
);

create table initiatives (
    batch_id integer not null, retired_by integer,
    city varchar, plan varchar not null, phase varchar, policy_area varchar, strategy varchar,
    initiative_code varchar, initiative varchar not null, department varchar,
    review varchar, successor varchar,
    source varchar not null
);

create table budget (
    batch_id integer not null, retired_by integer,
    city varchar, plan varchar not null, fiscal_year integer, policy_area varchar,
    project_code varchar, project varchar not null, department varchar,
    amount_thousand_yen double, amount_printed varchar, is_revenue boolean not null,
    source varchar not null
);

create table series (
    batch_id integer not null, retired_by integer,
    city varchar, indicator varchar not null, fiscal_year integer not null,
    value double, value_printed varchar, unit varchar,
    source varchar not null,
    value_approximate boolean not null default false, value_note varchar
);

-- The documents' own words (issue #15): 000's 取組内容 / 計画 / 実績, 001's Keep / Problem / Try,
-- 004's 評価, 現状と課題, 役割・目標 … held per initiative or indicator, shown as text, never Markdown.
create table texts (
    batch_id integer not null, retired_by integer,
    city varchar, plan varchar not null, section varchar not null,
    initiative_code varchar, indicator varchar, fiscal_year integer,
    kind varchar not null, item varchar, text varchar not null,
    source varchar not null
);

-- Conditions and rules with a numeric threshold and its direction (002, 7-2 具体的な取組例).
create table rules (
    batch_id integer not null, retired_by integer,
    city varchar, plan varchar not null, section varchar not null, body varchar not null, item varchar,
    rule varchar not null, subject varchar,
    threshold_value double, threshold_unit varchar, threshold_bound varchar, threshold_printed varchar,
    source varchar not null
);

-- A schedule: dated meetings and their content (002, 2-1).
create table schedule (
    batch_id integer not null, retired_by integer,
    city varchar, plan varchar not null, section varchar not null, item varchar not null,
    fiscal_year integer, date varchar not null, content varchar,
    source varchar not null
);

-- A total printed over statistics (000's 未利用地売却額 合計): `parts` is the indicator prefix of the
-- series rows it adds up; `loaders check` sums them. It is never a row of v_series.
create table series_totals (
    batch_id integer not null, retired_by integer,
    city varchar, total varchar not null, parts varchar not null, fiscal_year integer not null,
    value double, value_printed varchar, unit varchar,
    source varchar not null,
    value_approximate boolean not null default false, value_note varchar
);

-- Figures printed inside the documents' words (issue #15), each cited to the held cell it sits in
-- (`held_in`) and read by numbers.read_figure: value, unit, bound (以上 / 以下 / 未満 kept), 約,
-- the sign of a change, the parenthetical as a note. `fiscal_year` is the year the text gives the
-- figure; figure_year the one its own parenthetical gives (2.8%(H23)).
create table figures (
    batch_id integer not null, retired_by integer,
    city varchar, plan varchar not null, section varchar not null,
    initiative_code varchar, indicator varchar, held_in varchar not null, fiscal_year integer,
    subject varchar not null,
    figure_value double, figure_unit varchar, figure_bound varchar, figure_text varchar,
    figure_year integer, figure_signed boolean not null default false, figure_printed varchar not null,
    figure_approximate boolean not null default false, figure_note varchar,
    figure_second_value double, figure_second_unit varchar,
    quote varchar not null, source varchar not null
);

create view v_figures as
select city, plan, section, initiative_code, indicator, held_in,
       coalesce(fiscal_year, figure_year) as fiscal_year, subject,
       figure_value as value, figure_unit as unit, figure_bound as bound,
       figure_approximate as approximate, figure_signed as signed, figure_note as note,
       figure_second_value as second_value, figure_second_unit as second_unit,
       figure_printed as printed, quote, source
from figures where retired_by is null;

-- A review's judgements of its goals in words (001 基本目標) and what each is judged against:
-- basis 'kpi' (the indicator's target and actual in v_kpi), 'effect_actuals' (the estimate's 実績
-- years against the plan-time estimate's same years, the plan's 目標額), or 'none' (the document
-- prints no figure for it: held, shown, not testable). `loaders check` tests the first two.
create table judgements (
    batch_id integer not null, retired_by integer,
    city varchar, plan varchar not null, section varchar not null, item varchar, goal varchar not null,
    judgement varchar not null, basis varchar not null check (basis in ('kpi', 'effect_actuals', 'none')),
    indicator varchar, estimate varchar, quote varchar not null, source varchar not null
);

create view v_judgements as
select j.city, j.plan, j.section, j.item, j.goal, j.judgement,
       coalesce(wc.status, wg.status, 'not_judged') as status, j.basis, j.indicator, j.estimate,
       j.quote, j.source
from judgements j
left join status_words wc on wc.retired_by is null and wc.column_name = 'evaluation' and wc.word = j.judgement and wc.city = j.city
left join status_words wg on wg.retired_by is null and wg.column_name = 'evaluation' and wg.word = j.judgement and wg.city is null
where j.retired_by is null;

create view v_series_totals as
select city, total, parts, fiscal_year, value, unit, value_printed, source
from series_totals where retired_by is null;

create view v_texts as
select city, plan, section, initiative_code, indicator, fiscal_year, kind, item, text, source
from texts where retired_by is null;

create view v_rules as
select city, plan, section, body, item, rule, subject, threshold_value, threshold_unit,
       -- 以上 / 以内: the direction the threshold holds in, as the 方向 of an indicator
       case when threshold_bound in ('ge', 'gt') then 'higher' when threshold_bound in ('le', 'lt') then 'lower' end
           as direction,
       threshold_bound, threshold_printed, source
from rules where retired_by is null;

create view v_schedule as
select city, plan, section, item, fiscal_year, date, content, source
from schedule where retired_by is null;

create view v_plans as
select city, plan, period_start_fy, period_end_fy, source, plan_type, parent_plan, period_text,
       period_note is not null as period_inferred, period_note, scope, scope_unit
from plans where retired_by is null;

-- Derived at write time: every writer (store.write) rebuilds kpi_current from kpi, status_words
-- and themes, so readers scan one table instead of joining five lookups on every query. All of
-- it is computed within a city, so an import rebuilds only the cities it touched.
-- A status word for the city wins over the one for every city; a mark over an evaluation.
-- What each row gives on its own (status, achieved, ratio, theme, city code, document): an import
-- that changes only such values of rows it keeps updates just those rows (store.refresh_derived).
create view kpi_local as
with current_kpi as not materialized (select * from kpi where retired_by is null),
judged as (
    select k.*,
           coalesce(mc.status, mg.status, ec.status, eg.status, 'not_judged') as status
    from current_kpi k
    left join status_words mc on mc.retired_by is null and mc.column_name = 'mark' and mc.word = k.mark_key and mc.city = k.city
    left join status_words mg on mg.retired_by is null and mg.column_name = 'mark' and mg.word = k.mark_key and mg.city is null
    left join status_words ec on ec.retired_by is null and ec.column_name = 'evaluation' and ec.word = k.evaluation and ec.city = k.city
    left join status_words eg on eg.retired_by is null and eg.column_name = 'evaluation' and eg.word = k.evaluation and eg.city is null
)
select j.*,
       case j.status when 'achieved' then true when 'not_judged' then null else false end as achieved,
       coalesce(ti.theme, t.theme) as theme,
       -- what the policy_area is (柱 or 目標の区分) and whether the theme is the initiative's or the pillar's
       coalesce(t.area_kind, '柱') as area_kind,
       case when ti.theme is not null then '取組' when t.theme is not null then '柱' end as theme_basis,
       -- The city's 全国地方公共団体コード as a number (every city loaded is in municipalities;
       -- 0 for no city): cities sort in the code's order, the one official listings use.
       coalesce(m.code::bigint, 0) as city_code,
       -- Achievement ratio: actual ÷ target, or target ÷ actual when lower is better, so 100 %
       -- always means on target; none without two numbers and a stated direction.
       case
           when j.direction = 'higher' and j.target_value > 0 and j.actual_value >= 0
               then j.actual_value / j.target_value
           when j.direction = 'lower' and j.target_value >= 0 and j.actual_value > 0
               then j.target_value / j.actual_value
       end as ratio,
       split_part(j.source, ' ', 1) as document
from judged j
left join municipalities m on m.name = j.city
-- is not distinct from, not "= or both null": the same rows, joined on a hash of all three.
-- An initiative's own theme row (ti) wins over its pillar's (t).
left join themes t on t.retired_by is null and t.initiative is null and t.policy_area = j.policy_area and t.plan = j.plan
                  and t.city is not distinct from j.city
left join themes ti on ti.retired_by is null and ti.initiative = j.initiative and ti.policy_area = j.policy_area and ti.plan = j.plan
                   and ti.city is not distinct from j.city;

-- What depends on the city's other rows. One indicator across its years: the same name in the
-- same city's plan. The label names the city (市名記載なし when the document names none:
-- dashboard/labels.py NO_CITY) and the plan only where a city uses the name in two plans.
create view kpi_derived as
with names as (
    select city, indicator, count(distinct plan) > 1 as in_two_plans from kpi_local group by all
),
labelled as (
    select j.*,
           coalesce(j.city, '市名記載なし') || '｜' || j.indicator ||
               case when n.in_two_plans then '（' || j.plan || '）' else '' end as label
    from kpi_local j join names n on n.city is not distinct from j.city and n.indicator = j.indicator
)
select j.city, j.plan, j.fiscal_year, j.policy_area, j.initiative_code, j.initiative, j.department,
       j.indicator, j.unit, j.direction, j.target_value, j.target_text, j.actual_value, j.actual_text,
       j.achieved, j.mark, j.evaluation, j.source,
       j.status, j.period, j.target_bound, j.actual_bound, j.target_printed, j.actual_printed,
       j.target_approximate, j.target_note, j.target_second_value, j.target_second_unit,
       j.actual_approximate, j.actual_note, j.actual_second_value, j.actual_second_unit,
       j.theme, j.label, j.city_code,
       -- An integer per label for counting and grouping: the city's code and the label's place in it.
       j.city_code * 1000000 + dense_rank() over (partition by j.city order by j.label) as label_id,
       j.ratio, j.document,
       -- Document order within the city, so pages sort by integers: indicators by plan, area,
       -- initiative code and name; their rows by year (a stage-dated row after the years, in the
       -- document's numbered sections) and source.
       dense_rank() over (partition by j.city
                          order by j.plan, j.policy_area nulls last, j.initiative_code, j.indicator) as indicator_order,
       row_number() over (partition by j.city
                          order by j.plan, j.policy_area nulls last, j.initiative_code, j.indicator,
                                   j.fiscal_year nulls last, j.source, j.period) as row_order,
       j.area_kind, j.theme_basis
from labelled j;

-- Filled by store.refresh_derived, in page order (city code, document order).
create table kpi_current as select * from kpi_derived;

create view v_kpi as select * from kpi_current;

-- Summaries of kpi_current, derived with it (store.refresh_derived, city by city like it), so the
-- pages' unfiltered views read a few hundred thousand rows at most instead of every indicator row
-- (issue #18). Each is a plain aggregate of kpi_current; tests/test_summaries.py checks that.
-- Per indicator label: its place in the document and what the KPI page counts of it. The band
-- floors (100 %, 90 %) are dashboard/queries/kpi.py's BANDS; a disagreement is a band other than
-- the document's judgement on a judged row.
create view kpi_labels_derived as
select label_id, any_value(label) as label, city, city_code, min(indicator_order) as indicator_order, count(*) as rows, count(ratio) as ratios,
       count(target_value) + count(actual_value) as numbers,
       count(*) filter (where ratio is not null and status <> 'not_judged'
                        and status <> case when ratio >= 1.0 then 'achieved' when ratio >= 0.9 then 'partly'
                                           else 'not_achieved' end) as disagreements,
       bool_or(department is null) as undepartmented
from kpi_current group by label_id, city, city_code;

create table kpi_labels as select * from kpi_labels_derived;

-- Rows per city, plan, area, theme, judgement and document: the judgement counts and the filters' choices.
create view kpi_groups_derived as
select city, city_code, plan, policy_area, area_kind, theme, status, document,
       count(*) as rows, count(department) as with_department
from kpi_current group by city, city_code, plan, policy_area, area_kind, theme, status, document;

create table kpi_groups as select * from kpi_groups_derived;

-- Indicator rows per city, plan, judgement and document: 概要's counts per city and per plan read
-- these few thousand rows instead of grouping kpi_groups' hundreds of thousands again.
create view kpi_plan_statuses_derived as
select city, city_code, plan, status, document, count(*) as rows
from kpi_current group by city, city_code, plan, status, document;

create table kpi_plan_statuses as select * from kpi_plan_statuses_derived;

-- Indicators per city and department as printed, and per city and department with spaces ignored
-- (dashboard/queries/initiatives.py's _KEY): an indicator counts once in each.
create view kpi_departments_derived as
with printed as (select distinct city, department, label_id from kpi_current where department is not null),
keyed as (select *, regexp_replace(department, '[ 　]', '', 'g') as department_key from printed)
select city, department, department_key, count(*) as indicators,
       any_value(key_indicators) as key_indicators
from (select *, count(distinct label_id) over (partition by city, department_key) as key_indicators from keyed)
group by city, department, department_key;

create table kpi_departments as select * from kpi_departments_derived;

-- 担当課 as the departments it names, the one counting rule of every page (issue #16): a joint
-- department (行政経営課・職員課) counts once for each department it names; spellings differing
-- only by spaces (D X 推進課, DX推進課: 001 prints both) are one department, keyed without them.
create macro department_names(department) as list_filter(
    list_transform(string_split(department, '・'), lambda d: regexp_replace(d, '^[ 　]+|[ 　]+$', '', 'g')),
    lambda d: d <> '');
create macro department_key(name) as regexp_replace(name, '[ 　]', '', 'g');
-- (written out, not calling the two above: a frozen deck recreates macros in any order, dashboard/db.py)
create macro department_keys(department) as list_filter(
    list_transform(string_split(department, '・'), lambda d: regexp_replace(d, '[ 　]', '', 'g')),
    lambda d: d <> '');

-- 取組一覧's 担当課別 counts (one counting rule, issue #16): per city, each department a joint one
-- names (行政経営課・職員課 → 行政経営課, 職員課) as printed, with `pairs`, the (printed department,
-- indicator) pairs naming it, and `key_indicators`, the distinct indicators of its key (spaces
-- ignored) in the city, repeated on each spelling of the key. Indicators are a city's own, so the
-- whole country's count of a key is the sum over cities.
create view kpi_department_names_derived as
with printed as (select distinct city, department, label_id from kpi_current where department is not null),
named as (select city, label_id, unnest(department_names(department)) as department from printed),
keyed as (select *, department_key(department) as department_key from named)
select city, department, department_key, count(*) as pairs, any_value(key_indicators) as key_indicators
from (select *, count(distinct label_id) over (partition by city, department_key) as key_indicators from keyed)
group by city, department, department_key;

create table kpi_department_names as select * from kpi_department_names_derived;

-- The fiscal years each city's indicators name.
create view kpi_years_derived as
select distinct city, fiscal_year from kpi_current where fiscal_year is not null;

create table kpi_years as select * from kpi_years_derived;

create view v_effect_amounts as
select e.city, e.plan, e.policy_area_code, e.policy_area, e.fiscal_year, e.estimate, e.value_kind,
       e.amount_thousand_yen, e.source, e.amount_printed, t.theme
from effect_amounts e
left join themes t on t.retired_by is null and t.initiative is null and t.policy_area = e.policy_area and t.plan = e.plan
                  and t.city is not distinct from e.city
where e.retired_by is null;

create view v_initiatives as
select i.city, i.plan, i.phase, i.policy_area, i.strategy, i.initiative_code, i.initiative,
       i.department, i.review, i.successor, i.source, coalesce(ti.theme, t.theme) as theme,
       case when ti.theme is not null then '取組' when t.theme is not null then '柱' end as theme_basis
from initiatives i
left join themes t on t.retired_by is null and t.initiative is null and t.policy_area = i.policy_area and t.plan = i.plan
                  and t.city is not distinct from i.city
left join themes ti on ti.retired_by is null and ti.initiative = i.initiative and ti.policy_area = i.policy_area and ti.plan = i.plan
                   and ti.city is not distinct from i.city
where i.retired_by is null;

-- Which initiative an indicator belongs to (issue #16): the one the document prints it under, as
-- the seed and an upload's 成果指標 sheet carry it in initiative_code (分類, 000's １-(３)-ア) and,
-- where the document prints no code, initiative (003 names the initiative the staff target is
-- read from). Same city and plan, equal code; the name only when neither side has a code. No
-- initiative printed, no link: nothing is matched by the indicator's own name.
create macro same_initiative(k_city, k_plan, k_code, k_name, i_city, i_plan, i_code, i_name) as
    k_city is not distinct from i_city and k_plan = i_plan
    and (k_code = i_code or (k_code is null and i_code is null and k_name = i_name));

-- (on the tables under v_kpi and v_initiatives: a frozen deck recreates views in name order, db.py)
create view v_indicator_initiatives as
with labels as (
    select label_id, any_value(label) as label, city, plan, indicator, initiative_code, initiative
    from kpi_current group by label_id, city, plan, indicator, initiative_code, initiative)
select k.label_id, k.label, k.city, k.plan, k.indicator, i.initiative_code, i.initiative, i.department,
       i.policy_area, i.phase, i.source as initiative_source
from labels k
join (select * from initiatives where retired_by is null) i
  on same_initiative(k.city, k.plan, k.initiative_code, k.initiative, i.city, i.plan, i.initiative_code, i.initiative);

create view v_budget as
select b.city, b.plan, b.fiscal_year, b.policy_area, b.project, b.department,
       b.amount_thousand_yen, b.is_revenue, b.source, b.project_code, b.amount_printed, t.theme
from budget b
left join themes t on t.retired_by is null and t.initiative is null and t.policy_area = b.policy_area and t.plan = b.plan
                  and t.city is not distinct from b.city
where b.retired_by is null;

create view v_series as
select city, indicator, fiscal_year, value, unit, source, value_printed, value_approximate, value_note
from series where retired_by is null;

create view v_effect_printed_totals as
select city, plan, estimate, total_kind, policy_area_code, fiscal_year, amount_thousand_yen,
       amount_printed, source
from effect_printed_totals where retired_by is null;

-- A plan's estimates (時点) in order. Estimates have no date: a later one knows more actuals, so
-- they go by the number of 実績 years (the plan-time table has none), then by name. estimate_no 1
-- is the plan-time estimate that 比較 is taken against.
create view v_effect_estimates as
select city, plan, estimate,
       count(distinct fiscal_year) filter (where value_kind = '実績') as actual_years,
       row_number() over (partition by city, plan
                          order by count(distinct fiscal_year) filter (where value_kind = '実績'), estimate)
           as estimate_no
from v_effect_amounts
group by city, plan, estimate;

-- Every printed total beside the same total summed from the facts: the one definition of each
-- rule, read by the importer's preview (on a scratch copy holding the file), `loaders check` and
-- the 効果額 page (issue #12).
--   year_total  (合計 row)      = the estimate's amounts of that fiscal year
--   area_total  (合計額 column) = the estimate's amounts of that policy area
--   grand_total (合計 × 合計額) = all the estimate's amounts
--   comparison  (比較 column)   = the estimate's total (of the area, or overall where no area is
--                                 given) minus the plan-time estimate's, estimate_no 1 (001 prints
--                                 「計画策定時との比較」). The plan-time estimate's own 比較, or one with
--                                 no other estimate loaded, has nothing to compare with: checked false.
-- An area is its code, or its name where the document prints no code: a printed total's
-- policy_area_code holds the same (layouts: code or name). Ⅰ and I, １ and 1. are one code
-- (effect_area_key): one estimate's table may print either. A sum over no cells is 0.
create macro effect_area_key(code, name) as coalesce(
    list_extract(['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'],
                 list_position(['Ⅰ', 'Ⅱ', 'Ⅲ', 'Ⅳ', 'Ⅴ', 'Ⅵ', 'Ⅶ', 'Ⅷ', 'Ⅸ', 'Ⅹ', 'Ⅺ', 'Ⅻ'], code)),
    rtrim(translate(upper(code), '０１２３４５６７８９', '0123456789'), '.．'),
    name);

create view v_effect_total_checks as
with amounts as (
    select city, plan, estimate, effect_area_key(policy_area_code, policy_area) as area, fiscal_year,
           amount_thousand_yen as amount
    from v_effect_amounts),
by_year as (select city, plan, estimate, fiscal_year, sum(amount) as amount from amounts group by all),
by_area as (select city, plan, estimate, area, sum(amount) as amount from amounts group by all),
by_estimate as (select city, plan, estimate, sum(amount) as amount from amounts group by all),
base as (select * from v_effect_estimates where estimate_no = 1),
computed as (
    select p.*, o.estimate_no,
           p.total_kind <> 'comparison' or coalesce(o.estimate_no, 1) > 1 as checked,
           case p.total_kind
               when 'year_total'  then coalesce(y.amount, 0)
               when 'area_total'  then coalesce(a.amount, 0)
               when 'grand_total' then coalesce(t.amount, 0)
               when 'comparison'  then
                   case when p.policy_area_code is null then t.amount - bt.amount else a.amount - ba.amount end
           end as computed
    from v_effect_printed_totals p
    left join v_effect_estimates o
           on o.plan = p.plan and o.city is not distinct from p.city and o.estimate = p.estimate
    left join by_year y
           on y.plan = p.plan and y.city is not distinct from p.city and y.estimate = p.estimate
          and y.fiscal_year = p.fiscal_year
    left join by_area a
           on a.plan = p.plan and a.city is not distinct from p.city and a.estimate = p.estimate
          and a.area = effect_area_key(p.policy_area_code, null)
    left join by_estimate t
           on t.plan = p.plan and t.city is not distinct from p.city and t.estimate = p.estimate
    left join base b on b.plan = p.plan and b.city is not distinct from p.city
    left join by_estimate bt
           on bt.plan = p.plan and bt.city is not distinct from p.city and bt.estimate = b.estimate
    left join by_area ba
           on ba.plan = p.plan and ba.city is not distinct from p.city and ba.estimate = b.estimate
          and ba.area = effect_area_key(p.policy_area_code, null))
select city, plan, estimate, estimate_no, total_kind, 'effect_' || total_kind as check_name,
       policy_area_code, fiscal_year,
       case total_kind
           when 'year_total'  then estimate || ' ' || fiscal_year
           when 'area_total'  then estimate || ' ' || policy_area_code
           when 'grand_total' then estimate
           else estimate || ' ' || coalesce(policy_area_code, '合計')
       end as item,
       amount_thousand_yen as printed, computed, checked,
       case when checked then coalesce(abs(amount_thousand_yen - computed) < 0.5, false) end as agrees,
       amount_printed, source
from computed;

-- Every document a figure can come from: the five seed documents by title, and each uploaded
-- file as a document of its own (its file name, batch and date). `label` is what 出典 lines show.
create view v_documents as
select id, file_name, title, title_note is null as title_printed, title_note, city, department,
       issued, kind, sections,
       case when city = '記載なし' then title || '（市名記載なし）' else city || ' ' || title end as label,
       null::integer as batch_id, null::timestamp as loaded_at
from documents
union all
select 'batch ' || batch_id, file_name, file_name, false, 'アップロードしたファイル（ファイル名を表題とする）',
       '記載なし', '記載なし', strftime(loaded_at, '%Y-%m-%d'), 'アップロード', sheets,
       file_name || '（取込 バッチ' || batch_id || '、' || strftime(loaded_at, '%Y-%m-%d') || '）',
       batch_id, loaded_at
from batches where kind = 'import' and file_name is not null;

-- Briefing decks are not kept here: they live in their own file beside the database
-- (dashboard/decks.py), so a deck edit never changes the data version.
