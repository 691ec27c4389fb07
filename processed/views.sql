-- TRILAT 1.2.0: one view per table. Paths are relative to processed/:
--   cd processed && duckdb -init views.sql
-- or `trilat sql`, which sets DuckDB's file_search_path for you.
CREATE OR REPLACE VIEW documents AS SELECT * FROM read_parquet('1.2.0/documents.parquet');
CREATE OR REPLACE VIEW actors AS SELECT * FROM read_parquet('1.2.0/actors.parquet');
CREATE OR REPLACE VIEW mentions AS SELECT * FROM read_parquet('1.2.0/mentions.parquet');
CREATE OR REPLACE VIEW events AS SELECT * FROM read_parquet('1.2.0/events.parquet');
CREATE OR REPLACE VIEW agreements AS SELECT * FROM read_parquet('1.2.0/agreements.parquet');
CREATE OR REPLACE VIEW force_posture AS SELECT * FROM read_parquet('1.2.0/force_posture.parquet');
CREATE OR REPLACE VIEW evidence AS SELECT * FROM read_parquet('1.2.0/evidence.parquet');
CREATE OR REPLACE VIEW changes AS SELECT * FROM read_parquet('1.2.0/changes.parquet');
