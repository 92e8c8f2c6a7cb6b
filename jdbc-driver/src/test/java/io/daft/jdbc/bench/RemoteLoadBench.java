package io.daft.jdbc.bench;

import io.daft.jdbc.TestData;
import io.daft.jdbc.server.DaftServer;
import io.daft.memory.Memory;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load benchmark (a main, not a test): N concurrent remote clients run short queries against an in-process Daft
 * server on loopback for a fixed time, then one client streams a 10M-row result through the remote driver.
 * <pre>
 * java ... io.daft.jdbc.bench.RemoteLoadBench [--clients 16] [--seconds 20] [--rows 10000000]
 * </pre>
 * Prints queries/s, p50/p99 latency, peak heap (server and clients share this JVM) and peak Arrow memory (server only).
 */
public final class RemoteLoadBench {
    private RemoteLoadBench() {
    }

    public static void main(String[] args) throws Exception {
        int clients = 16;
        int seconds = 20;
        long rows = 10_000_000;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--clients": clients = Integer.parseInt(args[i + 1]); break;
                case "--seconds": seconds = Integer.parseInt(args[i + 1]); break;
                case "--rows": rows = Long.parseLong(args[i + 1]); break;
                default: throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path data = TestData.dir();
        Path big = data.resolve("big.parquet");
        if (!Files.exists(big)) {
            long t0 = System.nanoTime();
            try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
                s.execute("copy (select i as id, i * 2 as v, 'name-' || (i % 1000) as s from range(" + rows + ") t(i)) to '"
                        + big + "' (format parquet)");
            }
            System.out.printf("wrote %d-row big.parquet in %.1f s%n", rows, (System.nanoTime() - t0) / 1e9);
        }
        AtomicLong peakHeap = new AtomicLong();
        AtomicLong peakArrow = new AtomicLong();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                peakHeap.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                peakArrow.accumulateAndGet(Memory.allocatedBytes(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "sampler");
        sampler.setDaemon(true);
        sampler.start();
        try (DaftServer server = DaftServer.start(DaftServer.Options.of(data).withPort(0))) {
            String url = server.url();
            // warm up
            try (Connection c = DriverManager.getConnection(url)) {
                for (int i = 0; i < 5; i++) {
                    run(c, i);
                }
            }
            List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            List<Future<?>> fs = new ArrayList<>();
            long start = System.nanoTime();
            for (int c = 0; c < clients; c++) {
                fs.add(pool.submit(() -> {
                    try (Connection conn = DriverManager.getConnection(url)) {
                        int k = 0;
                        while (System.nanoTime() < end) {
                            long t = System.nanoTime();
                            run(conn, k++);
                            latencies.add(System.nanoTime() - t);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            System.out.printf("load: %d clients, %.1f s, %d queries, %.1f queries/s, p50 %.1f ms, p99 %.1f ms%n",
                    clients, elapsed, sorted.size(), sorted.size() / elapsed,
                    sorted.get(sorted.size() / 2) / 1e6, sorted.get((int) (sorted.size() * 0.99)) / 1e6);
            System.out.printf("load: peak heap %.0f MiB (server and clients, one JVM), peak Arrow %.1f MiB (server)%n",
                    peakHeap.get() / 1048576.0, peakArrow.get() / 1048576.0);

            // stream the big result
            peakHeap.set(0);
            peakArrow.set(0);
            System.gc();
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                s.setFetchSize(10_000);
                long t0 = System.nanoTime();
                long n = 0;
                long sum = 0;
                try (ResultSet rs = s.executeQuery("select id, v, s from big")) {
                    while (rs.next()) {
                        n++;
                        sum += rs.getLong(2);
                        rs.getString(3);
                    }
                }
                double secs = (System.nanoTime() - t0) / 1e9;
                System.out.printf("stream: %d rows (3 columns) in %.1f s, %.0f rows/s, checksum %s; peak heap %.0f MiB, peak Arrow %.1f MiB%n",
                        n, secs, n / secs, sum == rows * (rows - 1) ? "ok" : "WRONG " + sum, peakHeap.get() / 1048576.0,
                        peakArrow.get() / 1048576.0);
            }
        } finally {
            sampling.set(false);
        }
        System.exit(0);
    }

    private static void run(Connection c, int k) throws Exception {
        switch (k % 3) {
            case 0:
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select count(*) from nation")) {
                    rs.next();
                }
                break;
            case 1:
                try (PreparedStatement ps = c.prepareStatement("select o_orderkey, o_totalprice from orders where o_orderkey = ?")) {
                    ps.setLong(1, 1 + ThreadLocalRandom.current().nextInt(15000));
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                    }
                }
                break;
            default:
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                        "select n_regionkey, count(*) from nation group by n_regionkey")) {
                    while (rs.next()) {
                        rs.getLong(2);
                    }
                }
        }
    }
}
