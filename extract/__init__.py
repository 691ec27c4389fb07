"""Pure extraction: source text -> records. No Prefect, no file or network I/O."""
