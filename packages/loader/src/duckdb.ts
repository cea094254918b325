export const DUCKDB = 1
