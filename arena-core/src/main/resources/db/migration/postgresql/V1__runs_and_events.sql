-- Arena's store on PostgreSQL (docs/design.md, "Store"): the same two tables as the DuckDB file.
-- run_id compares bytewise (COLLATE "C"), as in DuckDB and in Java, so GET /runs pages alike on both.

CREATE TABLE runs (
    run_id        text COLLATE "C" PRIMARY KEY,
    parent_run_id text COLLATE "C",
    status        text        NOT NULL,
    started_at    timestamptz,
    finished_at   timestamptz,
    last_seq      bigint      NOT NULL,
    event_count   bigint      NOT NULL
);

-- GET /runs: newest first, ties by run_id, keyset paging with a before cursor.
CREATE INDEX runs_newest_first ON runs (started_at DESC NULLS LAST, run_id);
CREATE INDEX runs_by_status_newest_first ON runs (status, started_at DESC NULLS LAST, run_id);

CREATE TABLE events (
    run_id   text COLLATE "C" NOT NULL,
    seq      bigint      NOT NULL,
    kind     text        NOT NULL,
    ts       timestamptz NOT NULL,
    envelope text        NOT NULL,
    PRIMARY KEY (run_id, seq)
);
