package io.daft.dsl;

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
}
