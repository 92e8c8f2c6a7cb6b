package io.daft.calcite;

import io.daft.core.DaftException;
import io.daft.scan.Globs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The directories SQL may read below. A path or glob is accepted only if, with {@code ..} normalised away and
 * symbolic links resolved, it and every file it matches lie inside one of them.
 */
public final class DataRoots {
    private final List<Path> roots;
    private final List<Path> realRoots;

    public DataRoots(List<Path> roots) {
        this.roots = new ArrayList<>();
        this.realRoots = new ArrayList<>();
        for (Path r : roots) {
            Path abs = r.toAbsolutePath().normalize();
            this.roots.add(abs);
            this.realRoots.add(real(abs));
        }
    }

    public List<Path> roots() {
        return List.copyOf(roots);
    }

    /**
     * The absolute form of {@code pathOrGlob} (relative ones are taken from the first root), after checking that
     * it stays inside the roots; a {@link DaftException} saying so otherwise.
     */
    public String check(String pathOrGlob) {
        String p = pathOrGlob.startsWith("file://") ? pathOrGlob.substring("file://".length()) : pathOrGlob;
        if (p.contains("://")) {
            throw refused(pathOrGlob, "only local files are allowed");
        }
        Path base = roots.get(0);
        String absolute = Path.of(p).isAbsolute() ? p : base + "/" + p;
        // the directory part before the first glob character must lie inside a root, lexically and for real
        String prefix = prefixBeforeGlob(absolute);
        Path prefixPath = Path.of(prefix).normalize();
        if (absolute.contains("..") && containsDotDotAfterGlob(absolute)) {
            throw refused(pathOrGlob, "'..' is not allowed inside a glob pattern");
        }
        if (!inside(real(prefixPath), realRoots)) {
            throw refused(pathOrGlob, "it is outside the data roots");
        }
        String normalized = prefixPath + absolute.substring(prefix.length());
        for (String file : Globs.expand(normalized)) {
            if (!inside(real(Path.of(file).toAbsolutePath().normalize()), realRoots)) {
                throw refused(pathOrGlob, "file '" + file + "' resolves outside the data roots");
            }
        }
        return normalized;
    }

    private DaftException refused(String path, String why) {
        return new DaftException("access to '" + path + "' is refused: " + why + " " + roots);
    }

    private static boolean containsDotDotAfterGlob(String s) {
        String prefix = prefixBeforeGlob(s);
        return s.substring(prefix.length()).contains("..");
    }

    private static String prefixBeforeGlob(String s) {
        int i = 0;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == '{') {
                break;
            }
        }
        if (i == s.length()) {
            return s;
        }
        int slash = s.lastIndexOf('/', i);
        return slash <= 0 ? "/" : s.substring(0, slash);
    }

    private static boolean inside(Path p, List<Path> roots) {
        for (Path r : roots) {
            if (p.startsWith(r)) {
                return true;
            }
        }
        return false;
    }

    /** The path with symbolic links resolved, for its longest existing ancestor. */
    private static Path real(Path p) {
        Path existing = p;
        Path rest = null;
        while (existing != null) {
            try {
                Path r = existing.toRealPath();
                return rest == null ? r : r.resolve(rest).normalize();
            } catch (IOException e) {
                Path name = existing.getFileName();
                rest = rest == null ? name : (name == null ? rest : name.resolve(rest));
                existing = existing.getParent();
            }
        }
        return p;
    }
}
