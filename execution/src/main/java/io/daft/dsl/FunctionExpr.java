package io.daft.dsl;

import io.daft.core.Schema;
import io.daft.core.DataType;
import io.daft.functions.FunctionRegistry;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** A call of a named scalar function ({@link FunctionRegistry}): string, date/time, math, coalesce, ... */
public record FunctionExpr(String function, List<Expr> args) implements Expr {
    public FunctionExpr {
        requireNonNull(function, "function");
        args = List.copyOf(args);
    }

    @Override
    public DataType resolveType(Schema input) {
        List<DataType> types = new ArrayList<>(args.size());
        for (Expr a : args) {
            types.add(a.resolveType(input));
        }
        return FunctionRegistry.get(function).returnType(types, literalValues());
    }

    /** Each argument's value if it is a literal, else empty (what {@link io.daft.functions.ScalarFunction#returnType(List, List)} takes). */
    public List<Optional<Object>> literalValues() {
        List<Optional<Object>> out = new ArrayList<>(args.size());
        for (Expr a : args) {
            out.add(a instanceof Literal ? ((Literal) a).value() : Optional.empty());
        }
        return out;
    }

    @Override
    public String name() {
        return args.isEmpty() ? function : args.get(0).name();
    }

    @Override
    public List<Expr> children() {
        return args;
    }

    @Override
    public Expr withChildren(List<Expr> children) {
        return new FunctionExpr(function, children);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(function).append('(');
        for (int i = 0; i < args.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(args.get(i));
        }
        return sb.append(')').toString();
    }
}
