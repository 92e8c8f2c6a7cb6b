package io.daft.execution.stages;

import io.daft.config.ExecutionConfig;
import io.daft.core.DaftException;
import io.daft.micropartition.MicroPartition;
import io.daft.micropartition.PartitionSetRef;
import io.daft.micropartition.PartitionSets;
import io.daft.physical.Exchange;
import io.daft.physical.HashJoinPlan;
import io.daft.physical.InMemoryScan;
import io.daft.physical.PhysicalPlan;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cuts a physical plan into a {@link StagePlan}: a stage below each {@link Exchange} (its map side) and below the
 * build side of each broadcast join, and the result stage on top. Ids are given children first, left to right, so
 * the same plan always gives the same ids; a node shared by two parents becomes one stage.
 * <p>
 * Each fragment is made by serializing the stage's subtree with the cut nodes replaced by {@link StageRead}
 * leaves and reading it back: the fragment is a copy holding nothing of other stages, and one that serializes
 * (a node that could not be shipped fails here, in every runner, not only on a cluster).
 */
public final class StagePlanner {
    private final ExecutionConfig config;
    /** Exchanges, by identity, and the reads of their map-side stages. */
    private final Map<PhysicalPlan, StageRead> exchangeReads = new IdentityHashMap<>();
    /** Broadcast build sides, by identity, and the reads of their stages. */
    private final Map<PhysicalPlan, StageRead> broadcastReads = new IdentityHashMap<>();
    private final Set<PhysicalPlan> visited = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    private final List<PhysicalPlan> roots = new ArrayList<>();
    private final List<StageOutput> outputs = new ArrayList<>();
    private final Map<PartitionSetRef, List<MicroPartition>> partitionSets = new LinkedHashMap<>();

    private StagePlanner(ExecutionConfig config) {
        this.config = config;
    }

    /** The stages of {@code plan}, run with {@code config}. */
    public static StagePlan plan(PhysicalPlan plan, ExecutionConfig config) {
        StagePlanner p = new StagePlanner(java.util.Objects.requireNonNull(config, "config"));
        p.visit(plan);
        p.add(plan, StageOutput.result());
        List<Stage> stages = new ArrayList<>(p.roots.size());
        for (int i = 0; i < p.roots.size(); i++) {
            PhysicalPlan fragment = p.cut(p.roots.get(i));
            stages.add(new Stage(new StageId(i), fragment, p.outputs.get(i), reads(fragment), config));
        }
        return new StagePlan(stages, p.partitionSets);
    }

    private void visit(PhysicalPlan node) {
        if (!visited.add(node)) {
            return;
        }
        for (PhysicalPlan c : node.children()) {
            visit(c);
        }
        if (node instanceof Exchange) {
            Exchange e = (Exchange) node;
            StageId id = add(e.child(), StageOutput.exchange(e.partitioning()));
            exchangeReads.put(e, new StageRead(id, e.schema(), e.numPartitions(), e.describe()));
        } else if (node instanceof HashJoinPlan && ((HashJoinPlan) node).strategy().broadcast()) {
            HashJoinPlan j = (HashJoinPlan) node;
            PhysicalPlan side = j.strategy() == HashJoinPlan.Strategy.BROADCAST_LEFT ? j.left() : j.right();
            if (!broadcastReads.containsKey(side)) {
                StageId id = add(side, StageOutput.broadcast());
                broadcastReads.put(side, new StageRead(id, side.schema(), side.numPartitions(), "broadcast of " + side.describe()));
            }
        } else if (node instanceof InMemoryScan) {
            PartitionSetRef ref = ((InMemoryScan) node).partitionSet();
            try {
                partitionSets.put(ref, PartitionSets.resolve(ref));
            } catch (DaftException e) {
                // not in this JVM: the runner that executes the plan must supply it
            }
        }
    }

    private StageId add(PhysicalPlan root, StageOutput output) {
        roots.add(root);
        outputs.add(output);
        return new StageId(roots.size() - 1);
    }

    /** A copy of the subtree at {@code root} in which every cut node below it is a {@link StageRead}. */
    private PhysicalPlan cut(PhysicalPlan root) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new CuttingStream(bytes, root)) {
            out.writeObject(root);
        } catch (IOException e) {
            throw new DaftException("cannot serialize the plan fragment " + root.describe() + ": " + e, e);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (PhysicalPlan) in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new DaftException("cannot read back the plan fragment " + root.describe() + ": " + e, e);
        }
    }

    private final class CuttingStream extends ObjectOutputStream {
        private final PhysicalPlan root;

        CuttingStream(OutputStream out, PhysicalPlan root) throws IOException {
            super(out);
            this.root = root;
            enableReplaceObject(true);
        }

        @Override
        protected Object replaceObject(Object o) {
            if (!(o instanceof PhysicalPlan)) {
                return o;
            }
            StageRead read;
            if (o == root) {
                // a stage reads other stages below its root only; a root that is itself an exchange (a broadcast of
                // exchanged rows, a result that is one) reads that exchange
                read = exchangeReads.get(o);
            } else {
                read = broadcastReads.get(o);
                if (read == null) {
                    read = exchangeReads.get(o);
                }
            }
            return read == null ? o : read;
        }
    }

    private static List<StageId> reads(PhysicalPlan fragment) {
        List<StageId> out = new ArrayList<>();
        collectReads(fragment, out);
        return out;
    }

    private static void collectReads(PhysicalPlan node, List<StageId> out) {
        if (node instanceof StageRead) {
            StageId id = ((StageRead) node).stage();
            if (!out.contains(id)) {
                out.add(id);
            }
        }
        for (PhysicalPlan c : node.children()) {
            collectReads(c, out);
        }
    }
}
