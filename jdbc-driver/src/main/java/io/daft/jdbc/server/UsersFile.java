package io.daft.jdbc.server;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * The server's users: a text file of {@code name:pbkdf2-sha256:iterations:salt:hash} lines (salt and hash in
 * Base64; {@code #} starts a comment). Passwords are never stored, only salted PBKDF2 hashes (javax.crypto).
 * <pre>
 * java -cp daft-jdbc.jar io.daft.jdbc.server.UsersFile add users.txt alice   # asks for the password
 * </pre>
 */
public final class UsersFile {
    static final String ALGORITHM = "pbkdf2-sha256";
    static final int ITERATIONS = 210_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;

    private record Entry(int iterations, byte[] salt, byte[] hash) {
    }

    private final Map<String, Entry> users;
    // PBKDF2 is slow on purpose; a client sends its credentials with every request, so a verified password is
    // remembered as an HMAC under a per-process random key (never the password itself)
    private final java.util.concurrent.ConcurrentHashMap<String, byte[]> verified = new java.util.concurrent.ConcurrentHashMap<>();
    private final byte[] cacheKey = new byte[32];

    private UsersFile(Map<String, Entry> users) {
        this.users = users;
        new SecureRandom().nextBytes(cacheKey);
    }

    /** Reads a users file; a malformed line is an error naming the file and line. */
    public static UsersFile load(Path file) {
        requireNonNull(file, "file");
        Map<String, Entry> users = new LinkedHashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read users file '" + file + "': " + e.getMessage(), e);
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split(":");
            if (f.length != 5 || !f[1].equals(ALGORITHM)) {
                throw new IllegalArgumentException("users file '" + file + "' line " + (i + 1)
                        + ": expected name:" + ALGORITHM + ":iterations:salt:hash");
            }
            try {
                users.put(f[0], new Entry(Integer.parseInt(f[2]), Base64.getDecoder().decode(f[3]), Base64.getDecoder().decode(f[4])));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("users file '" + file + "' line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return new UsersFile(users);
    }

    public int size() {
        return users.size();
    }

    /** Whether {@code password} is {@code user}'s; takes the same time for unknown users (no user probing). */
    public boolean check(String user, char[] password) {
        Entry e = users.get(user);
        if (e == null) {
            hash(password, new byte[SALT_BYTES], ITERATIONS);   // same cost as a real check
            return false;
        }
        byte[] mac = mac(user, password);
        byte[] known = verified.get(user);
        if (known != null && MessageDigest.isEqual(known, mac)) {
            return true;
        }
        boolean ok = MessageDigest.isEqual(e.hash(), hash(password, e.salt(), e.iterations()));
        if (ok) {
            verified.put(user, mac);
        }
        return ok;
    }

    private byte[] mac(String user, char[] password) {
        try {
            javax.crypto.Mac m = javax.crypto.Mac.getInstance("HmacSHA256");
            m.init(new javax.crypto.spec.SecretKeySpec(cacheKey, "HmacSHA256"));
            m.update(user.getBytes(StandardCharsets.UTF_8));
            m.update((byte) 0);
            m.update(StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(password)));
            return m.doFinal();
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException("HmacSHA256 is not available", ex);
        }
    }

    /** Adds or replaces {@code user} in {@code file} (created if missing) with a fresh salt. */
    public static void addUser(Path file, String user, char[] password) throws IOException {
        if (user.isEmpty() || user.contains(":") || user.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("user name must be non-empty, without ':' or spaces: '" + user + "'");
        }
        byte[] salt = new byte[SALT_BYTES];
        new SecureRandom().nextBytes(salt);
        byte[] hash = hash(password, salt, ITERATIONS);
        String entry = user + ":" + ALGORITHM + ":" + ITERATIONS + ":" + Base64.getEncoder().encodeToString(salt)
                + ":" + Base64.getEncoder().encodeToString(hash);
        List<String> out = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.startsWith(user + ":")) {
                    out.add(line);
                }
            }
        }
        out.add(entry);
        Files.write(file, out, StandardCharsets.UTF_8);
    }

    static byte[] hash(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available", e);
        } finally {
            spec.clearPassword();
        }
    }

    /** {@code add FILE USER [PASSWORD]}: adds a user; without PASSWORD it is read from the console (not echoed) or stdin. */
    public static void main(String[] args) throws IOException {
        if (args.length < 3 || !args[0].equals("add")) {
            System.err.println("usage: UsersFile add FILE USER [PASSWORD]   (without PASSWORD it is read from the console or stdin)");
            System.exit(2);
        }
        char[] password;
        if (args.length >= 4) {
            password = args[3].toCharArray();
        } else if (System.console() != null) {
            password = System.console().readPassword("password for %s: ", args[2]);
        } else {
            String line = new java.io.BufferedReader(new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            password = line == null ? new char[0] : line.toCharArray();
        }
        if (password == null || password.length == 0) {
            System.err.println("empty password refused");
            System.exit(2);
        }
        addUser(Path.of(args[1]), args[2], password);
        System.out.println("user '" + args[2] + "' written to " + args[1]);
    }
}
