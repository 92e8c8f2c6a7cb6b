package io.daft.distributed.shuffle;

import io.daft.execution.stages.StageId;

import java.io.Serializable;

import static java.util.Objects.requireNonNull;

/**
 * Names one map task's output of an exchange stage: the query, the stage and the map task's index within it.
 * A map task that is run again (its output was lost) writes under the same key.
 */
public record ShuffleKey(String queryId, StageId stage, int mapTask) implements Serializable {
    public ShuffleKey {
        requireNonNull(queryId, "queryId");
        requireNonNull(stage, "stage");
        if (queryId.isEmpty()) {
            throw new IllegalArgumentException("empty query id");
        }
        if (mapTask < 0) {
            throw new IllegalArgumentException("negative map task " + mapTask);
        }
    }

    @Override
    public String toString() {
        return "query " + queryId + " " + stage + " map task " + mapTask;
    }
}
