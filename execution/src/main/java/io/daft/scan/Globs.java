package io.daft.scan;

import io.daft.core.DaftException;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Expands user paths into files: plain files, directories (every visible file below them) and globs with
 * {@code *}, {@code ?}, {@code **}, {@code [..]} and {@code {a,b}}. Results are sorted so partitions are
 * deterministic. A path or glob that matches nothing is an error naming it.
 */
public final class Globs {
    private Globs() {
    }

    public static List<String> expand(List<String> patterns) {
        if (patterns.isEmpty()) {
            throw new DaftException("no paths given");
        }
        Set<String> files = new LinkedHashSet<>();
        for (String p : patterns) {
            files.addAll(expand(p));
        }
        return new ArrayList<>(files);
    }

    public static List<String> expand(String pattern) {
        if (pattern.startsWith("s3://")) {
            throw new DaftException("s3:// paths are not supported yet: " + pattern);
        }
        String local = pattern.startsWith("file://") ? pattern.substring("file://".length()) : pattern;
        List<String> out;
        try {
            out = isGlob(local) ? expandGlob(local) : expandPlain(local);
        } catch (IOException e) {
            throw new DaftException("cannot list '" + pattern + "': " + e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw new DaftException("no files match '" + pattern + "'");
        }
        return out;
    }

    static boolean isGlob(String path) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == '{') {
                return true;
            }
        }
        return false;
    }

    private static List<String> expandPlain(String path) throws IOException {
        Path p = Path.of(path);
        if (Files.isRegularFile(p)) {
            return List.of(p.toString());
        }
        if (Files.isDirectory(p)) {
            try (Stream<Path> s = Files.walk(p, FileVisitOption.FOLLOW_LINKS)) {
                return s.filter(Files::isRegularFile).filter(f -> isVisible(p, f)).map(Path::toString).sorted().toList();
            }
        }
        throw new DaftException("file not found: '" + path + "'");
    }

    private static List<String> expandGlob(String glob) throws IOException {
        // Walk from the longest directory prefix that has no glob characters.
        String[] parts = glob.split("/", -1);
        StringBuilder base = new StringBuilder();
        int i = 0;
        for (; i < parts.length - 1; i++) {
            if (isGlob(parts[i])) {
                break;
            }
            base.append(parts[i]).append('/');
        }
        Path root = base.length() == 0 ? Path.of(".") : Path.of(base.toString());
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        boolean recursive = glob.contains("**");
        int depth = recursive ? Integer.MAX_VALUE : parts.length - i;
        Path absRoot = root.toAbsolutePath().normalize();
        String absGlob = absRoot + "/" + String.join("/", java.util.Arrays.copyOfRange(parts, i, parts.length));
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + absGlob);
        // "dir/**/x" should also match "dir/x", as in Daft and most shells with globstar
        PathMatcher flat = absGlob.contains("/**/")
                ? FileSystems.getDefault().getPathMatcher("glob:" + absGlob.replace("/**/", "/")) : matcher;
        try (Stream<Path> s = Files.walk(absRoot, depth, FileVisitOption.FOLLOW_LINKS)) {
            List<String> out = new ArrayList<>();
            s.filter(Files::isRegularFile)
                    .filter(f -> isVisible(absRoot, f))
                    .filter(f -> matcher.matches(f) || flat.matches(f))
                    .map(f -> root.resolve(absRoot.relativize(f)).toString())
                    .sorted()
                    .forEach(out::add);
            return out;
        }
    }

    /** Hidden files and writer markers (".crc", "_SUCCESS") below the listed directory are not data. */
    private static boolean isVisible(Path root, Path file) {
        Path rel = root.relativize(file);
        for (Path part : rel) {
            String n = part.toString();
            if (n.startsWith(".") || n.startsWith("_")) {
                return false;
            }
        }
        return true;
    }
}
