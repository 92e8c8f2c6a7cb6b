package io.daft.dsl;

import io.daft.core.DaftException;
import io.daft.core.DataType;
import io.daft.core.Schema;
import io.daft.core.TypeId;

import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * {@code CASE WHEN c1 THEN v1 ... ELSE e END}. A null condition counts as false; without ELSE the result is null.
 * All branches must share one type (the planner inserts casts).
 */
public record CaseWhen(List<Expr> conditions, List<Expr> results, Expr otherwise) implements Expr {
    public CaseWhen {
        conditions = List.copyOf(conditions);
        results = List.copyOf(results);
        requireNonNull(otherwise, "otherwise");
        if (conditions.size() != results.size() || conditions.isEmpty()) {
            throw new IllegalArgumentException("CASE needs as many results as conditions, and at least one");
        }
    }

    /** {@code if cond then a else b}. */
    public static CaseWhen ifElse(Expr condition, Expr then, Expr otherwise) {
        return new CaseWhen(List.of(condition), List.of(then), otherwise);
    }

    @Override
    public DataType resolveType(Schema input) {
        for (Expr c : conditions) {
            DataType t = c.resolveType(input);
            if (t.id() != TypeId.BOOLEAN && t.id() != TypeId.NULL) {
                throw new DaftException("CASE condition must be boolean, got " + t + " in " + c);
            }
        }
        DataType type = otherwise.resolveType(input);
        for (Expr r : results) {
            type = TypeRules.commonSuperType(type, r.resolveType(input), this);
        }
        return type;
    }

    @Override
    public String name() {
        return results.get(0).name();
    }

    @Override
    public List<Expr> children() {
        List<Expr> all = new ArrayList<>(conditions);
        all.addAll(results);
        all.add(otherwise);
        return all;
    }

    @Override
    public Expr withChildren(List<Expr> children) {
        int n = conditions.size();
        return new CaseWhen(children.subList(0, n), children.subList(n, 2 * n), children.get(2 * n));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("CASE");
        for (int i = 0; i < conditions.size(); i++) {
            sb.append(" WHEN ").append(conditions.get(i)).append(" THEN ").append(results.get(i));
        }
        return sb.append(" ELSE ").append(otherwise).append(" END").toString();
    }
}
