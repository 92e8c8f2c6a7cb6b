package io.daft.jdbc;

import io.daft.jdbc.server.DaftServer;
import io.daft.jdbc.server.UsersFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HTTP Basic authentication against a users file of PBKDF2 hashes, and TLS with a self-signed keystore. */
class AuthTlsTest {
    @TempDir
    Path tmp;

    @Test
    void usersFileStoresSaltedHashesOnly() throws Exception {
        Path users = tmp.resolve("users.txt");
        UsersFile.addUser(users, "alice", "s3cret!".toCharArray());
        UsersFile.addUser(users, "bob", "hunter2".toCharArray());
        UsersFile.addUser(users, "alice", "n3w-s3cret".toCharArray());   // replaces
        String text = Files.readString(users);
        assertFalse(text.contains("s3cret") || text.contains("hunter2"), text);
        assertEquals(2, text.lines().count());
        assertTrue(text.startsWith("bob:pbkdf2-sha256:"), text);
        UsersFile f = UsersFile.load(users);
        assertTrue(f.check("alice", "n3w-s3cret".toCharArray()));
        assertFalse(f.check("alice", "s3cret!".toCharArray()));
        assertTrue(f.check("bob", "hunter2".toCharArray()));
        assertTrue(f.check("bob", "hunter2".toCharArray()));   // the remembered check
        assertFalse(f.check("bob", "hunter3".toCharArray()));
        assertFalse(f.check("carol", "hunter2".toCharArray()));
        // same salt never reused: two users with one password have different hashes
        UsersFile.addUser(users, "carol", "hunter2".toCharArray());
        List<String> lines = Files.readAllLines(users);
        assertFalse(lines.get(0).split(":")[4].equals(lines.get(2).split(":")[4]));
    }

    @Test
    void basicAuthentication() throws Exception {
        Path users = tmp.resolve("users.txt");
        UsersFile.addUser(users, "alice", "s3cret!".toCharArray());
        PrintStream err = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (DaftServer server = DaftServer.start(DaftServer.Options.of(TestData.dir()).withPort(0).withUsers(users))) {
            // good credentials, as JDBC user/password
            Properties good = new Properties();
            good.setProperty("user", "alice");
            good.setProperty("password", "s3cret!");
            try (Connection c = DriverManager.getConnection(server.url(), good)) {
                assertEquals(List.of("n:-5", "25"), TestData.query(c, "select count(*) as n from nation"));
            }
            // and as Avatica's own properties on Avatica's URL
            try (Connection c = DriverManager.getConnection("jdbc:avatica:remote:url=http://127.0.0.1:" + server.port()
                    + ";serialization=protobuf;authentication=BASIC;avatica_user=alice;avatica_password=s3cret!")) {
                assertEquals(List.of("n:-5", "25"), TestData.query(c, "select count(*) as n from nation"));
            }
            System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
            // wrong password
            Properties bad = new Properties();
            bad.setProperty("user", "alice");
            bad.setProperty("password", "wrong-pw-123");
            assertThrows(Exception.class, () -> {
                try (Connection c = DriverManager.getConnection(server.url(), bad)) {
                    TestData.query(c, "select count(*) from nation");
                }
            });
            // no credentials
            assertThrows(Exception.class, () -> {
                try (Connection c = DriverManager.getConnection(server.url())) {
                    TestData.query(c, "select count(*) from nation");
                }
            });
            // a raw request without credentials gets 401 and no data
            HttpURLConnection h = (HttpURLConnection) URI.create("http://127.0.0.1:" + server.port() + "/").toURL().openConnection();
            h.setRequestMethod("POST");
            h.setDoOutput(true);
            h.getOutputStream().write(new byte[] {1, 2, 3});
            assertEquals(401, h.getResponseCode());
            assertTrue(h.getHeaderField("WWW-Authenticate").startsWith("Basic"));
            byte[] body = h.getErrorStream() == null ? new byte[0] : h.getErrorStream().readAllBytes();
            assertEquals(0, body.length);
            // cancel without credentials is refused too
            HttpURLConnection cancel = (HttpURLConnection) URI.create("http://127.0.0.1:" + server.port()
                    + "/daft/cancel?connection=x&statement=1").toURL().openConnection();
            cancel.setRequestMethod("POST");
            cancel.setDoOutput(true);
            cancel.getOutputStream().close();
            assertEquals(401, cancel.getResponseCode());
        } finally {
            System.setErr(err);
        }
        String logged = log.toString(StandardCharsets.UTF_8);
        assertTrue(logged.contains("authentication failed for user 'alice'"), logged);
        assertFalse(logged.contains("wrong-pw-123"), logged);
    }

    @Test
    void tlsWithASelfSignedKeystore() throws Exception {
        Path ks = tmp.resolve("server.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "daft", "-keyalg", "RSA", "-keysize", "2048",
                "-validity", "2", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-storetype", "PKCS12", "-keystore", ks.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        try (DaftServer server = DaftServer.start(DaftServer.Options.of(TestData.dir()).withPort(0).withTls(ks, "changeit"))) {
            assertTrue(server.url().contains("https://127.0.0.1:"), server.url());
            Properties trust = new Properties();
            trust.setProperty("truststore", ks.toString());
            trust.setProperty("truststore_password", "changeit");
            try (Connection c = DriverManager.getConnection(server.url(), trust)) {
                assertEquals(List.of("n:-5", "25"), TestData.query(c, "select count(*) as n from nation"));
            }
            // a client that does not trust the certificate cannot talk to it
            assertThrows(Exception.class, () -> {
                try (Connection c = DriverManager.getConnection(server.url())) {
                    TestData.query(c, "select count(*) from nation");
                }
            });
        }
    }

    @Test
    void serverBindsToLoopbackByDefault() throws SQLException {
        try (DaftServer server = DaftServer.start(DaftServer.Options.of(TestData.dir()).withPort(0))) {
            assertTrue(server.url().contains("//127.0.0.1:"), server.url());
        }
    }
}
