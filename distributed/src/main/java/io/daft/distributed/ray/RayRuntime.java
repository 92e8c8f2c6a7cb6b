package io.daft.distributed.ray;

import io.daft.core.DaftException;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * An installed Ray: the {@code ray} executable and the Java runtime jar of the same wheel ({@code ray/jars/ray_dist.jar},
 * API and runtime of the cluster's version; Maven Central's {@code io.ray} jars stop at 2.39 and must not run
 * against a newer cluster).
 *
 * <p>{@link #locate()} looks, in order, at the system property {@code daft.ray.home}, the environment variable
 * {@code DAFT_RAY_HOME} (either a virtualenv with Ray installed or the {@code ray} package folder), the repository's
 * {@code .venv-ray} (what {@code .ci/run} installs; the repository is {@code -Ddaft.root} or found upwards from this
 * class's location), then the {@code ray} module of {@code python3} on the path.
 */
public final class RayRuntime {
    public static final String HOME_PROPERTY = "daft.ray.home";
    public static final String HOME_ENV = "DAFT_RAY_HOME";
    public static final String ROOT_PROPERTY = "daft.root";
    public static final String VENV_DIR = ".venv-ray";
    public static final String INSTALL_HINT = "install Ray with: python3 -m venv " + VENV_DIR + " && " + VENV_DIR
            + "/bin/pip install --index-url file:///opt/pypi/simple ray==2.58.0 (in the repository; .ci/run does this), "
            + "or point -D" + HOME_PROPERTY + " / $" + HOME_ENV + " at a virtualenv with Ray";

    private final Path packageDir;
    private final Path distJar;
    private final Path rayExecutable;

    private RayRuntime(Path packageDir, Path distJar, Path rayExecutable) {
        this.packageDir = requireNonNull(packageDir, "packageDir");
        this.distJar = requireNonNull(distJar, "distJar");
        this.rayExecutable = requireNonNull(rayExecutable, "rayExecutable");
    }

    /** The installed Ray, or a {@link DaftException} saying where it looked and how to install it. */
    public static RayRuntime locate() {
        List<String> tried = new ArrayList<>();
        Optional<String> configured = Optional.ofNullable(System.getProperty(HOME_PROPERTY)).filter(s -> !s.isBlank())
                .map(s -> {
                    tried.add("-D" + HOME_PROPERTY + "=" + s);
                    return s;
                })
                .or(() -> Optional.ofNullable(System.getenv(HOME_ENV)).filter(s -> !s.isBlank()).map(s -> {
                    tried.add("$" + HOME_ENV + "=" + s);
                    return s;
                }));
        if (configured.isPresent()) {
            // an explicit location must hold Ray: falling back elsewhere would hide a typo
            return fromHome(Path.of(configured.get()))
                    .orElseThrow(() -> notFound(tried, "no ray/jars/ray_dist.jar and ray executable under " + configured.get()));
        }
        Optional<Path> root = repositoryRoot();
        if (root.isPresent()) {
            Path venv = root.get().resolve(VENV_DIR);
            tried.add(venv.toString());
            Optional<RayRuntime> found = fromHome(venv);
            if (found.isPresent()) {
                return found.get();
            }
        }
        tried.add("python3 -c 'import ray'");
        return fromPython().orElseThrow(() -> notFound(tried, "Ray is not installed"));
    }

    /** Ray installed in {@code home}: a virtualenv, or the {@code ray} package folder itself. */
    public static Optional<RayRuntime> fromHome(Path home) {
        Path dir = home.toAbsolutePath().normalize();
        if (Files.isRegularFile(dir.resolve("jars/ray_dist.jar"))) {
            return withExecutable(dir, findExecutable(dir));
        }
        if (Files.isRegularFile(dir.resolve("ray/jars/ray_dist.jar"))) {
            return withExecutable(dir.resolve("ray"), findExecutable(dir.resolve("ray")));
        }
        Path lib = dir.resolve("lib");
        if (Files.isDirectory(lib)) {
            try (DirectoryStream<Path> pythons = Files.newDirectoryStream(lib, "python3*")) {
                for (Path python : pythons) {
                    Path pkg = python.resolve("site-packages/ray");
                    if (Files.isRegularFile(pkg.resolve("jars/ray_dist.jar"))) {
                        Path exe = dir.resolve("bin/ray");
                        return withExecutable(pkg, Files.isExecutable(exe) ? Optional.of(exe) : findExecutable(pkg));
                    }
                }
            } catch (IOException e) {
                throw new DaftException("cannot list " + lib + ": " + e.getMessage(), e);
            }
        }
        return Optional.empty();
    }

    private static Optional<RayRuntime> withExecutable(Path pkg, Optional<Path> exe) {
        return exe.map(e -> new RayRuntime(pkg, pkg.resolve("jars/ray_dist.jar"), e));
    }

    /** {@code <prefix>/bin/ray} for a package at {@code <prefix>/lib/pythonX/site-packages/ray}, else {@code ray} on the path. */
    private static Optional<Path> findExecutable(Path pkg) {
        Path prefix = pkg.getParent() == null ? null : pkg.getParent().getParent();
        if (prefix != null && prefix.getParent() != null && prefix.getParent().getParent() != null) {
            Path exe = prefix.getParent().getParent().resolve("bin/ray");
            if (Files.isExecutable(exe)) {
                return Optional.of(exe);
            }
        }
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "ray"))) {
                return Optional.of(Path.of(dir, "ray").toAbsolutePath());
            }
        }
        return Optional.empty();
    }

    private static Optional<RayRuntime> fromPython() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import os, ray; print(os.path.dirname(ray.__file__))")
                    .redirectErrorStream(true).start();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0 || out.isEmpty()) {
                return Optional.empty();
            }
            Path pkg = Path.of(out.lines().reduce((a, b) -> b).orElse(out));
            return Files.isRegularFile(pkg.resolve("jars/ray_dist.jar")) ? withExecutable(pkg, findExecutable(pkg)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // no python3
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** {@code -Ddaft.root}, else the first folder upwards from this class's jar or classes folder that has a pom.xml and bin/daft. */
    static Optional<Path> repositoryRoot() {
        String property = System.getProperty(ROOT_PROPERTY);
        if (property != null && !property.isBlank()) {
            return Optional.of(Path.of(property).toAbsolutePath().normalize());
        }
        try {
            var source = RayRuntime.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return Optional.empty();
            }
            for (Path dir = Path.of(source.getLocation().toURI()).toAbsolutePath(); dir != null; dir = dir.getParent()) {
                if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isRegularFile(dir.resolve("bin/daft"))) {
                    return Optional.of(dir);
                }
            }
        } catch (URISyntaxException | SecurityException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static DaftException notFound(List<String> tried, String what) {
        return new DaftException(what + " (looked at: " + String.join(", ", tried) + "); " + INSTALL_HINT);
    }

    /** The {@code ray} Python package folder. */
    public Path packageDir() {
        return packageDir;
    }

    /** Ray's Java API and runtime: put this on the driver's classpath (and nothing else of {@code io.ray}). */
    public Path distJar() {
        return distJar;
    }

    /** The {@code ray} command line tool of the same installation. */
    public Path rayExecutable() {
        return rayExecutable;
    }

    /**
     * Checks that this JVM can call Ray: {@code io.ray.api.Ray} loads, and from this installation's jar (not Maven
     * Central's 2.39 API, which must not drive a newer cluster).
     */
    public void requireOnClasspath() {
        Class<?> ray;
        try {
            ray = Class.forName("io.ray.api.Ray", false, RayRuntime.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new DaftException("Ray's Java runtime is not on the classpath: add " + distJar
                    + " (bin/daft and the distributed module's tests do this)");
        }
        Optional<Path> from = Optional.ofNullable(ray.getProtectionDomain().getCodeSource()).flatMap(s -> {
            try {
                return Optional.of(Path.of(s.getLocation().toURI()).toAbsolutePath().normalize());
            } catch (URISyntaxException | IllegalArgumentException e) {
                return Optional.empty();
            }
        });
        if (from.isPresent() && !from.get().getFileName().toString().equals("ray_dist.jar")) {
            throw new DaftException("io.ray.api.Ray is loaded from " + from.get() + ", not from the installed Ray's "
                    + distJar + ": remove other io.ray jars from the classpath");
        }
    }

    @Override
    public String toString() {
        return "Ray at " + packageDir + " (ray: " + rayExecutable + ")";
    }
}
