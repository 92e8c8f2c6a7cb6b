package io.daft.execution;

import io.daft.core.CloseableIterator;
import io.daft.execution.stages.Stage;
import io.daft.execution.stages.StageId;
import io.daft.micropartition.PartitionSetRef;
import io.daft.ops.join.JoinHashTable;
import io.daft.physical.HashJoinPlan;
import io.daft.recordbatch.RecordBatch;

import java.io.ObjectInputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A stand-in worker, run in its own JVM by {@link StageChildJvmTest}: reads a serialized {@link Stage} from
 * {@code <dir>/stage.bin}, resolves its inputs from Arrow IPC files in {@code dir} (stage outputs as
 * {@code stage-<id>-<partition>.arrows}, partition sets as {@code set-<id>-<partition>.arrows}), runs every task
 * with the config the stage carries, and writes task i's rows to {@code out-<i>.arrows}, the config it ran with to {@code config} and its pid
 * to {@code pid}.
 */
public final class StageTaskMain {
    private StageTaskMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Stage stage;
        try (ObjectInputStream in = new ObjectInputStream(Files.newInputStream(dir.resolve("stage.bin")))) {
            stage = (Stage) in.readObject();
        }
        StageInputs files = new StageInputs() {
            @Override
            public CloseableIterator<RecordBatch> stageOutput(StageId id, int partition) {
                return ArrowFiles.read(dir.resolve("stage-" + id.value() + "-" + partition + ".arrows"), schemaOf(stage, id));
            }

            @Override
            public CloseableIterator<RecordBatch> inMemory(PartitionSetRef set, int partition) {
                return ArrowFiles.read(dir.resolve("set-" + set.id() + "-" + partition + ".arrows"), set.schema());
            }

            @Override
            public io.daft.ops.join.JoinBuild broadcastBuild(HashJoinPlan join) {
                throw new UnsupportedOperationException("no broadcast inputs in this test");
            }
        };
        try (QueryContext query = QueryContext.start(stage.config())) {
            PartitionPipeline pipeline = new PartitionPipeline(files, query);
            for (int p = 0; p < stage.numTasks(); p++) {
                ArrowFiles.write(dir.resolve("out-" + p + ".arrows"), stage.fragment().schema(), pipeline.open(stage.fragment(), p));
            }
        }
        Files.writeString(dir.resolve("config"), stage.config().asMap().toString());
        Files.writeString(dir.resolve("pid"), Long.toString(ProcessHandle.current().pid()));
    }

    private static io.daft.core.Schema schemaOf(Stage stage, StageId id) {
        return find(stage.fragment(), id);
    }

    private static io.daft.core.Schema find(io.daft.physical.PhysicalPlan node, StageId id) {
        if (node instanceof io.daft.execution.stages.StageRead && ((io.daft.execution.stages.StageRead) node).stage().equals(id)) {
            return node.schema();
        }
        for (io.daft.physical.PhysicalPlan c : node.children()) {
            io.daft.core.Schema s = find(c, id);
            if (s != null) {
                return s;
            }
        }
        return null;
    }
}
