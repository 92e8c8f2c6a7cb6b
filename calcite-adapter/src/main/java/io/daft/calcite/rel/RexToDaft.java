package io.daft.calcite.rel;

import io.daft.calcite.DaftTypes;
import io.daft.calcite.ParameterBinding;
import io.daft.calcite.Unsupported;
import io.daft.core.DataType;
import io.daft.core.Schema;
import io.daft.core.TimeUnit;
import io.daft.core.TypeId;
import io.daft.dsl.BinaryExpr;
import io.daft.dsl.BinaryOp;
import io.daft.dsl.CaseWhen;
import io.daft.dsl.Cast;
import io.daft.dsl.ColumnRef;
import io.daft.dsl.Expr;
import io.daft.dsl.FunctionExpr;
import io.daft.dsl.InList;
import io.daft.dsl.Literal;
import io.daft.dsl.UnaryExpr;
import io.daft.dsl.UnaryOp;
import io.daft.functions.FunctionRegistry;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.avatica.util.TimeUnitRange;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexFieldAccess;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlLikeOperator;
import org.apache.calcite.sql.fun.SqlTrimFunction;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.TimestampString;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Translates Calcite row expressions over an input whose columns are named {@code inputNames} into Daft
 * expressions. Every translated call is cast to the Daft form of Calcite's type for it where Daft's own type
 * rules give something else, so results carry exactly the types Calcite validated.
 */
public final class RexToDaft {
    private final RexBuilder rexBuilder;
    private final Schema input;

    public RexToDaft(RexBuilder rexBuilder, Schema input) {
        this.rexBuilder = requireNonNull(rexBuilder, "rexBuilder");
        this.input = requireNonNull(input, "input");
    }

    public Expr translate(RexNode node) {
        if (node instanceof RexInputRef) {
            return new ColumnRef(input.field(((RexInputRef) node).getIndex()).name());
        }
        if (node instanceof RexLiteral) {
            return literal((RexLiteral) node);
        }
        if (node instanceof RexDynamicParam) {
            return ParameterBinding.literal((RexDynamicParam) node);
        }
        if (node instanceof RexCall) {
            Expr e = call((RexCall) node);
            return coerce(e, node.getType());
        }
        if (node instanceof RexFieldAccess) {
            RexFieldAccess f = (RexFieldAccess) node;
            if (f.getReferenceExpr() instanceof org.apache.calcite.rex.RexCorrelVariable) {
                throw new Unsupported("correlated reference " + f + ": a correlated sub-query that Calcite could not"
                        + " decorrelate (as when it correlates on an element or field of a nested column)");
            }
            Expr struct = translate(f.getReferenceExpr());
            return coerce(new FunctionExpr("struct_get", List.of(struct, Literal.of(f.getField().getName()))), f.getType());
        }
        throw new Unsupported("expression " + node + " (" + node.getKind() + ")");
    }

    /** Casts {@code e} to the Daft form of {@code type} if its own type differs. */
    Expr coerce(Expr e, RelDataType type) {
        DataType want = DaftTypes.toDaft(type);
        DataType have = e.resolveType(input);
        if (want.equals(have) || want.id() == TypeId.NULL) {
            return e;
        }
        if (DaftPlans.sameType(have, want)) {
            return e;
        }
        return new Cast(e, want);
    }

    // ---- literals ----------------------------------------------------------------------------------------

    public static Literal literal(RexLiteral lit) {
        RelDataType type = lit.getType();
        SqlTypeName n = type.getSqlTypeName();
        if (lit.isNull()) {
            return Literal.nullOf(n == SqlTypeName.NULL ? DataType.NULL : DaftTypes.toDaft(type));
        }
        switch (n) {
            case BOOLEAN:
                return Literal.of(Boolean.TRUE.equals(lit.getValueAs(Boolean.class)));
            case TINYINT:
            case SMALLINT:
            case INTEGER:
            case BIGINT:
                return Literal.integer(lit.getValueAs(BigDecimal.class).longValueExact(), DaftTypes.toDaft(type));
            case DECIMAL: {
                DataType t = DaftTypes.toDaft(type);
                return Literal.decimal(lit.getValueAs(BigDecimal.class), t.precision(), t.scale());
            }
            case REAL:
            case FLOAT:
            case DOUBLE:
                return Literal.floating(lit.getValueAs(Double.class), DaftTypes.toDaft(type));
            case CHAR:
            case VARCHAR:
                return Literal.of(lit.getValueAs(String.class));
            case BINARY:
            case VARBINARY:
                return Literal.binary(lit.getValueAs(ByteString.class).getBytes());
            case DATE:
                return Literal.of(LocalDate.ofEpochDay(lit.getValueAs(DateString.class).getDaysSinceEpoch()));
            case TIMESTAMP:
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE: {
                TimestampString ts = lit.getValueAs(TimestampString.class);
                DataType t = DaftTypes.toDaft(type);
                // the whole seconds from the epoch milliseconds, the fraction from the text (milliseconds would cut it)
                long seconds = Math.floorDiv(ts.getMillisSinceEpoch(), 1000L);
                String text = ts.toString();
                int dot = text.indexOf('.');
                long nanos = dot < 0 ? 0 : Long.parseLong((text.substring(dot + 1) + "000000000").substring(0, 9));
                return Literal.timestamp(t.timeUnit() == TimeUnit.NANOSECONDS ? seconds * 1_000_000_000L + nanos
                        : seconds * 1_000_000L + nanos / 1000L, t.timeUnit(), t.timeZone());
            }
            default:
                throw new Unsupported("literal " + lit + " of type " + type.getFullTypeString());
        }
    }

    /** A literal's value as RowsToBatch takes it for a column of {@code type}. */
    public static Object javaValue(RexLiteral lit, DataType type) {
        if (lit.isNull()) {
            return null;
        }
        Literal l = literal(lit);
        Object v = l.value().orElse(null);
        switch (type.id()) {
            case DATE: return v instanceof Integer ? LocalDate.ofEpochDay((Integer) v) : v;
            case DECIMAL: return v instanceof BigDecimal ? v : new BigDecimal(v.toString());
            case UTF8: return v.toString();
            default: return v;
        }
    }

    // ---- calls -------------------------------------------------------------------------------------------

    private List<Expr> operands(RexCall c) {
        List<Expr> out = new ArrayList<>(c.getOperands().size());
        for (RexNode o : c.getOperands()) {
            out.add(translate(o));
        }
        return out;
    }

    private Expr binary(BinaryOp op, RexCall c) {
        List<Expr> ops = operands(c);
        Expr e = ops.get(0);
        for (int i = 1; i < ops.size(); i++) {
            e = new BinaryExpr(op, e, ops.get(i));
        }
        return e;
    }

    private Expr call(RexCall c) {
        SqlKind kind = c.getKind();
        List<RexNode> rands = c.getOperands();
        switch (kind) {
            case SEARCH:
                return translate(RexUtil.expandSearch(rexBuilder, null, c));
            case PLUS:
                if (isInterval(rands.get(1))) {
                    return dateAdd(rands.get(0), rands.get(1), false);
                }
                if (isInterval(rands.get(0))) {
                    return dateAdd(rands.get(1), rands.get(0), false);
                }
                return binary(BinaryOp.PLUS, c);
            case MINUS:
                if (rands.size() == 2 && isInterval(rands.get(1)) && !isInterval(rands.get(0))) {
                    return dateAdd(rands.get(0), rands.get(1), true);
                }
                if (SqlTypeUtil.isInterval(c.getType())) {
                    throw new Unsupported("subtracting datetimes into an interval: " + c);
                }
                return binary(BinaryOp.MINUS, c);
            case TIMES:
                return binary(BinaryOp.MULTIPLY, c);
            case DIVIDE: {
                boolean integers = SqlTypeUtil.isIntType(rands.get(0).getType()) && SqlTypeUtil.isIntType(rands.get(1).getType());
                if (!integers && SqlTypeUtil.isApproximateNumeric(c.getType())) {
                    // a DOUBLE quotient (DaftTypeSystem makes decimal division DOUBLE): divide in double precision
                    return new BinaryExpr(BinaryOp.DIVIDE, new Cast(translate(rands.get(0)), DataType.FLOAT64),
                            new Cast(translate(rands.get(1)), DataType.FLOAT64));
                }
                return binary(integers ? BinaryOp.INT_DIVIDE : BinaryOp.DIVIDE, c);
            }
            case MOD:
                return binary(BinaryOp.MODULO, c);
            case MINUS_PREFIX:
                return new UnaryExpr(UnaryOp.NEGATE, translate(rands.get(0)));
            case PLUS_PREFIX:
                return translate(rands.get(0));
            case EQUALS: return binary(BinaryOp.EQ, c);
            case NOT_EQUALS: return binary(BinaryOp.NEQ, c);
            case LESS_THAN: return binary(BinaryOp.LT, c);
            case LESS_THAN_OR_EQUAL: return binary(BinaryOp.LTE, c);
            case GREATER_THAN: return binary(BinaryOp.GT, c);
            case GREATER_THAN_OR_EQUAL: return binary(BinaryOp.GTE, c);
            case IS_NOT_DISTINCT_FROM: return binary(BinaryOp.EQ_NULL_SAFE, c);
            case IS_DISTINCT_FROM: return new UnaryExpr(UnaryOp.NOT, binary(BinaryOp.EQ_NULL_SAFE, c));
            case AND: return binary(BinaryOp.AND, c);
            case OR: return binary(BinaryOp.OR, c);
            case NOT: return new UnaryExpr(UnaryOp.NOT, translate(rands.get(0)));
            case IS_NULL: return new UnaryExpr(UnaryOp.IS_NULL, translate(rands.get(0)));
            case IS_NOT_NULL: return new UnaryExpr(UnaryOp.IS_NOT_NULL, translate(rands.get(0)));
            case IS_TRUE: return isTrue(translate(rands.get(0)));
            case IS_NOT_TRUE: return new UnaryExpr(UnaryOp.NOT, isTrue(translate(rands.get(0))));
            case IS_FALSE: return isTrue(new UnaryExpr(UnaryOp.NOT, translate(rands.get(0))));
            case IS_NOT_FALSE: return new UnaryExpr(UnaryOp.NOT, isTrue(new UnaryExpr(UnaryOp.NOT, translate(rands.get(0)))));
            case CASE: {
                List<Expr> ops = operands(c);
                List<Expr> conds = new ArrayList<>();
                List<Expr> results = new ArrayList<>();
                for (int i = 0; i + 1 < ops.size(); i += 2) {
                    conds.add(ops.get(i));
                    results.add(coerce(ops.get(i + 1), c.getType()));
                }
                return new CaseWhen(conds, results, coerce(ops.get(ops.size() - 1), c.getType()));
            }
            case CAST:
            case SAFE_CAST: {
                if (kind == SqlKind.SAFE_CAST) {
                    throw new Unsupported("SAFE_CAST / TRY_CAST");
                }
                RelDataType to = c.getType();
                if (SqlTypeUtil.isInterval(to) || SqlTypeUtil.isInterval(rands.get(0).getType())) {
                    throw new Unsupported("casts involving intervals: " + c);
                }
                Expr child = translate(rands.get(0));
                DataType target = DaftTypes.toDaft(to);
                if (child.resolveType(input).equals(target)) {
                    return child;
                }
                return new Cast(child, target);
            }
            case REINTERPRET:
                return translate(rands.get(0));
            case IN:
            case NOT_IN: {
                List<Expr> ops = operands(c);
                return new InList(ops.get(0), ops.subList(1, ops.size()), kind == SqlKind.NOT_IN);
            }
            case LIKE: {
                SqlLikeOperator op = (SqlLikeOperator) c.getOperator();
                Expr like = new FunctionExpr(op.isCaseSensitive() ? "like" : "ilike", operands(c));
                return op.isNegated() ? new UnaryExpr(UnaryOp.NOT, like) : like;
            }
            case ITEM:
                switch (rands.get(0).getType().getSqlTypeName()) {
                    case ARRAY:
                        return new FunctionExpr("list_element", operands(c));
                    case MAP:
                        return new FunctionExpr("map_get", operands(c));
                    case ROW:
                        return structItem(c);
                    default:
                        throw new Unsupported("[] on " + rands.get(0).getType() + " in " + c);
                }
            case COALESCE:
                return new FunctionExpr("coalesce", coerceAll(operands(c), c.getType()));
            case ARRAY_VALUE_CONSTRUCTOR:
                return new FunctionExpr("list_value", coerceAll(operands(c), c.getType().getComponentType()));
            case EXTRACT: {
                Object unit = ((RexLiteral) rands.get(0)).getValue();
                String part = unit instanceof TimeUnitRange ? ((TimeUnitRange) unit).name() : String.valueOf(unit);
                return new FunctionExpr("extract", List.of(Literal.of(part.toLowerCase(Locale.ROOT)), translate(rands.get(1))));
            }
            case TRIM: {
                Object flag = ((RexLiteral) rands.get(0)).getValue();
                String fn = flag == SqlTrimFunction.Flag.LEADING ? "ltrim" : flag == SqlTrimFunction.Flag.TRAILING ? "rtrim" : "trim";
                return new FunctionExpr(fn, List.of(translate(rands.get(2)), translate(rands.get(1))));
            }
            case POSITION:
                if (rands.size() != 2) {
                    throw new Unsupported("POSITION with a start position");
                }
                return new FunctionExpr("strpos", List.of(translate(rands.get(1)), translate(rands.get(0))));
            case CEIL:
            case FLOOR:
                if (rands.size() == 2) {
                    if (kind == SqlKind.CEIL) {
                        throw new Unsupported("CEIL to a time unit");
                    }
                    Object unit = ((RexLiteral) rands.get(1)).getValue();
                    String u = unit instanceof TimeUnitRange ? ((TimeUnitRange) unit).name() : String.valueOf(unit);
                    return new FunctionExpr("date_trunc", List.of(Literal.of(u.toLowerCase(Locale.ROOT)), translate(rands.get(0))));
                }
                return new FunctionExpr(kind == SqlKind.CEIL ? "ceil" : "floor", operands(c));
            default:
                return function(c);
        }
    }

    private Expr function(RexCall c) {
        String name = c.getOperator().getName().toLowerCase(Locale.ROOT);
        switch (name) {
            case "||":
            case "concat":
                return new FunctionExpr("concat", operands(c));
            case "substring":
            case "substr":
                return new FunctionExpr("substring", operands(c));
            case "char_length":
            case "character_length":
            case "length":
                return new FunctionExpr("length", operands(c));
            case "cardinality":
                return new FunctionExpr("cardinality", operands(c));
            case "log10":
                return new FunctionExpr("log", operands(c));
            case "ln":
            case "abs":
            case "sqrt":
            case "exp":
            case "sign":
            case "power":
            case "round":
            case "upper":
            case "lower":
            case "replace":
            case "octet_length":
            case "left":
            case "right":
            case "strpos":
            case "starts_with":
            case "ends_with":
            case "contains":
            case "mod":
                return new FunctionExpr(name, operands(c));
            default:
                if (FunctionRegistry.contains(name) && c.getOperator().getKind() == SqlKind.OTHER_FUNCTION) {
                    return new FunctionExpr(name, operands(c));
                }
                throw new Unsupported("function or operator " + c.getOperator().getName() + " in " + c);
        }
    }

    /** {@code s['field']} or {@code s[i]} (1-based) on a ROW: the field, by a literal name or position. */
    private Expr structItem(RexCall c) {
        RexNode key = c.getOperands().get(1);
        List<org.apache.calcite.rel.type.RelDataTypeField> fields = c.getOperands().get(0).getType().getFieldList();
        String field;
        if (key instanceof RexLiteral && SqlTypeUtil.inCharFamily(key.getType())) {
            field = ((RexLiteral) key).getValueAs(String.class);
        } else if (longLiteral(key).isPresent() && longLiteral(key).get() >= 1 && longLiteral(key).get() <= fields.size()) {
            field = fields.get((int) (longLiteral(key).get() - 1)).getName();
        } else {
            throw new Unsupported("[] on a ROW with a key that is not a field name or position literal: " + c);
        }
        return new FunctionExpr("struct_get", List.of(translate(c.getOperands().get(0)), Literal.of(field)));
    }

    private List<Expr> coerceAll(List<Expr> es, RelDataType type) {
        List<Expr> out = new ArrayList<>(es.size());
        for (Expr e : es) {
            out.add(coerce(e, type));
        }
        return out;
    }

    private static Expr isTrue(Expr e) {
        return CaseWhen.ifElse(e, Literal.of(true), Literal.of(false));
    }

    private static boolean isInterval(RexNode n) {
        return SqlTypeUtil.isInterval(n.getType());
    }

    /** {@code x ± interval} for a literal interval (or literal × number) as {@code date_add(x, n, unit)}. */
    private Expr dateAdd(RexNode datetime, RexNode interval, boolean subtract) {
        Expr x = translate(datetime);
        boolean yearMonth = interval.getType().getSqlTypeName().getFamily() == SqlTypeFamily.INTERVAL_YEAR_MONTH;
        Expr amount;
        String unit;
        if (interval instanceof RexLiteral) {
            BigDecimal v = ((RexLiteral) interval).getValueAs(BigDecimal.class);
            if (v == null) {
                return Literal.nullOf(x.resolveType(input));
            }
            if (yearMonth) {
                amount = Literal.of(v.longValueExact());
                unit = "month";
            } else if (v.remainder(BigDecimal.valueOf(86_400_000L)).signum() == 0) {
                amount = Literal.of(v.divide(BigDecimal.valueOf(86_400_000L)).longValueExact());
                unit = "day";
            } else {
                amount = Literal.of(v.longValueExact());
                unit = "millisecond";
            }
        } else {
            throw new Unsupported("date arithmetic with a non-literal interval: " + interval);
        }
        if (subtract) {
            amount = new UnaryExpr(UnaryOp.NEGATE, amount);
        }
        return new FunctionExpr("date_add", List.of(x, amount, Literal.of(unit)));
    }

    static Optional<Long> longLiteral(RexNode n) {
        if (n instanceof RexLiteral && !((RexLiteral) n).isNull()) {
            return Optional.of(((RexLiteral) n).getValueAs(BigDecimal.class).longValueExact());
        }
        return Optional.empty();
    }
}
