package io.daft.dsl;

import io.daft.core.DataType;
import io.daft.core.Schema;
import io.daft.core.TypeId;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Tree utilities over expressions. */
public final class Exprs {
    private Exprs() {
    }

    public static ColumnRef col(String name) {
        return new ColumnRef(name);
    }

    /** The input columns an expression reads, in first-use order. */
    public static List<String> columnsOf(Expr e) {
        Set<String> out = new LinkedHashSet<>();
        collectColumns(e, out);
        return new ArrayList<>(out);
    }

    public static Set<String> columnsOf(List<? extends Expr> exprs) {
        Set<String> out = new LinkedHashSet<>();
        for (Expr e : exprs) {
            collectColumns(e, out);
        }
        return out;
    }

    private static void collectColumns(Expr e, Set<String> out) {
        if (e instanceof ColumnRef) {
            out.add(((ColumnRef) e).column());
        }
        for (Expr c : e.children()) {
            collectColumns(c, out);
        }
    }

    /** Rewrites bottom-up: children first, then {@code f} on the rebuilt node. */
    public static Expr transformUp(Expr e, Function<Expr, Expr> f) {
        List<Expr> children = e.children();
        Expr rebuilt = e;
        if (!children.isEmpty()) {
            List<Expr> newChildren = new ArrayList<>(children.size());
            boolean changed = false;
            for (Expr c : children) {
                Expr nc = transformUp(c, f);
                changed |= nc != c;
                newChildren.add(nc);
            }
            if (changed) {
                rebuilt = e.withChildren(newChildren);
            }
        }
        return f.apply(rebuilt);
    }

    /** Replaces column references by the expressions they name in {@code bindings} (aliases stripped). */
    public static Expr substitute(Expr e, Map<String, Expr> bindings) {
        return transformUp(e, x -> {
            if (x instanceof ColumnRef) {
                Expr b = bindings.get(((ColumnRef) x).column());
                if (b != null) {
                    return unalias(b);
                }
            }
            return x;
        });
    }

    public static Expr unalias(Expr e) {
        while (e instanceof Alias) {
            e = ((Alias) e).child();
        }
        return e;
    }

    /** Splits a conjunction into its conjuncts. */
    public static List<Expr> conjuncts(Expr e) {
        List<Expr> out = new ArrayList<>();
        splitAnd(e, out);
        return out;
    }

    private static void splitAnd(Expr e, List<Expr> out) {
        if (e instanceof BinaryExpr && ((BinaryExpr) e).op() == BinaryOp.AND) {
            splitAnd(((BinaryExpr) e).left(), out);
            splitAnd(((BinaryExpr) e).right(), out);
        } else {
            out.add(e);
        }
    }

    /** The conjunction of {@code parts} (at least one). */
    public static Expr and(List<Expr> parts) {
        Expr out = parts.get(0);
        for (int i = 1; i < parts.size(); i++) {
            out = new BinaryExpr(BinaryOp.AND, out, parts.get(i));
        }
        return out;
    }

    /** Whether the expression is deterministic and cheap enough to move around freely. */
    public static boolean isColumnOrLiteral(Expr e) {
        Expr u = unalias(e);
        return u instanceof ColumnRef || u instanceof Literal;
    }

    /**
     * Whether {@code e} is boolean logic over comparisons (also IN, BETWEEN, IS NULL) of columns and literals whose
     * types compare without casts that could fail: it cannot raise an error on any row, so it may be evaluated on
     * rows other conditions would have ruled out first.
     */
    public static boolean cannotFail(Expr e, Schema schema) {
        if (e instanceof BinaryExpr) {
            BinaryExpr b = (BinaryExpr) e;
            if (b.op().isLogical()) {
                return cannotFail(b.left(), schema) && cannotFail(b.right(), schema);
            }
            return b.op().isComparison() && comparable(b.left(), b.right(), schema);
        }
        if (e instanceof UnaryExpr) {
            UnaryExpr u = (UnaryExpr) e;
            if (u.op() == UnaryOp.IS_NULL || u.op() == UnaryOp.IS_NOT_NULL) {
                return leaf(u.child());
            }
            return u.op() == UnaryOp.NOT && cannotFail(u.child(), schema);
        }
        if (e instanceof InList) {
            InList in = (InList) e;
            for (Expr v : in.values()) {
                if (!(v instanceof Literal) || !comparable(in.child(), v, schema)) {
                    return false;
                }
            }
            return true;
        }
        if (e instanceof Between) {
            Between b = (Between) e;
            return comparable(b.child(), b.low(), schema) && comparable(b.child(), b.high(), schema);
        }
        return false;
    }

    private static boolean leaf(Expr e) {
        return e instanceof ColumnRef || e instanceof Literal;
    }

    private static boolean comparable(Expr a, Expr b, Schema schema) {
        if (!leaf(a) || !leaf(b)) {
            return false;
        }
        DataType x = a.resolveType(schema);
        DataType y = b.resolveType(schema);
        return x.id() == TypeId.NULL || y.id() == TypeId.NULL || x.id() == y.id() || (x.isNumeric() && y.isNumeric());
    }
}
