package io.daft.calcite;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeSystemImpl;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;

/**
 * Calcite's type system set to what Daft computes (and DuckDB answers): decimals up to precision 38; timestamps
 * up to nanoseconds (TIMESTAMP(9)), microseconds by default; SUM of
 * integers is BIGINT and of decimals DECIMAL(38, s); AVG, STDDEV and VARIANCE are DOUBLE; CASE/UNION of strings of
 * different lengths is VARCHAR (no blank padding); division involving a decimal is DOUBLE (as in DuckDB). Use it in a plain connection with
 * {@code typeSystem=io.daft.calcite.DaftTypeSystem#INSTANCE}.
 */
public final class DaftTypeSystem extends RelDataTypeSystemImpl {
    public static final DaftTypeSystem INSTANCE = new DaftTypeSystem();

    private static final int MAX_DECIMAL = 38;
    // fractional digits of a timestamp: nanoseconds at most (Parquet's and Arrow's finest unit)
    private static final int MAX_TIMESTAMP = 9;
    private static final int DEFAULT_TIMESTAMP = 6;

    @Override
    public int getMaxPrecision(SqlTypeName typeName) {
        if (typeName == SqlTypeName.DECIMAL) {
            return MAX_DECIMAL;
        }
        if (isTimestamp(typeName)) {
            return MAX_TIMESTAMP;
        }
        return super.getMaxPrecision(typeName);
    }

    /** TIMESTAMP without a precision is microseconds, as in DuckDB (and Daft's default unit). */
    @Override
    public int getDefaultPrecision(SqlTypeName typeName) {
        if (isTimestamp(typeName)) {
            return DEFAULT_TIMESTAMP;
        }
        return super.getDefaultPrecision(typeName);
    }

    private static boolean isTimestamp(SqlTypeName typeName) {
        return typeName == SqlTypeName.TIMESTAMP || typeName == SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE;
    }

    @Override
    public int getMaxScale(SqlTypeName typeName) {
        if (typeName == SqlTypeName.DECIMAL) {
            return MAX_DECIMAL;
        }
        return super.getMaxScale(typeName);
    }

    @Override
    public RelDataType deriveSumType(RelDataTypeFactory f, RelDataType argumentType) {
        RelDataType t;
        if (SqlTypeUtil.isExactNumeric(argumentType) && argumentType.getSqlTypeName() != SqlTypeName.DECIMAL) {
            t = f.createSqlType(SqlTypeName.BIGINT);
        } else if (argumentType.getSqlTypeName() == SqlTypeName.DECIMAL) {
            t = f.createSqlType(SqlTypeName.DECIMAL, MAX_DECIMAL, argumentType.getScale());
        } else if (SqlTypeUtil.isApproximateNumeric(argumentType)) {
            t = f.createSqlType(SqlTypeName.DOUBLE);
        } else {
            return super.deriveSumType(f, argumentType);
        }
        return f.createTypeWithNullability(t, argumentType.isNullable());
    }

    @Override
    public RelDataType deriveAvgAggType(RelDataTypeFactory f, RelDataType argumentType) {
        if (SqlTypeUtil.isNumeric(argumentType)) {
            return f.createTypeWithNullability(f.createSqlType(SqlTypeName.DOUBLE), argumentType.isNullable());
        }
        return super.deriveAvgAggType(f, argumentType);
    }

    /**
     * Division involving a decimal is DOUBLE, as in DuckDB: a decimal quotient's scale would have to be cut to fit
     * precision 38 (TPC-H's Q14 ratio would keep 6 digits), while a double keeps 15-16 significant digits.
     */
    @Override
    public RelDataType deriveDecimalDivideType(RelDataTypeFactory f, RelDataType type1, RelDataType type2) {
        if (SqlTypeUtil.isExactNumeric(type1) && SqlTypeUtil.isExactNumeric(type2)
                && (SqlTypeUtil.isDecimal(type1) || SqlTypeUtil.isDecimal(type2))) {
            return f.createTypeWithNullability(f.createSqlType(SqlTypeName.DOUBLE), type1.isNullable() || type2.isNullable());
        }
        return super.deriveDecimalDivideType(f, type1, type2);
    }

    @Override
    public boolean shouldConvertRaggedUnionTypesToVarying() {
        return true;
    }
}
