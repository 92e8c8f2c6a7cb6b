package io.daft.dsl;

import io.daft.core.DaftException;
import io.daft.core.DataType;
import io.daft.core.TypeId;

/** Type rules of operators: result types, implicit widening, comparability and legal casts. */
public final class TypeRules {
    private TypeRules() {
    }

    public static DataType binary(BinaryOp op, DataType l, DataType r, Expr where) {
        if (op.isLogical()) {
            requireBoolean(l, where);
            requireBoolean(r, where);
            return DataType.BOOLEAN;
        }
        if (op.isComparison()) {
            comparable(l, r, where);
            return DataType.BOOLEAN;
        }
        return arithmetic(op, l, r, where);
    }

    private static void requireBoolean(DataType t, Expr where) {
        if (t.id() != TypeId.BOOLEAN && t.id() != TypeId.NULL) {
            throw new DaftException("expected a boolean, got " + t + " in " + where);
        }
    }

    public static DataType arithmetic(BinaryOp op, DataType l, DataType r, Expr where) {
        if (l.id() == TypeId.NULL && r.id() == TypeId.NULL) {
            return DataType.NULL;
        }
        if (l.id() == TypeId.NULL) {
            l = r;
        }
        if (r.id() == TypeId.NULL) {
            r = l;
        }
        // date +/- integer days, date - date = days
        if (l.id() == TypeId.DATE || r.id() == TypeId.DATE) {
            if (op == BinaryOp.MINUS && l.id() == TypeId.DATE && r.id() == TypeId.DATE) {
                return DataType.INT32;
            }
            if ((op == BinaryOp.PLUS || op == BinaryOp.MINUS) && l.id() == TypeId.DATE && r.isInteger()) {
                return DataType.DATE;
            }
            if (op == BinaryOp.PLUS && r.id() == TypeId.DATE && l.isInteger()) {
                return DataType.DATE;
            }
            throw new DaftException("cannot apply " + op.symbol() + " to " + l + " and " + r + " in " + where);
        }
        if (!l.isNumeric() || !r.isNumeric()) {
            throw new DaftException("cannot apply " + op.symbol() + " to " + l + " and " + r + " in " + where);
        }
        if (l.id() == TypeId.DECIMAL || r.id() == TypeId.DECIMAL) {
            if (l.isFloating() || r.isFloating()) {
                return DataType.FLOAT64;
            }
            return decimalArithmetic(op, asDecimal(l), asDecimal(r));
        }
        if (op == BinaryOp.DIVIDE && l.isInteger() && r.isInteger()) {
            return DataType.FLOAT64;
        }
        return widerNumeric(l, r);
    }

    /** Decimal result types, following SQL Server's/Calcite's rules, capped at precision 38. */
    public static DataType decimalArithmetic(BinaryOp op, DataType l, DataType r) {
        int p1 = l.precision();
        int s1 = l.scale();
        int p2 = r.precision();
        int s2 = r.scale();
        int p;
        int s;
        switch (op) {
            case PLUS:
            case MINUS:
                s = Math.max(s1, s2);
                p = Math.max(p1 - s1, p2 - s2) + s + 1;
                break;
            case MULTIPLY:
                s = s1 + s2;
                p = p1 + p2 + 1;
                break;
            case DIVIDE:
                s = Math.max(6, s1 + p2 + 1);
                p = p1 - s1 + s2 + s;
                break;
            case INT_DIVIDE:
                return DataType.INT64;
            case MODULO:
                s = Math.max(s1, s2);
                p = Math.min(p1 - s1, p2 - s2) + s;
                break;
            default:
                throw new AssertionError(op);
        }
        if (p > DataType.MAX_DECIMAL_PRECISION) {
            int intDigits = p - s;
            s = Math.max(Math.min(s, 6), DataType.MAX_DECIMAL_PRECISION - intDigits);
            s = Math.max(0, Math.min(s, DataType.MAX_DECIMAL_PRECISION));
            p = DataType.MAX_DECIMAL_PRECISION;
        }
        return DataType.decimal(p, Math.min(s, p));
    }

    /** The decimal type that holds every value of an integer or decimal type. */
    public static DataType asDecimal(DataType t) {
        switch (t.id()) {
            case DECIMAL: return t;
            case INT8: return DataType.decimal(3, 0);
            case INT16: return DataType.decimal(5, 0);
            case INT32: return DataType.decimal(10, 0);
            case INT64: return DataType.decimal(19, 0);
            default: throw new DaftException(t + " has no decimal form");
        }
    }

    public static DataType widerNumeric(DataType l, DataType r) {
        if (l.isFloating() || r.isFloating()) {
            return (l.id() == TypeId.FLOAT32 && (r.id() == TypeId.FLOAT32 || r.id() == TypeId.INT8 || r.id() == TypeId.INT16))
                    || (r.id() == TypeId.FLOAT32 && (l.id() == TypeId.INT8 || l.id() == TypeId.INT16))
                    ? DataType.FLOAT32 : DataType.FLOAT64;
        }
        return l.id().ordinal() >= r.id().ordinal() ? l : r;
    }

    /** Two types that can be compared (after implicit widening); an error naming both otherwise. */
    public static void comparable(DataType l, DataType r, Expr where) {
        commonSuperType(l, r, where);
    }

    /** The type both sides widen to; an error naming both if there is none. */
    public static DataType commonSuperType(DataType l, DataType r, Object where) {
        if (l.equals(r)) {
            return l;
        }
        if (l.id() == TypeId.NULL) {
            return r;
        }
        if (r.id() == TypeId.NULL) {
            return l;
        }
        if (l.isNumeric() && r.isNumeric()) {
            if (l.id() == TypeId.DECIMAL || r.id() == TypeId.DECIMAL) {
                if (l.isFloating() || r.isFloating()) {
                    return DataType.FLOAT64;
                }
                DataType a = asDecimal(l);
                DataType b = asDecimal(r);
                int s = Math.max(a.scale(), b.scale());
                int p = Math.min(DataType.MAX_DECIMAL_PRECISION, Math.max(a.precision() - a.scale(), b.precision() - b.scale()) + s);
                return DataType.decimal(p, s);
            }
            return widerNumeric(l, r);
        }
        if (l.id() == r.id()) {
            if (l.id() == TypeId.TIMESTAMP) {
                return l.timeUnit().ordinal() >= r.timeUnit().ordinal() ? l : r;
            }
            return l;
        }
        if ((l.id() == TypeId.DATE && r.id() == TypeId.TIMESTAMP)) {
            return r;
        }
        if ((r.id() == TypeId.DATE && l.id() == TypeId.TIMESTAMP)) {
            return l;
        }
        throw new DaftException("types " + l + " and " + r + " are not compatible in " + where);
    }

    public static void checkCast(DataType from, DataType to, Expr where) {
        if (from.equals(to) || from.id() == TypeId.NULL) {
            return;
        }
        boolean ok;
        switch (to.id()) {
            case UTF8:
                ok = !from.isNested();
                break;
            case BOOLEAN:
                ok = from.isNumeric() || from.id() == TypeId.UTF8;
                break;
            case INT8: case INT16: case INT32: case INT64: case FLOAT32: case FLOAT64: case DECIMAL:
                ok = from.isNumeric() || from.id() == TypeId.UTF8 || from.id() == TypeId.BOOLEAN;
                break;
            case DATE:
                ok = from.id() == TypeId.UTF8 || from.id() == TypeId.TIMESTAMP;
                break;
            case TIMESTAMP:
                ok = from.id() == TypeId.UTF8 || from.id() == TypeId.DATE || from.id() == TypeId.TIMESTAMP;
                break;
            case BINARY:
                ok = from.id() == TypeId.UTF8;
                break;
            case LIST:
            case MAP:
            case STRUCT:
                ok = nestedCastable(from, to, where);
                break;
            default:
                ok = false;
        }
        if (!ok) {
            throw new DaftException("cannot cast " + from + " to " + to + " in " + where);
        }
    }

    /** Lists to lists and maps to maps element-wise, structs to structs field by position (as the cast kernel does). */
    private static boolean nestedCastable(DataType from, DataType to, Expr where) {
        if (from.id() != to.id() || from.children().size() != to.children().size()) {
            return false;
        }
        for (int i = 0; i < from.children().size(); i++) {
            DataType a = from.children().get(i).dataType();
            DataType b = to.children().get(i).dataType();
            if (!a.equals(b) && a.id() != TypeId.NULL) {
                try {
                    checkCast(a, b, where);
                } catch (DaftException e) {
                    return false;
                }
            }
        }
        return true;
    }
}
