-- gfa store, schema version 1, PostgreSQL only: the two functions the ready queries
-- (queries.sql) use, so that the same query runs on SQLite (where gfa registers them in C)
-- and on PostgreSQL. Both are exact: NUMERIC, never floating point.

-- gfa_dec(value × 10^6) → the decimal, with at least 2 decimals and no trailing zeros
-- beyond them: gfa_dec(1500000) = 1.50, gfa_dec(1234567) = 1.234567.
CREATE FUNCTION gfa_dec(scaled NUMERIC) RETURNS NUMERIC
LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT CASE WHEN scale(trim_scale(scaled / 1000000)) < 2
                THEN round(scaled / 1000000, 2)
                ELSE trim_scale(scaled / 1000000) END
$$;

-- gfa_pct(part, whole) → part × 100 ÷ whole rounded half away from zero to 2 decimals;
-- NULL when whole is zero or NULL.
CREATE FUNCTION gfa_pct(part NUMERIC, whole NUMERIC) RETURNS NUMERIC
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN whole IS NULL OR whole = 0 OR part IS NULL THEN NULL
                ELSE round(part * 100 / whole, 2) END
$$;
