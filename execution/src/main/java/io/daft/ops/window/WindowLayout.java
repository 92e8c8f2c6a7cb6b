package io.daft.ops.window;

import io.daft.recordbatch.RecordBatch;

/**
 * The partition and peer-group structure of a sorted batch, found once and shared by every window call:
 * for each row the [start, end) of its window partition and of its peer group (rows equal on all order
 * columns; with no order columns the whole partition is one peer group).
 */
final class WindowLayout {
    final int n;
    final int[] partStart;
    final int[] partEnd;
    final int[] peerStart;
    final int[] peerEnd;
    /** Peer-group number within the partition, from 0 (DENSE_RANK - 1). */
    final int[] peerIndex;

    private WindowLayout(int n, int[] partStart, int[] partEnd, int[] peerStart, int[] peerEnd, int[] peerIndex) {
        this.n = n;
        this.partStart = partStart;
        this.partEnd = partEnd;
        this.peerStart = peerStart;
        this.peerEnd = peerEnd;
        this.peerIndex = peerIndex;
    }

    static WindowLayout of(RecordBatch batch, int[] partitionColumns, int[] orderColumns) {
        int n = batch.rowCount();
        boolean[] newPart = new boolean[n];
        for (int c : partitionColumns) {
            Boundaries.markChanges(batch.column(c), n, newPart);
        }
        boolean[] newPeer = newPart.clone();
        for (int c : orderColumns) {
            Boundaries.markChanges(batch.column(c), n, newPeer);
        }
        if (n > 0) {
            newPart[0] = true;
            newPeer[0] = true;
        }
        int[] partStart = new int[n];
        int[] partEnd = new int[n];
        int[] peerStart = new int[n];
        int[] peerEnd = new int[n];
        int[] peerIndex = new int[n];
        fillRuns(newPart, n, partStart, partEnd);
        fillRuns(newPeer, n, peerStart, peerEnd);
        int idx = 0;
        for (int i = 0; i < n; i++) {
            if (newPart[i]) {
                idx = 0;
            } else if (newPeer[i]) {
                idx++;
            }
            peerIndex[i] = idx;
        }
        return new WindowLayout(n, partStart, partEnd, peerStart, peerEnd, peerIndex);
    }

    /** For runs starting where {@code starts} is set: each row's run start and (exclusive) end. */
    private static void fillRuns(boolean[] starts, int n, int[] runStart, int[] runEnd) {
        int s = 0;
        for (int i = 0; i < n; i++) {
            if (starts[i]) {
                s = i;
            }
            runStart[i] = s;
        }
        int e = n;
        for (int i = n - 1; i >= 0; i--) {
            runEnd[i] = e;
            if (starts[i]) {
                e = i;
            }
        }
    }
}
