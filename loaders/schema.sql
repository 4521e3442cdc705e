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
    unique (city, column_name, word)
);

create table themes (
    city        varchar,
    plan        varchar,
    policy_area varchar not null,
    theme       varchar not null
);

create table known_discrepancies (
    check_name varchar not null,
    city       varchar,
    plan       varchar not null,
    item       varchar not null,
    note       varchar not null
);

create table plans (
    batch_id integer not null, retired_by integer,
    city varchar, plan varchar not null, plan_type varchar, parent_plan varchar,
    period_text varchar, period_start_fy integer, period_end_fy integer,
    source varchar not null
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
    source varchar not null
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
    source varchar not null
);

create view v_plans as
select city, plan, period_start_fy, period_end_fy, source, plan_type, parent_plan, period_text
from plans where retired_by is null;

-- Derived at write time: every writer (store.write) rebuilds kpi_current from kpi, status_words
-- and themes, so readers scan one table instead of joining five lookups on every query. All of
-- it is computed within a city, so an import rebuilds only the cities it touched.
-- A status word for the city wins over the one for every city; a mark over an evaluation.
create view kpi_derived as
with current_kpi as not materialized (select * from kpi where retired_by is null),
judged as (
    select k.*,
           coalesce(mc.status, mg.status, ec.status, eg.status, 'not_judged') as status
    from current_kpi k
    left join status_words mc on mc.column_name = 'mark' and mc.word = k.mark_key and mc.city = k.city
    left join status_words mg on mg.column_name = 'mark' and mg.word = k.mark_key and mg.city is null
    left join status_words ec on ec.column_name = 'evaluation' and ec.word = k.evaluation and ec.city = k.city
    left join status_words eg on eg.column_name = 'evaluation' and eg.word = k.evaluation and eg.city is null
),
-- One indicator across its years: the same name in the same city's plan. The label names the
-- city (市名記載なし when the document names none: dashboard/labels.py NO_CITY) and the plan
-- only where a city uses the name in two plans.
names as (
    select city, indicator, count(distinct plan) > 1 as in_two_plans from current_kpi group by all
),
labelled as (
    select j.*,
           coalesce(j.city, '市名記載なし') || '｜' || j.indicator ||
               case when n.in_two_plans then '（' || j.plan || '）' else '' end as label
    from judged j join names n on n.city is not distinct from j.city and n.indicator = j.indicator
)
select j.city, j.plan, j.fiscal_year, j.policy_area, j.initiative_code, j.initiative, j.department,
       j.indicator, j.unit, j.direction, j.target_value, j.target_text, j.actual_value, j.actual_text,
       case j.status when 'achieved' then true when 'not_judged' then null else false end as achieved,
       j.mark, j.evaluation, j.source,
       j.status, j.period, j.target_bound, j.actual_bound, j.target_printed, j.actual_printed,
       t.theme, j.label,
       -- The city's 全国地方公共団体コード as a number (every city loaded is in municipalities;
       -- 0 for no city): cities sort in the code's order, the one official listings use.
       coalesce(m.code::bigint, 0) as city_code,
       -- An integer per label for counting and grouping: the city's code and the label's place in it.
       coalesce(m.code::bigint, 0) * 1000000 + dense_rank() over (partition by j.city order by j.label) as label_id,
       -- Achievement ratio: actual ÷ target, or target ÷ actual when lower is better, so 100 %
       -- always means on target; none without two numbers and a stated direction.
       case
           when j.direction = 'higher' and j.target_value > 0 and j.actual_value >= 0
               then j.actual_value / j.target_value
           when j.direction = 'lower' and j.target_value >= 0 and j.actual_value > 0
               then j.target_value / j.actual_value
       end as ratio,
       split_part(j.source, ' ', 1) as document,
       -- Document order within the city, so pages sort by integers: indicators by plan, area,
       -- initiative code and name; their rows by year (a stage-dated row after the years, in the
       -- document's numbered sections) and source.
       dense_rank() over (partition by j.city
                          order by j.plan, j.policy_area nulls last, j.initiative_code, j.indicator) as indicator_order,
       row_number() over (partition by j.city
                          order by j.plan, j.policy_area nulls last, j.initiative_code, j.indicator,
                                   j.fiscal_year nulls last, j.source, j.period) as row_order
from labelled j
left join municipalities m on m.name = j.city
left join themes t on t.policy_area = j.policy_area and t.plan = j.plan
                  and (t.city = j.city or (t.city is null and j.city is null));

-- Filled by store.refresh_derived, in page order (city code, document order).
create table kpi_current as select * from kpi_derived;

create view v_kpi as select * from kpi_current;

create view v_effect_amounts as
select e.city, e.plan, e.policy_area_code, e.policy_area, e.fiscal_year, e.estimate, e.value_kind,
       e.amount_thousand_yen, e.source, e.amount_printed, t.theme
from effect_amounts e
left join themes t on t.policy_area = e.policy_area and t.plan = e.plan
                  and (t.city = e.city or (t.city is null and e.city is null))
where e.retired_by is null;

create view v_initiatives as
select i.city, i.plan, i.phase, i.policy_area, i.strategy, i.initiative_code, i.initiative,
       i.department, i.review, i.successor, i.source, t.theme
from initiatives i
left join themes t on t.policy_area = i.policy_area and t.plan = i.plan
                  and (t.city = i.city or (t.city is null and i.city is null))
where i.retired_by is null;

create view v_budget as
select b.city, b.plan, b.fiscal_year, b.policy_area, b.project, b.department,
       b.amount_thousand_yen, b.is_revenue, b.source, b.project_code, b.amount_printed, t.theme
from budget b
left join themes t on t.policy_area = b.policy_area and t.plan = b.plan
                  and (t.city = b.city or (t.city is null and b.city is null))
where b.retired_by is null;

create view v_series as
select city, indicator, fiscal_year, value, unit, source, value_printed
from series where retired_by is null;

create view v_effect_printed_totals as
select city, plan, estimate, total_kind, policy_area_code, fiscal_year, amount_thousand_yen,
       amount_printed, source
from effect_printed_totals where retired_by is null;

-- Briefing decks are not kept here: they live in their own file beside the database
-- (dashboard/decks.py), so a deck edit never changes the data version.
