-- Ready queries of `gfa query NAME` (docs/store.md). Each starts with a "-- query: NAME"
-- line, then "-- about:" (one line for gfa query --list) and one "-- param: NAME [DEFAULT]"
-- line per parameter; the SQL follows, up to the next "-- query:". Parameters are written
-- :NAME and always bound (gfa query NAME --param NAME=VALUE), never pasted into the SQL;
-- an unset parameter without a default is NULL. The SQL runs unchanged on SQLite and
-- PostgreSQL: amounts are summed as scaled integers (value_scaled = value × 10^6) and shown
-- with gfa_dec(); gfa_pct(part, whole) is part × 100 ÷ whole to 2 decimals, both exact.

-- query: reports
-- about: the reports in the store: entity, year, kind, amounts, verdict, when loaded
-- param: year
SELECT entity_code, entity_name AS entity, fiscal_year, report_kind, money_unit, amounts,
       CASE WHEN accepted IS NULL THEN 'not validated'
            WHEN accepted THEN 'accepted' ELSE 'rejected' END AS verdict,
       errors, inconsistencies, warnings, source_file, loaded_at
FROM reports
WHERE CAST(:year AS INTEGER) IS NULL OR fiscal_year = CAST(:year AS INTEGER)
ORDER BY fiscal_year, report_kind, entity_code;

-- query: three-public
-- about: 三公经费 (决算数) by entity and year: total, abroad, vehicle purchase and operation, reception
-- param: year
-- param: kind
SELECT entity_code, entity, fiscal_year, report_kind, money_unit,
       MAX(CASE WHEN column_id = 'final_total' THEN value END) AS total,
       MAX(CASE WHEN column_id = 'final_abroad' THEN value END) AS abroad,
       MAX(CASE WHEN column_id = 'final_vehicle_purchase' THEN value END) AS vehicle_purchase,
       MAX(CASE WHEN column_id = 'final_vehicle_operation' THEN value END) AS vehicle_operation,
       MAX(CASE WHEN column_id = 'final_reception' THEN value END) AS reception
FROM gfa_facts
WHERE table_id IN ('gk09', 'sh07') AND row_code = 'data'
  AND (CAST(:year AS INTEGER) IS NULL OR fiscal_year = CAST(:year AS INTEGER))
  AND (CAST(:kind AS TEXT) IS NULL OR report_kind = CAST(:kind AS TEXT))
GROUP BY entity_code, entity, fiscal_year, report_kind, money_unit
ORDER BY entity_code, fiscal_year, report_kind;

-- query: three-public-rise
-- about: entities whose 三公经费 (决算数 合计) rose over the year before, largest rise first
-- param: year
SELECT c.entity_code, c.entity, c.fiscal_year, c.report_kind, c.money_unit,
       gfa_dec(p.value_scaled) AS prior_year,
       gfa_dec(c.value_scaled) AS this_year,
       gfa_dec(c.value_scaled - p.value_scaled) AS rise,
       gfa_pct(c.value_scaled - p.value_scaled, p.value_scaled) AS rise_pct
FROM gfa_facts c
JOIN gfa_facts p
  ON p.entity_code = c.entity_code AND p.report_kind = c.report_kind
 AND p.fiscal_year = c.fiscal_year - 1 AND p.table_id = c.table_id
 AND p.row_code = c.row_code AND p.column_id = c.column_id AND p.money_scale = c.money_scale
WHERE c.table_id IN ('gk09', 'sh07') AND c.row_code = 'data' AND c.column_id = 'final_total'
  AND c.value_scaled > p.value_scaled
  AND (CAST(:year AS INTEGER) IS NULL OR c.fiscal_year = CAST(:year AS INTEGER))
ORDER BY c.value_scaled - p.value_scaled DESC, c.entity_code, c.fiscal_year;

-- query: expense-by-class
-- about: 支出 (公开03 本年支出合计) by 功能分类 类, summed over the reports of one kind (default: units)
-- param: year
-- param: kind unit
SELECT fiscal_year, row_code AS class_code, MAX(row_label) AS class_name, money_unit,
       COUNT(*) AS reports, gfa_dec(SUM(value_scaled)) AS expense
FROM gfa_facts
WHERE table_id IN ('gk03', 'sh03') AND column_id = 'total' AND level = 1
  AND report_kind = CAST(:kind AS TEXT)
  AND (CAST(:year AS INTEGER) IS NULL OR fiscal_year = CAST(:year AS INTEGER))
GROUP BY fiscal_year, row_code, money_unit
ORDER BY fiscal_year, row_code, money_unit;

-- query: class-share
-- about: the share of one 公开03 column (default 项目支出) that went to one 功能分类 类 (default 205 教育), by entity and year
-- param: class 205
-- param: column project
-- param: year
SELECT t.entity_code, t.entity, t.fiscal_year, t.report_kind, t.money_unit,
       gfa_dec(COALESCE(c.value_scaled, 0)) AS class_amount,
       gfa_dec(t.value_scaled) AS column_total,
       gfa_pct(COALESCE(c.value_scaled, 0), t.value_scaled) AS share_pct
FROM gfa_facts t
LEFT JOIN gfa_facts c
  ON c.report_id = t.report_id AND c.table_id = t.table_id AND c.column_id = t.column_id
 AND c.row_code = CAST(:class AS TEXT)
WHERE t.table_id IN ('gk03', 'sh03') AND t.row_code = 'total'
  AND t.column_id = CAST(:column AS TEXT)
  AND (CAST(:year AS INTEGER) IS NULL OR t.fiscal_year = CAST(:year AS INTEGER))
ORDER BY t.entity_code, t.fiscal_year, t.report_kind;

-- query: findings
-- about: findings by rule: how many, in how many reports (origin: validate, consolidation, year-over-year)
-- param: origin
-- param: year
SELECT f.rule_id, f.severity, f.origin, COUNT(*) AS findings,
       COUNT(DISTINCT f.report_id) AS reports
FROM findings f
JOIN reports r ON r.report_id = f.report_id
WHERE (CAST(:origin AS TEXT) IS NULL OR f.origin = CAST(:origin AS TEXT))
  AND (CAST(:year AS INTEGER) IS NULL OR r.fiscal_year = CAST(:year AS INTEGER))
GROUP BY f.rule_id, f.severity, f.origin
ORDER BY COUNT(*) DESC, f.rule_id, f.severity;

-- query: finding-list
-- about: every finding of one rule (or all), with the report, line and message
-- param: rule
-- param: year
SELECT r.entity_code, r.entity_name AS entity, r.fiscal_year, r.report_kind, f.origin,
       f.rule_id, f.severity, r.source_file, f.line, f.message
FROM findings f
JOIN reports r ON r.report_id = f.report_id
WHERE (CAST(:rule AS TEXT) IS NULL OR f.rule_id = CAST(:rule AS TEXT))
  AND (CAST(:year AS INTEGER) IS NULL OR r.fiscal_year = CAST(:year AS INTEGER))
ORDER BY r.fiscal_year, r.entity_code, r.report_kind, f.origin, f.seq;

-- query: entities
-- about: departments and units: code, name, department, and the years loaded
SELECT e.entity_code, e.name, e.parent_code,
       CASE WHEN e.from_register THEN 'register' ELSE 'report' END AS known_from,
       COUNT(r.report_id) AS reports, MIN(r.fiscal_year) AS first_year,
       MAX(r.fiscal_year) AS last_year
FROM entities e
LEFT JOIN reports r ON r.entity_code = e.entity_code
GROUP BY e.entity_code, e.name, e.parent_code, e.from_register
ORDER BY e.entity_code;
