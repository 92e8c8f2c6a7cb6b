package io.daft.sqltests;

/** An engine the suites run SQL on: ours (through Calcite) or DuckDB. */
public interface SqlEngineUnderTest extends AutoCloseable {
    String name();

    /** Runs one query; any failure is thrown (as whatever the engine throws). */
    QueryResult query(String sql) throws Exception;

    @Override
    void close();
}
