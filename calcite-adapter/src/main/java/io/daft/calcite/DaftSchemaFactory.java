package io.daft.calcite;

import org.apache.calcite.schema.Schema;
import org.apache.calcite.schema.SchemaFactory;
import org.apache.calcite.schema.SchemaPlus;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Makes a {@link DaftSchema} from a Calcite model. Operands: {@code directory} (the data root; each Parquet/CSV
 * file or subdirectory of them is a table), optional {@code tables} (a list of {@code {name, path, format}}, paths
 * and globs relative to the directory) and optional {@code dataRoots} (more directories the table functions may
 * read). For example:
 * <pre>{@code
 * {"version": "1.0", "defaultSchema": "daft", "schemas": [{"name": "daft", "type": "custom",
 *   "factory": "io.daft.calcite.DaftSchemaFactory", "operand": {"directory": "data/tpch"}}]}
 * }</pre>
 * Use it with {@code lex=JAVA;caseSensitive=false;typeSystem=io.daft.calcite.DaftTypeSystem#INSTANCE}.
 */
public final class DaftSchemaFactory implements SchemaFactory {
    public static final DaftSchemaFactory INSTANCE = new DaftSchemaFactory();

    @Override
    public Schema create(SchemaPlus parentSchema, String name, Map<String, Object> operand) {
        Object dir = operand.get("directory");
        if (dir == null) {
            throw new IllegalArgumentException("schema '" + name + "': operand 'directory' (the data root) is required");
        }
        List<DaftSchema.TableSpec> specs = new ArrayList<>();
        Object tables = operand.get("tables");
        if (tables instanceof List) {
            for (Object o : (List<?>) tables) {
                if (!(o instanceof Map)) {
                    throw new IllegalArgumentException("schema '" + name + "': each of 'tables' must be {name, path, format}, got " + o);
                }
                Map<?, ?> m = (Map<?, ?>) o;
                Object tn = m.get("name");
                Object path = m.get("path");
                if (tn == null || path == null) {
                    throw new IllegalArgumentException("schema '" + name + "': table entry needs 'name' and 'path': " + m);
                }
                Object format = m.get("format");
                DaftTable.Format f = format != null ? DaftTable.Format.parse(format.toString())
                        : (DaftSchema.formatOfFile(path.toString()) == DaftTable.Format.CSV ? DaftTable.Format.CSV : DaftTable.Format.PARQUET);
                specs.add(new DaftSchema.TableSpec(tn.toString(), path.toString(), f));
            }
        } else if (tables != null) {
            throw new IllegalArgumentException("schema '" + name + "': operand 'tables' must be a list");
        }
        List<Path> roots = new ArrayList<>();
        Object extra = operand.get("dataRoots");
        if (extra instanceof List) {
            for (Object o : (List<?>) extra) {
                roots.add(Path.of(o.toString()));
            }
        }
        return new DaftSchema(Path.of(dir.toString()), roots, specs);
    }
}
