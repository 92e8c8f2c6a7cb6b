package io.daft.dsl.eval;

import io.daft.core.DaftException;
import io.daft.dsl.Alias;
import io.daft.dsl.BinaryExpr;
import io.daft.dsl.BinaryOp;
import io.daft.dsl.Expr;
import io.daft.dsl.Literal;
import io.daft.dsl.UnaryExpr;
import io.daft.dsl.UnaryOp;
import io.daft.recordbatch.RecordBatch;
import org.apache.arrow.vector.FieldVector;

import java.util.ArrayList;
import java.util.List;

/**
 * Folds constant subexpressions: a subtree whose leaves are all literals becomes one {@link Literal} (computed by
 * the evaluator on a one-row batch, so folding and execution cannot disagree), and boolean identities are
 * simplified ({@code x AND true -> x}, {@code x AND false -> false}, {@code x OR true -> true},
 * {@code x OR false -> x}, {@code NOT NOT x -> x}).
 *
 * <p>A constant subtree that fails to evaluate (an overflow, a bad cast) is left as it is: the error then surfaces
 * only if a row actually reaches it. The result keeps the input's output name (aliasing if a simplification
 * changed it).
 */
public final class ConstantFolder {
    private ConstantFolder() {
    }

    public static Expr fold(Expr expr) {
        Expr folded = foldRec(expr);
        if (!folded.name().equals(expr.name())) {
            return new Alias(folded, expr.name());
        }
        return folded;
    }

    private static Expr foldRec(Expr e) {
        List<Expr> children = e.children();
        if (children.isEmpty()) {
            return e;
        }
        List<Expr> folded = new ArrayList<>(children.size());
        boolean changed = false;
        boolean allLiterals = true;
        for (Expr c : children) {
            Expr f = foldRec(c);
            changed |= f != c;
            allLiterals &= f instanceof Literal;
            folded.add(f);
        }
        Expr node = changed ? e.withChildren(folded) : e;
        if (node instanceof Alias) {
            return node;
        }
        Expr simplified = simplify(node);
        if (simplified != node) {
            return simplified;
        }
        if (allLiterals) {
            Literal value = evaluate(node);
            if (value != null) {
                return value;
            }
        }
        return node;
    }

    private static Expr simplify(Expr node) {
        if (node instanceof BinaryExpr) {
            BinaryExpr b = (BinaryExpr) node;
            if (b.op() == BinaryOp.AND || b.op() == BinaryOp.OR) {
                boolean and = b.op() == BinaryOp.AND;
                Boolean l = boolValue(b.left());
                Boolean r = boolValue(b.right());
                // x AND false = false even for a null x; x AND true = x (likewise for OR)
                if ((l != null && l != and) || (r != null && r != and)) {
                    return Literal.of(!and);
                }
                if (l != null && r == null && isBooleanTyped(b.right())) {
                    return b.right();
                }
                if (r != null && l == null && isBooleanTyped(b.left())) {
                    return b.left();
                }
            }
        }
        if (node instanceof UnaryExpr) {
            UnaryExpr u = (UnaryExpr) node;
            if (u.op() == UnaryOp.NOT && u.child() instanceof UnaryExpr && ((UnaryExpr) u.child()).op() == UnaryOp.NOT) {
                return ((UnaryExpr) u.child()).child();
            }
        }
        return node;
    }

    /** A typed-null literal is not a boolean constant; other expressions are assumed boolean (type checking ensures it). */
    private static boolean isBooleanTyped(Expr e) {
        return !(e instanceof Literal) || ((Literal) e).type().id() == io.daft.core.TypeId.BOOLEAN;
    }

    private static Boolean boolValue(Expr e) {
        if (e instanceof Literal) {
            Literal l = (Literal) e;
            if (!l.isNullValue() && l.type().id() == io.daft.core.TypeId.BOOLEAN) {
                return (Boolean) l.value().get();
            }
        }
        return null;
    }

    private static Literal evaluate(Expr node) {
        try (RecordBatch one = RecordBatch.ofRowCount(1); FieldVector v = ExprEvaluator.eval(node, one)) {
            return Literals.fromVector(v, 0);
        } catch (DaftException e) {
            return null;
        }
    }
}
