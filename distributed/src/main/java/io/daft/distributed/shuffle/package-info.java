/**
 * The Ray runner's shuffle data plane, independent of Ray. Each worker JVM has one {@link
 * io.daft.distributed.shuffle.ShuffleStore} (its map outputs in local files, one file per map task), one {@link
 * io.daft.distributed.shuffle.ShuffleServer} serving it over Arrow Flight, and one {@link
 * io.daft.distributed.shuffle.ShuffleClient} through which its reducers fetch pieces: from its own store directly,
 * from other workers over Flight.
 * <pre>{@code
 * // on a worker
 * ShuffleStore store = ShuffleStore.inTempDirectory(config.tempDirectory());
 * ShuffleServer server = ShuffleServer.start(store, nodeAddress, 0);
 * ShuffleClient client = new ShuffleClient(Optional.of(store));
 *
 * // a map task: its output goes to disk, the driver gets the descriptor
 * MapOutputDescriptor d = store.put(new ShuffleKey(queryId, stage, task), Exchanges.scatter(...));
 *
 * // a reduce task of partition r: piece r of every map task, in map task order
 * for (MapOutputDescriptor m : descriptors) {
 *     try (CloseableIterator<RecordBatch> piece = client.fetch(m, r)) { ... }
 * }   // ShuffleFetchException: m.key()'s map task must run again
 *
 * // when the query ends, however it ends, on every worker
 * store.removeQuery(queryId);
 * }</pre>
 */
package io.daft.distributed.shuffle;
