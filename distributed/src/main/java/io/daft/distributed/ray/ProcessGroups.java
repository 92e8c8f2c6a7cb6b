package io.daft.distributed.ray;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The processes of one Linux process group, read from {@code /proc}. Each Ray node we start runs in its own session
 * ({@code setsid}), so its group holds exactly that node's daemons (GCS, raylet, agents) and the worker JVMs they
 * start; stopping a cluster signals these and nothing else ({@code ray stop} would end every Ray process on the
 * machine, other users' clusters included).
 */
final class ProcessGroups {
    private static final Path PROC = Path.of("/proc");

    private ProcessGroups() {
    }

    /** Live processes whose process group is {@code pgid}, plus their descendants (should one have left the group). */
    static List<ProcessHandle> members(long pgid) {
        Set<ProcessHandle> found = new LinkedHashSet<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC, p -> p.getFileName().toString().chars().allMatch(Character::isDigit))) {
            for (Path dir : dirs) {
                long pid = Long.parseLong(dir.getFileName().toString());
                OptionalLong group = processGroup(pid);
                if (group.isPresent() && group.getAsLong() == pgid && !isZombie(pid)) {
                    ProcessHandle.of(pid).ifPresent(h -> {
                        found.add(h);
                        h.descendants().forEach(found::add);
                    });
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc: " + e.getMessage(), e);
        }
        return found.stream().filter(h -> h.isAlive() && !isZombie(h.pid())).collect(Collectors.toUnmodifiableList());
    }

    /**
     * Whether {@code pid} has exited and waits for its parent to reap it: it holds nothing but its process table entry,
     * and no signal ends it.
     */
    static boolean isZombie(long pid) {
        return state(pid).equals("Z");
    }

    /** "state ppid" of {@code pid} from /proc, for messages. */
    static String describe(long pid) {
        return "pid " + pid + " (state " + state(pid) + ", parent " + ProcessHandle.of(pid).flatMap(ProcessHandle::parent).map(ProcessHandle::pid).orElse(-1L)
                + ": " + commandLine(pid) + ")";
    }

    private static String state(long pid) {
        try {
            String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.US_ASCII);
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "gone";
        }
    }

    /** The process group of {@code pid} from {@code /proc/<pid>/stat}, empty once it has gone. */
    static OptionalLong processGroup(long pid) {
        try {
            String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.US_ASCII);
            // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so parse after the last ')'
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return OptionalLong.of(Long.parseLong(fields[2]));
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty(); // exited while being read
        }
    }

    /** The command line of {@code pid} with arguments separated by spaces, empty if it has gone. */
    static String commandLine(long pid) {
        try {
            byte[] raw = Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("cmdline"));
            return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').trim();
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Ends every member of the group: SIGTERM, then SIGKILL to whatever is left after {@code graceMillis} (Ray's
     * raylet and GCS do not always exit on SIGTERM). Returns the processes still alive afterwards (none normally).
     */
    static List<ProcessHandle> terminate(long pgid, long graceMillis) throws InterruptedException {
        List<ProcessHandle> members = members(pgid);
        members.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + graceMillis * 1_000_000;
        while (System.nanoTime() < deadline && !members(pgid).isEmpty()) {
            Thread.sleep(50);
        }
        // new members may have been started meanwhile (a raylet restarting a worker): re-read the group
        for (int round = 0; round < 20; round++) {
            List<ProcessHandle> left = members(pgid);
            if (left.isEmpty()) {
                return List.of();
            }
            left.forEach(ProcessHandle::destroyForcibly);
            Thread.sleep(50);
        }
        return members(pgid);
    }
}
