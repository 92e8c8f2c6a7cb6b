package io.daft.dsl.eval;

import io.daft.core.DaftException;
import io.daft.core.DataType;
import io.daft.core.Field;
import io.daft.core.Schema;
import io.daft.core.TypeId;
import io.daft.dsl.Alias;
import io.daft.dsl.Between;
import io.daft.dsl.BinaryExpr;
import io.daft.dsl.BinaryOp;
import io.daft.dsl.CaseWhen;
import io.daft.dsl.Cast;
import io.daft.dsl.ColumnRef;
import io.daft.dsl.Expr;
import io.daft.dsl.Exprs;
import io.daft.dsl.FunctionExpr;
import io.daft.dsl.InList;
import io.daft.dsl.Literal;
import io.daft.dsl.TypeRules;
import io.daft.dsl.UnaryExpr;
import io.daft.functions.FunctionRegistry;
import io.daft.functions.ScalarFunction;
import io.daft.recordbatch.DictionaryCodes;
import io.daft.recordbatch.RecordBatch;
import io.daft.recordbatch.Vectors;
import org.apache.arrow.vector.FieldVector;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Vectorized evaluation of expressions over a batch. Each node turns whole input columns into one output column;
 * the type switch happens once per node and batch, inside the kernels ({@link Arithmetic}, {@link Comparisons},
 * {@link Logic}, {@link Casts}, functions). Intermediate columns are closed as soon as their parent is computed.
 */
public final class ExprEvaluator {
    private ExprEvaluator() {
    }

    /**
     * Evaluates {@code expr} over every row of {@code batch}: a new vector named {@code expr.name()} of type
     * {@code expr.resolveType(batch.schema())} with {@code batch.rowCount()} values; the caller owns (closes) it.
     */
    public static FieldVector eval(Expr expr, RecordBatch batch) {
        FieldVector v = evalNode(expr, batch);
        if (!v.getName().equals(expr.name())) {
            try (FieldVector old = v) {
                return Vectors.rename(old, expr.name());
            }
        }
        return v;
    }

    /** Evaluates each expression into a column of a new batch (columns named {@code expr.name()}); the caller closes it. */
    public static RecordBatch project(List<Expr> exprs, RecordBatch batch) {
        List<Field> fields = new ArrayList<>(exprs.size());
        for (Expr e : exprs) {
            fields.add(e.toField(batch.schema()));
        }
        Schema schema = new Schema(fields); // checks names are unique before any work
        List<Expr> common = commonSubexpressions(exprs);
        if (!common.isEmpty()) {
            return projectSharing(exprs, common, schema, batch);
        }
        List<FieldVector> cols = new ArrayList<>(exprs.size());
        List<Optional<DictionaryCodes>> codes = new ArrayList<>(exprs.size());
        try {
            for (Expr e : exprs) {
                cols.add(eval(e, batch));
                codes.add(passedThrough(e, batch));
            }
        } catch (RuntimeException ex) {
            for (FieldVector c : cols) {
                c.close();
            }
            throw ex;
        }
        return RecordBatch.of(schema, cols, batch.rowCount(), codes);
    }

    /** A column passed through unchanged (perhaps renamed) keeps its dictionary codes. */
    private static Optional<DictionaryCodes> passedThrough(Expr e, RecordBatch batch) {
        Expr inner = e;
        while (inner instanceof Alias) {
            inner = ((Alias) inner).child();
        }
        if (inner instanceof ColumnRef) {
            return batch.dictionaryCodes(batch.schema().requireIndex(((ColumnRef) inner).column()));
        }
        return Optional.empty();
    }

    /**
     * Subexpressions (beyond columns and literals) that occur more than once where every row evaluates them,
     * children before parents: TPC-H q01's {@code price * (1 - discount)} is also a factor of its next column.
     * Parts of CASE, COALESCE and AND/OR are left out, since those evaluate them on some rows only.
     */
    private static List<Expr> commonSubexpressions(List<Expr> exprs) {
        if (exprs.size() < 2) {
            return List.of();
        }
        java.util.Map<Expr, Integer> counts = new java.util.LinkedHashMap<>();
        for (Expr e : exprs) {
            countEverywhere(e, counts);
        }
        List<Expr> common = new ArrayList<>();
        // post-order of the first occurrences keeps children before parents
        Set<Expr> seen = new java.util.HashSet<>();
        for (Expr e : exprs) {
            collectCommon(e, counts, seen, common);
        }
        return common;
    }

    private static boolean everyRow(Expr e) {
        if (e instanceof CaseWhen || (e instanceof BinaryExpr && ((BinaryExpr) e).op().isLogical())) {
            return false;
        }
        return !(e instanceof FunctionExpr && ((FunctionExpr) e).function().equalsIgnoreCase("coalesce"));
    }

    private static void countEverywhere(Expr e, java.util.Map<Expr, Integer> counts) {
        if (e instanceof Alias) {
            countEverywhere(((Alias) e).child(), counts);
            return;
        }
        if (e instanceof ColumnRef || e instanceof Literal || !everyRow(e)) {
            return;
        }
        counts.merge(e, 1, Integer::sum);
        for (Expr c : e.children()) {
            countEverywhere(c, counts);
        }
    }

    private static void collectCommon(Expr e, java.util.Map<Expr, Integer> counts, Set<Expr> seen, List<Expr> out) {
        if (e instanceof Alias) {
            collectCommon(((Alias) e).child(), counts, seen, out);
            return;
        }
        if (e instanceof ColumnRef || e instanceof Literal || !everyRow(e)) {
            return;
        }
        for (Expr c : e.children()) {
            collectCommon(c, counts, seen, out);
        }
        if (counts.getOrDefault(e, 0) > 1 && seen.add(e)) {
            out.add(e);
        }
    }

    /** {@code e} with the subexpressions in {@code done} (not {@code e} itself) replaced by their columns. */
    private static Expr replaceBelow(Expr e, java.util.Map<Expr, String> done) {
        List<Expr> children = e.children();
        if (children.isEmpty()) {
            return e;
        }
        List<Expr> next = new ArrayList<>(children.size());
        boolean changed = false;
        for (Expr c : children) {
            String col = done.get(c);
            Expr n = col != null ? new ColumnRef(col) : replaceBelow(c, done);
            changed |= n != c;
            next.add(n);
        }
        return changed ? e.withChildren(next) : e;
    }

    /** {@link #project} computing each of {@code common} once, as a temporary column the expressions then read. */
    private static RecordBatch projectSharing(List<Expr> exprs, List<Expr> common, Schema schema, RecordBatch batch) {
        int n = batch.rowCount();
        List<Field> workFields = new ArrayList<>(batch.schema().fields());
        List<FieldVector> workCols = new ArrayList<>();
        for (int i = 0; i < batch.numColumns(); i++) {
            workCols.add(Vectors.share(batch.column(i)));
        }
        RecordBatch work = RecordBatch.of(new Schema(workFields), workCols, n);
        java.util.Map<Expr, String> done = new java.util.HashMap<>();
        List<FieldVector> cols = new ArrayList<>(exprs.size());
        try {
            for (Expr c : common) {
                String temp = "__common_" + done.size();
                while (work.schema().contains(temp)) {
                    temp = "_" + temp;
                }
                FieldVector v = evalNode(replaceBelow(c, done), work);
                List<Field> f = new ArrayList<>(work.schema().fields());
                List<FieldVector> vs = new ArrayList<>();
                for (int i = 0; i < work.numColumns(); i++) {
                    vs.add(Vectors.share(work.column(i)));
                }
                try (FieldVector named = v) {
                    vs.add(Vectors.rename(named, temp));
                }
                f.add(new Field(temp, c.resolveType(work.schema()), true));
                RecordBatch next = RecordBatch.of(new Schema(f), vs, n);
                work.close();
                work = next;
                done.put(c, temp);
            }
            for (Expr e : exprs) {
                Expr u = Exprs.unalias(e);
                String col = done.get(u);
                Expr rewritten = col != null ? new ColumnRef(col) : replaceBelow(u, done);
                FieldVector v = evalNode(rewritten, work);
                if (!v.getName().equals(e.name())) {
                    try (FieldVector old = v) {
                        v = Vectors.rename(old, e.name());
                    }
                }
                cols.add(v);
            }
        } catch (RuntimeException ex) {
            for (FieldVector c : cols) {
                c.close();
            }
            throw ex;
        } finally {
            work.close();
        }
        List<Optional<DictionaryCodes>> codes = new ArrayList<>(exprs.size());
        for (Expr e : exprs) {
            codes.add(passedThrough(e, batch));
        }
        return RecordBatch.of(schema, cols, n, codes);
    }

    /** The rows of {@code batch} where {@code predicate} is true (null counts as false), as a new batch. */
    public static RecordBatch filter(Expr predicate, RecordBatch batch) {
        DataType t = predicate.resolveType(batch.schema());
        if (t.id() != TypeId.BOOLEAN && t.id() != TypeId.NULL) {
            throw new DaftException("filter predicate must be boolean, got " + t + " in " + predicate);
        }
        try (FieldVector mask = eval(predicate, batch)) {
            if (t.id() == TypeId.NULL) {
                return batch.take(new int[0], 0);
            }
            int[] sel = Vectors.selection((org.apache.arrow.vector.BitVector) mask);
            return sel.length == batch.rowCount() ? batch.share() : batch.take(sel, sel.length);
        }
    }

    private static FieldVector evalNode(Expr expr, RecordBatch batch) {
        int n = batch.rowCount();
        Schema schema = batch.schema();
        String name = expr.name();
        if (expr instanceof ColumnRef) {
            return Vectors.share(batch.column(schema.requireIndex(((ColumnRef) expr).column())));
        }
        if (expr instanceof Literal) {
            return Literals.toVector((Literal) expr, n, name);
        }
        if (expr instanceof Alias) {
            return evalNode(((Alias) expr).child(), batch);
        }
        if (expr instanceof Cast) {
            Cast c = (Cast) expr;
            c.resolveType(schema); // checks the cast is legal
            try (FieldVector v = evalNode(c.child(), batch)) {
                return Casts.cast(v, c.type(), expr);
            }
        }
        if (expr instanceof UnaryExpr) {
            return unary((UnaryExpr) expr, batch, name);
        }
        if (expr instanceof BinaryExpr) {
            return binary((BinaryExpr) expr, batch, name);
        }
        if (expr instanceof InList) {
            return inList((InList) expr, batch, name);
        }
        if (expr instanceof Between) {
            return between((Between) expr, batch, name);
        }
        if (expr instanceof CaseWhen) {
            return caseWhen((CaseWhen) expr, batch, name);
        }
        if (expr instanceof FunctionExpr) {
            return function((FunctionExpr) expr, batch, name);
        }
        throw new DaftException("cannot evaluate expression " + expr + " (" + expr.getClass().getSimpleName() + ")");
    }

    private static FieldVector unary(UnaryExpr u, RecordBatch batch, String name) {
        DataType t = u.child().resolveType(batch.schema());
        u.resolveType(batch.schema());
        try (FieldVector v = evalNode(u.child(), batch)) {
            switch (u.op()) {
                case NOT:
                    return Logic.not(v, name);
                case NEGATE:
                    return Arithmetic.negate(v, t, name, u);
                case IS_NULL:
                    return Logic.isNull(v, false, name);
                case IS_NOT_NULL:
                    return Logic.isNull(v, true, name);
                default:
                    throw new AssertionError(u.op());
            }
        }
    }

    private static FieldVector binary(BinaryExpr b, RecordBatch batch, String name) {
        Schema schema = batch.schema();
        DataType out = b.resolveType(schema);
        DataType lt = b.left().resolveType(schema);
        DataType rt = b.right().resolveType(schema);
        if (b.op().isComparison() && (b.left() instanceof Literal) != (b.right() instanceof Literal)
                && Comparisons.scalarApplicable(b.op(), b.left() instanceof Literal ? rt : lt,
                        (Literal) (b.left() instanceof Literal ? b.left() : b.right()), b)) {
            boolean litLeft = b.left() instanceof Literal;
            try (FieldVector c = evalNode(litLeft ? b.right() : b.left(), batch)) {
                FieldVector r = Comparisons.evalScalar(b.op(), c, litLeft ? rt : lt, (Literal) (litLeft ? b.left() : b.right()),
                        litLeft, name, b);
                if (r != null) {
                    return r;
                }
            }
        }
        BinaryOp op = b.op();
        if (op.isArithmetic() && (b.left() instanceof Literal) != (b.right() instanceof Literal)) {
            boolean litLeft = b.left() instanceof Literal;
            Literal lit = (Literal) (litLeft ? b.left() : b.right());
            DataType colType = litLeft ? rt : lt;
            if (!lit.isNullValue() && (out.isInteger() || out.isFloating()) && colType.isNumeric()
                    && colType.id() != TypeId.DECIMAL && lit.type().isNumeric() && lit.type().id() != TypeId.DECIMAL) {
                try (FieldVector c = evalNode(litLeft ? b.right() : b.left(), batch)) {
                    FieldVector r = Arithmetic.evalWithLiteral(op, c, lit, litLeft, colType, out, name, b);
                    if (r != null) {
                        return r;
                    }
                }
            }
        }
        if (op.isLogical()) {
            return logical(b, batch, name);
        }
        try (FieldVector l = evalNode(b.left(), batch); FieldVector r = evalNode(b.right(), batch)) {
            if (op.isComparison()) {
                return Comparisons.eval(op, l, r, lt, rt, name, b);
            }
            return Arithmetic.eval(op, l, r, lt, rt, out, name, b);
        }
    }

    /**
     * AND / OR. Rows the left side decides (false for AND, true for OR) do not need the right side: if it decides
     * every row the right side is skipped, and if it decides at least half of them the right side is evaluated
     * only on the undecided rows (cheaper for selective filters with costly right sides, and a right side that could
     * fail, say a division, is not evaluated on rows the left side rules out).
     */
    private static FieldVector logical(BinaryExpr b, RecordBatch batch, String name) {
        boolean and = b.op() == BinaryOp.AND;
        int n = batch.rowCount();
        try (FieldVector l = evalNode(b.left(), batch)) {
            byte[] valid = Columns.validity(l, n);
            byte[] bits = Columns.bits(l, n);
            byte[] decided = Columns.and(valid, and ? Columns.not(bits) : bits);
            int undecided = n - countSet(decided, n);
            if (undecided == 0) {
                return Columns.fromBits(name, bits, valid, n);
            }
            FieldVector r;
            // a right side that cannot fail and costs a pass over a column or two is cheaper to evaluate on every
            // row than to gather the undecided rows for it and scatter its result back
            if (undecided * 2 <= n && !io.daft.dsl.Exprs.cannotFail(b.right(), batch.schema())) {
                int[] rows = new int[undecided];
                int[] scatter = new int[n];
                int k = 0;
                for (int i = 0; i < n; i++) {
                    if (Columns.get(decided, i)) {
                        scatter[i] = -1; // the left side decides: the right value does not matter
                    } else {
                        scatter[i] = k;
                        rows[k++] = i;
                    }
                }
                Set<String> cols = new LinkedHashSet<>();
                collectColumns(b.right(), cols);
                int[] colIdx = new int[cols.size()];
                int c = 0;
                for (String col : cols) {
                    colIdx[c++] = batch.schema().requireIndex(col);
                }
                try (RecordBatch base = batch.select(colIdx); RecordBatch sub = base.take(rows, undecided);
                     FieldVector part = evalNode(b.right(), sub)) {
                    r = Vectors.take(part, scatter, n);
                }
            } else {
                r = evalNode(b.right(), batch);
            }
            try (FieldVector right = r) {
                return and ? Logic.and(l, right, name) : Logic.or(l, right, name);
            }
        }
    }

    /** The number of set bits among the first {@code n} of {@code bitmap}. */
    private static int countSet(byte[] bitmap, int n) {
        int full = n >>> 3;
        int c = 0;
        for (int i = 0; i < full; i++) {
            c += Integer.bitCount(bitmap[i] & 0xFF);
        }
        for (int i = full << 3; i < n; i++) {
            c += Columns.get(bitmap, i) ? 1 : 0;
        }
        return c;
    }

    /** {@code x op bound}, comparing with a literal bound directly when possible. */
    private static FieldVector compareWith(BinaryOp op, FieldVector x, DataType t, Expr bound, DataType boundType,
                                           RecordBatch batch, String name, Object where) {
        if (bound instanceof Literal && Comparisons.scalarApplicable(op, t, (Literal) bound, where)) {
            FieldVector r = Comparisons.evalScalar(op, x, t, (Literal) bound, false, name, where);
            if (r != null) {
                return r;
            }
        }
        try (FieldVector v = evalNode(bound, batch)) {
            return Comparisons.eval(op, x, v, t, boundType, name, where);
        }
    }

    private static FieldVector between(Between e, RecordBatch batch, String name) {
        Schema schema = batch.schema();
        e.resolveType(schema);
        DataType t = e.child().resolveType(schema);
        DataType lo = e.low().resolveType(schema);
        DataType hi = e.high().resolveType(schema);
        try (FieldVector x = evalNode(e.child(), batch);
             FieldVector ge = compareWith(BinaryOp.GTE, x, t, e.low(), lo, batch, name, e);
             FieldVector le = compareWith(BinaryOp.LTE, x, t, e.high(), hi, batch, name, e)) {
            if (!e.negated()) {
                return Logic.and(ge, le, name);
            }
            try (FieldVector both = Logic.and(ge, le, name)) {
                return Logic.not(both, name);
            }
        }
    }

    private static FieldVector inList(InList e, RecordBatch batch, String name) {
        Schema schema = batch.schema();
        e.resolveType(schema);
        DataType t = e.child().resolveType(schema);
        boolean allLiterals = true;
        DataType common = t;
        List<DataType> types = new ArrayList<>();
        for (Expr v : e.values()) {
            DataType vt = v.resolveType(schema);
            types.add(vt);
            common = TypeRules.commonSuperType(common, vt, e);
            allLiterals &= v instanceof Literal;
        }
        int n = batch.rowCount();
        if (e.values().isEmpty()) {
            // x IN () is false (and NOT IN () true), even for a null x
            byte[] bits = e.negated() ? Columns.allSet(n) : new byte[Columns.bitmapBytes(n)];
            return Columns.fromBits(name, bits, Columns.allSet(n), n);
        }
        try (FieldVector child = evalNode(e.child(), batch)) {
            if (allLiterals && common.id() != TypeId.NULL) {
                List<FieldVector> parts = new ArrayList<>();
                try {
                    for (Expr v : e.values()) {
                        try (FieldVector one = Literals.toVector((Literal) v, 1, name)) {
                            parts.add(Casts.cast(one, common, e));
                        }
                    }
                    try (FieldVector values = Vectors.concat(parts);
                         FieldVector x = Casts.cast(child, common, e)) {
                        FieldVector r = InLists.lookup(x, values, common, e.negated(), name, e);
                        if (r != null) {
                            return r;
                        }
                    }
                } finally {
                    for (FieldVector p : parts) {
                        p.close();
                    }
                }
            }
            List<FieldVector> values = new ArrayList<>();
            try {
                for (Expr v : e.values()) {
                    values.add(evalNode(v, batch));
                }
                return InLists.general(child, t, values, types, e.negated(), name, e);
            } finally {
                for (FieldVector v : values) {
                    v.close();
                }
            }
        }
    }

    /**
     * CASE evaluates each condition only on the rows no earlier branch took, and each result only on the rows
     * that take it, so a branch that would fail on other rows (a division, a cast) does not fail the query.
     */
    private static FieldVector caseWhen(CaseWhen e, RecordBatch batch, String name) {
        Schema schema = batch.schema();
        DataType type = e.resolveType(schema);
        int n = batch.rowCount();
        if (type.id() == TypeId.NULL) {
            return Vectors.nulls(Field.of(name, type), n);
        }
        // only the columns the CASE reads are gathered for the row subsets
        Set<String> cols = new LinkedHashSet<>();
        collectColumns(e, cols);
        int[] colIdx = new int[cols.size()];
        int c = 0;
        for (String col : cols) {
            colIdx[c++] = schema.requireIndex(col);
        }
        List<FieldVector> pieces = new ArrayList<>();
        int[] pos = new int[n]; // row -> index in the concatenation of the pieces
        int filled = 0;
        try (RecordBatch base = batch.select(colIdx)) {
            int[] rem = identity(n);
            for (int b = 0; b <= e.conditions().size() && rem.length > 0; b++) {
                boolean otherwise = b == e.conditions().size();
                try (RecordBatch sub = rows(base, rem, n)) {
                    int[] take;
                    int[] rest;
                    if (otherwise) {
                        take = rem;
                        rest = new int[0];
                    } else {
                        try (FieldVector cond = evalNode(e.conditions().get(b), sub)) {
                            byte[] t = Logic.trueRows(cond);
                            int cnt = 0;
                            for (int i = 0; i < rem.length; i++) {
                                cnt += Columns.get(t, i) ? 1 : 0;
                            }
                            take = new int[cnt];
                            rest = new int[rem.length - cnt];
                            int[] local = new int[cnt];
                            int ti = 0;
                            int ri = 0;
                            for (int i = 0; i < rem.length; i++) {
                                if (Columns.get(t, i)) {
                                    local[ti] = i;
                                    take[ti++] = rem[i];
                                } else {
                                    rest[ri++] = rem[i];
                                }
                            }
                            if (cnt == 0) {
                                rem = rest;
                                continue;
                            }
                            Expr result = e.results().get(b);
                            try (RecordBatch taken = rows(sub, local, rem.length)) {
                                pieces.add(evalCast(result, taken, type, name, e));
                            }
                            for (int i = 0; i < take.length; i++) {
                                pos[take[i]] = filled++;
                            }
                            rem = rest;
                            continue;
                        }
                    }
                    pieces.add(evalCast(e.otherwise(), sub, type, name, e));
                    for (int i = 0; i < take.length; i++) {
                        pos[take[i]] = filled++;
                    }
                    rem = rest;
                }
            }
            if (pieces.isEmpty()) {
                return Vectors.nulls(Field.of(name, type), n);
            }
            try (FieldVector all = Vectors.concat(pieces)) {
                if (pieces.size() == 1 && pieces.get(0).getValueCount() == n) {
                    return Vectors.share(all); // one branch took every row, in order
                }
                return Vectors.take(all, pos, n);
            }
        } finally {
            for (FieldVector p : pieces) {
                p.close();
            }
        }
    }

    /**
     * COALESCE evaluates each argument only on the rows still null after the earlier ones (as SQL engines do),
     * so {@code coalesce(x, cast(s AS int))} does not fail on rows where x is set.
     */
    private static FieldVector coalesce(FunctionExpr f, ScalarFunction fn, RecordBatch batch, String name) {
        Schema schema = batch.schema();
        List<DataType> types = new ArrayList<>();
        for (Expr a : f.args()) {
            types.add(a.resolveType(schema));
        }
        DataType type = fn.returnType(types);
        int n = batch.rowCount();
        if (type.id() == TypeId.NULL || n == 0) {
            return Vectors.nulls(Field.of(name, type), n);
        }
        Set<String> cols = new LinkedHashSet<>();
        collectColumns(f, cols);
        int[] colIdx = new int[cols.size()];
        int c = 0;
        for (String col : cols) {
            colIdx[c++] = schema.requireIndex(col);
        }
        List<FieldVector> pieces = new ArrayList<>();
        int[] pos = new int[n];
        int filled = 0;
        int[] rem = identity(n);
        try (RecordBatch base = batch.select(colIdx)) {
            for (int k = 0; k < f.args().size() && rem.length > 0; k++) {
                boolean last = k == f.args().size() - 1;
                try (RecordBatch sub = rows(base, rem, n); FieldVector v = evalCast(f.args().get(k), sub, type, name, f)) {
                    byte[] valid = Columns.validity(v, rem.length);
                    int cnt = 0;
                    for (int i = 0; i < rem.length; i++) {
                        cnt += last || Columns.get(valid, i) ? 1 : 0;
                    }
                    int[] local = new int[cnt];
                    int[] rest = new int[rem.length - cnt];
                    int ti = 0;
                    int ri = 0;
                    for (int i = 0; i < rem.length; i++) {
                        if (last || Columns.get(valid, i)) {
                            local[ti++] = i;
                            pos[rem[i]] = filled++;
                        } else {
                            rest[ri++] = rem[i];
                        }
                    }
                    if (cnt > 0) {
                        pieces.add(cnt == rem.length ? Vectors.share(v) : Vectors.take(v, local, cnt));
                    }
                    rem = rest;
                }
            }
            try (FieldVector all = Vectors.concat(pieces)) {
                if (pieces.size() == 1) {
                    return Vectors.share(all); // the first argument was set on every row
                }
                return Vectors.take(all, pos, n);
            }
        } finally {
            for (FieldVector p : pieces) {
                p.close();
            }
        }
    }

    private static FieldVector evalCast(Expr expr, RecordBatch batch, DataType type, String name, Object where) {
        try (FieldVector v = evalNode(expr, batch)) {
            FieldVector out = Casts.cast(v, type, where);
            if (!out.getName().equals(name)) {
                try (FieldVector old = out) {
                    return Vectors.rename(old, name);
                }
            }
            return out;
        }
    }

    private static RecordBatch rows(RecordBatch b, int[] idx, int all) {
        if (idx.length == all && isIdentity(idx)) {
            return b.share();
        }
        return b.take(idx, idx.length);
    }

    private static boolean isIdentity(int[] idx) {
        for (int i = 0; i < idx.length; i++) {
            if (idx[i] != i) {
                return false;
            }
        }
        return true;
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    static void collectColumns(Expr e, Set<String> out) {
        if (e instanceof ColumnRef) {
            out.add(((ColumnRef) e).column());
        }
        for (Expr c : e.children()) {
            collectColumns(c, out);
        }
    }

    private static FieldVector function(FunctionExpr f, RecordBatch batch, String name) {
        Schema schema = batch.schema();
        ScalarFunction fn = FunctionRegistry.get(f.function());
        if (fn.name().equals("coalesce") && f.args().size() > 1) {
            return coalesce(f, fn, batch, name);
        }
        List<DataType> types = new ArrayList<>(f.args().size());
        for (Expr a : f.args()) {
            types.add(a.resolveType(schema));
        }
        DataType out = fn.returnType(types, f.literalValues());
        List<FieldVector> args = new ArrayList<>(f.args().size());
        boolean[] constant = new boolean[f.args().size()];
        try {
            for (int i = 0; i < f.args().size(); i++) {
                Expr a = f.args().get(i);
                // literals go in as one row: functions use them as constants instead of broadcast columns
                constant[i] = a instanceof Literal && batch.rowCount() > 0;
                args.add(constant[i] ? Literals.toVector((Literal) a, 1, a.name()) : evalNode(a, batch));
            }
            try {
                return fn.evalConstants(args, constant, batch.rowCount(), out);
            } catch (DaftException ex) {
                String msg = ex.getMessage();
                throw msg != null && msg.contains(" in ") ? ex : new DaftException(msg + " in " + f, ex);
            }
        } finally {
            for (FieldVector a : args) {
                a.close();
            }
        }
    }
}
