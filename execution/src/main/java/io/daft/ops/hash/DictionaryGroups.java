package io.daft.ops.hash;

import io.daft.recordbatch.DictionaryCodes;
import io.daft.recordbatch.Vectors;
import org.apache.arrow.vector.FieldVector;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Grouping through dictionary codes: when every key column comes with {@link DictionaryCodes}, a row's keys are
 * one combination of dictionary entries, and the group of each combination is remembered in an array for as
 * long as the dictionaries stay the same (a Parquet row group). Only the first row of each combination goes
 * through the {@link GroupIndex}'s hash table; every other row costs an array lookup, whatever its key bytes.
 */
final class DictionaryGroups {
    /** Most combinations remembered; more (large or many dictionaries) go through the hash table as usual. */
    static final int MAX_COMBINATIONS = 1 << 16;

    private Object[] dictionaries = new Object[0];
    /** Group of each combination, -1 when not seen with the current dictionaries. */
    private int[] groupOf = new int[0];
    private int[] combos = new int[0];
    private int[] missRows = new int[0];
    private int[] missGids = new int[0];
    private int[] missNew = new int[0];

    /** Whether every key column has codes and their combinations are few enough to remember. */
    static boolean applies(List<Optional<DictionaryCodes>> codes) {
        long combinations = 1;
        for (Optional<DictionaryCodes> c : codes) {
            if (c.isEmpty()) {
                return false;
            }
            combinations *= c.get().dictionarySize() + 1L;   // + 1 for null
            if (combinations > MAX_COMBINATIONS) {
                return false;
            }
        }
        return !codes.isEmpty();
    }

    /** As {@link GroupIndex#findOrInsert}; {@code codes} must satisfy {@link #applies}. */
    int findOrInsert(GroupIndex index, List<FieldVector> keys, List<Optional<DictionaryCodes>> codes, int rows, int[] gids, int[] newRows) {
        int[] combo = combos(codes, rows);
        int[] table = groupOf;
        int misses = 0;
        for (int r = 0; r < rows; r++) {
            int g = table[combo[r]];
            if (g == -1) {
                // first row of this combination: look it up below; later rows of it wait for that answer
                if (missRows.length == misses) {
                    missRows = Arrays.copyOf(missRows, Math.max(16, misses * 2));
                }
                missRows[misses] = r;
                g = -2 - misses;
                table[combo[r]] = g;
                misses++;
            }
            gids[r] = g;
        }
        if (misses == 0) {
            return 0;
        }
        if (missGids.length < misses) {
            missGids = new int[misses];
            missNew = new int[misses];
        }
        List<FieldVector> firsts = new ArrayList<>(keys.size());
        int created;
        try {
            for (FieldVector k : keys) {
                firsts.add(Vectors.take(k, missRows, misses));
            }
            created = index.findOrInsert(firsts, misses, missGids, missNew);
        } catch (RuntimeException e) {
            for (int m = 0; m < misses; m++) {
                table[combo[missRows[m]]] = -1;   // forget the pending marks: nothing was remembered
            }
            throw e;
        } finally {
            firsts.forEach(FieldVector::close);
        }
        for (int m = 0; m < misses; m++) {
            table[combo[missRows[m]]] = missGids[m];
        }
        for (int r = 0; r < rows; r++) {
            int g = gids[r];
            if (g < 0) {
                gids[r] = missGids[-2 - g];
            }
        }
        for (int j = 0; j < created; j++) {
            newRows[j] = missRows[missNew[j]];
        }
        return created;
    }

    /** Each row's combination number; forgets remembered groups when a dictionary changed. */
    private int[] combos(List<Optional<DictionaryCodes>> codes, int rows) {
        int n = codes.size();
        boolean same = dictionaries.length == n;
        int combinations = 1;
        for (int c = 0; c < n; c++) {
            DictionaryCodes dc = codes.get(c).orElseThrow();
            same = same && dictionaries[c] == dc.dictionary();
            combinations *= dc.dictionarySize() + 1;
        }
        if (!same) {
            dictionaries = new Object[n];
            for (int c = 0; c < n; c++) {
                dictionaries[c] = codes.get(c).orElseThrow().dictionary();
            }
            groupOf = new int[combinations];
            Arrays.fill(groupOf, -1);
        }
        if (combos.length < rows) {
            combos = new int[rows];
        }
        int[] out = combos;
        // the last column varies slowest: combo = (c0 + 1) + (s0 + 1) * ((c1 + 1) + (s1 + 1) * ...)
        DictionaryCodes last = codes.get(n - 1).orElseThrow();
        for (int r = 0; r < rows; r++) {
            out[r] = last.code(r) + 1;
        }
        for (int c = n - 2; c >= 0; c--) {
            DictionaryCodes dc = codes.get(c).orElseThrow();
            int radix = dc.dictionarySize() + 1;
            for (int r = 0; r < rows; r++) {
                out[r] = out[r] * radix + dc.code(r) + 1;
            }
        }
        return out;
    }

    long sizeBytes() {
        return 4L * (groupOf.length + combos.length + missRows.length + 2L * missGids.length);
    }
}
