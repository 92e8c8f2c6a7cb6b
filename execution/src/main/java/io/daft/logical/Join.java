package io.daft.logical;

import io.daft.core.DaftException;
import io.daft.core.Field;
import io.daft.core.Schema;
import io.daft.dsl.Expr;
import io.daft.dsl.TypeRules;
import io.daft.ops.join.JoinType;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * An equi-join on {@code leftOn[i] = rightOn[i]} (null keys never match), optionally with a residual condition
 * over the joined row. Output: the left columns, then the right columns, a right column whose name is taken
 * being renamed {@code right.<name>} (as Daft does). SEMI and ANTI output only the left columns.
 */
public final class Join extends LogicalPlan {
    private final LogicalPlan left;
    private final LogicalPlan right;
    private final List<Expr> leftOn;
    private final List<Expr> rightOn;
    private final JoinType joinType;
    private final Optional<Expr> residual;
    private final Schema schema;
    private final List<String> rightOutputNames;

    public Join(LogicalPlan left, LogicalPlan right, List<Expr> leftOn, List<Expr> rightOn, JoinType joinType, Optional<Expr> residual) {
        this.left = requireNonNull(left, "left");
        this.right = requireNonNull(right, "right");
        this.leftOn = List.copyOf(leftOn);
        this.rightOn = List.copyOf(rightOn);
        this.joinType = requireNonNull(joinType, "joinType");
        this.residual = requireNonNull(residual, "residual");
        if (leftOn.size() != rightOn.size()) {
            throw new DaftException("join needs as many left keys as right keys, got " + leftOn + " and " + rightOn);
        }
        if (leftOn.isEmpty() && residual.isEmpty() && joinType != JoinType.INNER) {
            throw new DaftException(joinType + " join needs keys or a condition");
        }
        for (int i = 0; i < leftOn.size(); i++) {
            TypeRules.commonSuperType(leftOn.get(i).resolveType(left.schema()), rightOn.get(i).resolveType(right.schema()),
                    "join key " + leftOn.get(i) + " = " + rightOn.get(i));
        }
        Set<String> taken = new HashSet<>(left.schema().names());
        List<Field> fields = new ArrayList<>(left.schema().fields());
        List<String> rightNames = new ArrayList<>();
        for (Field f : right.schema().fields()) {
            String name = f.name();
            if (taken.contains(name)) {
                name = "right." + name;
                if (taken.contains(name)) {
                    throw new DaftException("join output would have two columns named '" + name + "'");
                }
            }
            taken.add(name);
            rightNames.add(name);
            fields.add(new Field(name, f.dataType(), true));
        }
        this.rightOutputNames = List.copyOf(rightNames);
        Schema joined = new Schema(fields);
        residual.ifPresent(r -> r.resolveType(joined));
        this.schema = joinType == JoinType.SEMI || joinType == JoinType.ANTI ? left.schema() : joined;
    }

    public LogicalPlan left() {
        return left;
    }

    public LogicalPlan right() {
        return right;
    }

    public List<Expr> leftOn() {
        return leftOn;
    }

    public List<Expr> rightOn() {
        return rightOn;
    }

    public JoinType joinType() {
        return joinType;
    }

    public Optional<Expr> residual() {
        return residual;
    }

    /** Names of the right columns in the joined row (renamed where they clash with a left name). */
    public List<String> rightOutputNames() {
        return rightOutputNames;
    }

    /** The left columns then the (renamed) right columns: the row the residual condition sees. */
    public Schema joinedSchema() {
        List<Field> fields = new ArrayList<>(left.schema().fields());
        for (int i = 0; i < rightOutputNames.size(); i++) {
            fields.add(new Field(rightOutputNames.get(i), right.schema().field(i).dataType(), true));
        }
        return new Schema(fields);
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public List<LogicalPlan> children() {
        return List.of(left, right);
    }

    @Override
    public LogicalPlan withChildren(List<LogicalPlan> children) {
        return new Join(children.get(0), children.get(1), leftOn, rightOn, joinType, residual);
    }

    @Override
    public String describe() {
        return "Join: " + joinType + " on " + leftOn + " = " + rightOn + residual.map(r -> " and " + r).orElse("");
    }
}
