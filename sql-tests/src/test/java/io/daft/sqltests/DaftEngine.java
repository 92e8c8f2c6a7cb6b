package io.daft.sqltests;

import io.daft.calcite.DaftSqlEngine;
import io.daft.calcite.SqlResult;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Our engine: SQL through the Calcite adapter onto Daft operators, on the current runner. */
public final class DaftEngine implements SqlEngineUnderTest {
    private final DaftSqlEngine engine;

    public DaftEngine(Path dataDirectory) {
        this.engine = DaftSqlEngine.create(dataDirectory);
    }

    @Override
    public String name() {
        return "daft";
    }

    @Override
    public QueryResult query(String sql) {
        try (SqlResult r = engine.query(sql)) {
            List<List<Object>> rows = new ArrayList<>();
            for (List<Object> row : r.rows()) {
                rows.add(new ArrayList<>(row));
            }
            return new QueryResult(r.columnNames(), rows);
        }
    }

    public String explain(String sql) {
        return engine.explain(sql);
    }

    @Override
    public void close() {
        engine.close();
    }
}
