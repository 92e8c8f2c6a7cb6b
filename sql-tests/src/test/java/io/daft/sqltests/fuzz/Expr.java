package io.daft.sqltests.fuzz;

import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A generated SQL expression: a template whose {@code {0}}, {@code {1}}... are its arguments' texts, and its kind.
 * Kept as a tree so the reducer can replace a node by one of its arguments of the same kind.
 */
record Expr(FuzzType type, String template, List<Expr> args) {
    Expr {
        requireNonNull(type, "type");
        requireNonNull(template, "template");
        args = List.copyOf(args);
    }

    static Expr leaf(FuzzType type, String sql) {
        return new Expr(type, sql, List.of());
    }

    static Expr of(FuzzType type, String template, Expr... args) {
        return new Expr(type, template, List.of(args));
    }

    String sql() {
        if (args.isEmpty()) {
            return template;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            int close = template.indexOf('}', i);
            if (c == '{' && close > i + 1 && close <= i + 3 && template.substring(i + 1, close).chars().allMatch(Character::isDigit)) {
                sb.append(args.get(Integer.parseInt(template.substring(i + 1, close))).sql());
                i = close;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Every expression one step simpler: this node replaced by an argument of its kind, or one argument simplified. */
    List<Expr> simplifications() {
        List<Expr> out = new ArrayList<>();
        for (Expr a : args) {
            if (a.type == type) {
                out.add(a);
            }
        }
        for (int i = 0; i < args.size(); i++) {
            for (Expr s : args.get(i).simplifications()) {
                List<Expr> copy = new ArrayList<>(args);
                copy.set(i, s);
                out.add(new Expr(type, template, copy));
            }
        }
        return out;
    }
}
