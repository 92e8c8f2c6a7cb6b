package io.daft.jdbc;

import io.daft.jdbc.server.DaftServer;
import io.daft.memory.Memory;
import org.apache.calcite.avatica.remote.ProtobufTranslationImpl;
import org.apache.calcite.avatica.remote.Service;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that goes away while its query runs: a raw HTTP client speaks Avatica's protobuf protocol to a real
 * server on loopback, starts a long query, and closes (or resets) its socket. The server must stop the query and
 * free its memory long before the query would have finished.
 */
class DisconnectTest {
    static DaftServer server;
    static Path data;

    /** {@code copies} scans of the 4M-row table, filtered and counted: about 0.8 s per copy on the 2-core build machine. */
    static String scans(int copies) {
        StringBuilder sb = new StringBuilder("select count(*) from (");
        for (int i = 0; i < copies; i++) {
            sb.append(i == 0 ? "" : " union all ").append("select v from wide");
        }
        return sb.append(") t where v % 7 = 3").toString();
    }

    @BeforeAll
    static void start() throws Exception {
        data = Files.createTempDirectory("daft-disconnect-test");
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
            s.execute("copy (select i as id, i * 2 as v from range(4000000) t(i)) to '" + data.resolve("wide.parquet")
                    + "' (format parquet, row_group_size 100000)");
        }
        server = DaftServer.start(DaftServer.Options.of(data).withPort(0));
    }

    @AfterAll
    static void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        Files.deleteIfExists(data.resolve("wide.parquet"));
        Files.deleteIfExists(data);
    }

    @Test
    void closingTheSocketStopsTheQuery() throws Exception {
        disconnectMidQuery(false);
    }

    @Test
    void resettingTheSocketStopsTheQuery() throws Exception {
        disconnectMidQuery(true);
    }

    private void disconnectMidQuery(boolean reset) throws Exception {
        long baseline = Memory.allocatedBytes();
        long cancelsBefore = server.disconnectCancels();
        ProtobufTranslationImpl proto = new ProtobufTranslationImpl();
        String connectionId = UUID.randomUUID().toString();
        long stoppedAfterMs;
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(30_000);
            call(socket, proto, new Service.OpenConnectionRequest(connectionId, Map.of()));
            Service.CreateStatementResponse created = (Service.CreateStatementResponse)
                    call(socket, proto, new Service.CreateStatementRequest(connectionId));
            send(socket, proto.serializeRequest(
                    new Service.PrepareAndExecuteRequest(connectionId, created.statementId, scans(64), -1, 100)));
            // the query is running on the server
            long deadline = System.currentTimeMillis() + 10_000;
            while (server.meta().runningRequests() == 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(1, server.meta().runningRequests(), "the query never started");
            Thread.sleep(1500);
            assertEquals(1, server.meta().runningRequests(), "the query ended on its own too soon to test anything");
            if (reset) {
                socket.setSoLinger(true, 0);   // close with RST instead of FIN
            }
            socket.close();
            long killed = System.nanoTime();
            deadline = System.currentTimeMillis() + 15_000;
            while ((server.meta().runningRequests() > 0 || Memory.allocatedBytes() > baseline)
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            stoppedAfterMs = (System.nanoTime() - killed) / 1_000_000;
        }
        assertEquals(0, server.meta().runningRequests(), "the query still runs after its client left");
        assertTrue(Memory.allocatedBytes() <= baseline,
                "Arrow memory still held by the abandoned query: " + Memory.allocatedBytes() + " > " + baseline);
        assertEquals(cancelsBefore + 1, server.disconnectCancels());
        // the query (64 scans of 4M rows) runs for many seconds; it must have stopped within a few of the disconnect
        assertTrue(stoppedAfterMs < 5_000, "stopped " + stoppedAfterMs + " ms after the disconnect");
        System.out.println("query stopped " + stoppedAfterMs + " ms after the client " + (reset ? "reset" : "closed") + " its socket");

        // the server is fine and serves others
        try (Connection c = DriverManager.getConnection(server.url()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from wide")) {
            assertTrue(rs.next());
            assertEquals(4_000_000L, rs.getLong(1));
        }
    }

    @Test
    void aClientThatStaysGetsItsAnswer() throws Exception {
        // the probe must not disturb a live client: a query of a second or two over a raw socket returns its rows
        long cancelsBefore = server.disconnectCancels();
        ProtobufTranslationImpl proto = new ProtobufTranslationImpl();
        String connectionId = UUID.randomUUID().toString();
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(120_000);
            call(socket, proto, new Service.OpenConnectionRequest(connectionId, Map.of()));
            Service.CreateStatementResponse created = (Service.CreateStatementResponse)
                    call(socket, proto, new Service.CreateStatementRequest(connectionId));
            Service.Response r = call(socket, proto, new Service.PrepareAndExecuteRequest(connectionId, created.statementId,
                    scans(2), -1, 100));
            Service.ExecuteResponse ex = assertInstanceOf(Service.ExecuteResponse.class, r);
            Object row = ex.results.get(0).firstFrame.rows.iterator().next();
            Object first = row instanceof Object[] ? ((Object[]) row)[0] : ((java.util.List<?>) row).get(0);
            assertEquals(2 * 571_428L, ((Number) first).longValue());   // v = 2i, i < 4M: i % 7 = 5
            call(socket, proto, new Service.CloseConnectionRequest(connectionId));
        }
        assertEquals(cancelsBefore, server.disconnectCancels());
    }

    private static Service.Response call(Socket socket, ProtobufTranslationImpl proto, Service.Request request) throws IOException {
        send(socket, proto.serializeRequest(request));
        Service.Response r = proto.parseResponse(receive(socket));
        if (r instanceof Service.ErrorResponse) {
            throw new IOException("server error: " + ((Service.ErrorResponse) r).errorMessage);
        }
        return r;
    }

    private static void send(Socket socket, byte[] body) throws IOException {
        OutputStream out = socket.getOutputStream();
        String head = "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    /** One HTTP/1.1 response with a Content-Length body (what Jetty sends for Avatica's responses). */
    private static byte[] receive(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed in the response head");
            }
            head.write(b);
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
        }
        String h = head.toString(StandardCharsets.US_ASCII);
        assertTrue(h.startsWith("HTTP/1.1 200"), h);
        int length = -1;
        for (String line : h.split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        assertTrue(length >= 0, "no Content-Length in " + h);
        return in.readNBytes(length);
    }
}
