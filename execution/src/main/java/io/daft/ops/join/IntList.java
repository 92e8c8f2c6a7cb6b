package io.daft.ops.join;

import java.util.Arrays;

/** A growable int array. */
final class IntList {
    int[] data;
    int size;

    IntList(int cap) {
        data = new int[Math.max(cap, 16)];
    }

    void add(int v) {
        if (size == data.length) {
            data = Arrays.copyOf(data, size * 2);
        }
        data[size++] = v;
    }
}
