-- TRILAT 2.0.1: one view per table. Paths are relative to processed/:
--   python: duckdb.sql("SET file_search_path='processed'"); duckdb.sql(open('processed/views.sql').read())
--   the duckdb program: cd processed && duckdb -init views.sql
--   or `trilat sql`, which sets DuckDB's file_search_path for you.
CREATE OR REPLACE VIEW documents AS SELECT * FROM read_parquet('2.0.1/documents.parquet');
CREATE OR REPLACE VIEW actors AS SELECT * FROM read_parquet('2.0.1/actors.parquet');
CREATE OR REPLACE VIEW mentions AS SELECT * FROM read_parquet('2.0.1/mentions.parquet');
CREATE OR REPLACE VIEW events AS SELECT * FROM read_parquet('2.0.1/events.parquet');
CREATE OR REPLACE VIEW agreements AS SELECT * FROM read_parquet('2.0.1/agreements.parquet');
CREATE OR REPLACE VIEW force_posture AS SELECT * FROM read_parquet('2.0.1/force_posture.parquet');
CREATE OR REPLACE VIEW people AS SELECT * FROM read_parquet('2.0.1/people.parquet');
CREATE OR REPLACE VIEW publications AS SELECT * FROM read_parquet('2.0.1/publications.parquet');
CREATE OR REPLACE VIEW citations AS SELECT * FROM read_parquet('2.0.1/citations.parquet');
CREATE OR REPLACE VIEW topics AS SELECT * FROM read_parquet('2.0.1/topics.parquet');
CREATE OR REPLACE VIEW recommendations AS SELECT * FROM read_parquet('2.0.1/recommendations.parquet');
CREATE OR REPLACE VIEW evidence AS SELECT * FROM read_parquet('2.0.1/evidence.parquet');
CREATE OR REPLACE VIEW changes AS SELECT * FROM read_parquet('2.0.1/changes.parquet');
