package io.daft.calcite;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.FunctionParameter;
import org.apache.calcite.schema.TableMacro;
import org.apache.calcite.schema.TranslatableTable;

import java.util.List;
import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * {@code read_parquet('glob')} / {@code read_csv('glob')}: a table over the files a literal path or glob
 * matches, refused if they lie outside the data roots.
 */
public final class DaftTableMacro implements TableMacro {
    private final DaftTable.Format format;
    private final DataRoots roots;

    public DaftTableMacro(DaftTable.Format format, DataRoots roots) {
        this.format = requireNonNull(format, "format");
        this.roots = requireNonNull(roots, "roots");
    }

    @Override
    public TranslatableTable apply(List<? extends Object> arguments) {
        Object arg = arguments.isEmpty() ? null : arguments.get(0);
        String fn = "read_" + format.name().toLowerCase(Locale.ROOT);
        if (!(arg instanceof String)) {
            throw new IllegalArgumentException(fn + " needs a path or glob as a string literal, got " + arg);
        }
        String checked = roots.check((String) arg);
        return new DaftTable(fn + "('" + arg + "')", List.of(checked), format);
    }

    @Override
    public List<FunctionParameter> getParameters() {
        return List.of(new FunctionParameter() {
            @Override
            public int getOrdinal() {
                return 0;
            }

            @Override
            public String getName() {
                return "path";
            }

            @Override
            public RelDataType getType(RelDataTypeFactory typeFactory) {
                // a Java type, so Calcite hands the literal's value to apply() as a String
                return typeFactory.createJavaType(String.class);
            }

            @Override
            public boolean isOptional() {
                return false;
            }
        });
    }
}
