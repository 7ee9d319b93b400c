package dev.thinkrig.profiles.detect;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.thinkrig.profiles.ProfileException;
import dev.thinkrig.sizing.DataSize;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A support bundle: the raw output of every probe detection ran on a machine, so that a user can share it and
 * {@code detect --replay DIR} or {@code plan --hardware DIR} see that machine. A directory with {@code bundle.json} (the
 * manifest: OSHI's facts, the environment variables read, which command wrote which file) and one text file per
 * output, exactly as the tool printed it.
 */
public final class SupportBundle {

    public static final String MANIFEST = "bundle.json";

    static final int FORMAT = 1;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private SupportBundle() {}

    /** Whether {@code dir} holds a bundle. */
    public static boolean isBundle(Path dir) {
        return Files.isRegularFile(dir.resolve(MANIFEST));
    }

    /** The manifest as written. */
    record Manifest(
            int format,
            Map<String, String> env,
            SystemRecord system,
            Map<String, String> files,
            List<CommandRecord> commands) {}

    record SystemRecord(
            String cpu,
            int physicalCores,
            long memoryTotalBytes,
            long memoryAvailableBytes,
            String os,
            List<ModuleRecord> memoryModules) {}

    record ModuleRecord(String bankLabel, String type, long capacityBytes, long transfersPerSecond) {}

    /**
     * One command as it ran.
     *
     * @param outcome {@code exited}, {@code not-found} or {@code timed-out}
     * @param stdout the file holding its standard output, relative to the bundle
     */
    record CommandRecord(List<String> command, String outcome, Integer exitCode, String stdout, String stderr) {}

    /** Probes that run live and remember everything they saw; {@link #write} saves it. */
    public static final class Recording implements Probes {

        private final Probes live;
        private final Map<String, String> files = new LinkedHashMap<>();
        private final List<Recorded> commands = new ArrayList<>();

        private record Recorded(List<String> command, String outcome, Integer exitCode, List<String> out, String err) {}

        public Recording(Probes live) {
            this.live = live;
        }

        @Override
        public CommandRunner commands() {
            return (command, timeout) -> {
                try {
                    Optional<CommandResult> r = live.commands().run(command, timeout);
                    commands.add(r.map(x -> new Recorded(command, "exited", x.exitCode(), x.stdout(), x.stderr()))
                            .orElse(new Recorded(command, "not-found", null, List.of(), "")));
                    return r;
                } catch (CommandTimeoutException e) {
                    commands.add(new Recorded(command, "timed-out", null, List.of(), ""));
                    throw e;
                }
            };
        }

        @Override
        public SystemFacts system() {
            return live.system();
        }

        @Override
        public Optional<String> file(Path path) {
            Optional<String> text = live.file(path);
            text.ifPresent(t -> files.put(path.toString(), t));
            return text;
        }

        @Override
        public Map<String, String> env() {
            return live.env();
        }

        /**
         * Writes the bundle to {@code dir}, which must not exist yet: into a temporary directory beside it, then
         * renamed, so a failure leaves nothing half-written.
         */
        public void write(Path dir) {
            if (Files.exists(dir)) {
                throw new BundleWriteException(
                        dir + " already exists; a support bundle goes into a new directory", null);
            }
            Path parent = dir.toAbsolutePath().getParent();
            Path temp = null;
            try {
                Files.createDirectories(parent);
                temp = Files.createTempDirectory(parent, "." + dir.getFileName() + ".");
                Map<String, String> fileNames = new LinkedHashMap<>();
                int n = 0;
                for (Map.Entry<String, String> f : files.entrySet()) {
                    String name = "file-" + (++n) + "-" + safe(f.getKey()) + ".txt";
                    Files.writeString(temp.resolve(name), f.getValue(), StandardCharsets.UTF_8);
                    fileNames.put(f.getKey(), name);
                }
                List<CommandRecord> records = new ArrayList<>();
                n = 0;
                for (Recorded c : commands) {
                    String base = "command-" + (++n) + "-" + safe(c.command().get(0));
                    Files.writeString(temp.resolve(base + ".stdout.txt"), String.join("\n", c.out()) + "\n");
                    Files.writeString(temp.resolve(base + ".stderr.txt"), c.err());
                    records.add(new CommandRecord(
                            c.command(), c.outcome(), c.exitCode(), base + ".stdout.txt", base + ".stderr.txt"));
                }
                SystemFacts s = live.system();
                Manifest m = new Manifest(
                        FORMAT,
                        env(),
                        new SystemRecord(
                                s.cpu(),
                                s.physicalCores(),
                                s.memoryTotal().bytes(),
                                s.memoryAvailable().bytes(),
                                s.os(),
                                s.memoryModules().stream()
                                        .map(x -> new ModuleRecord(
                                                x.bankLabel(),
                                                x.type(),
                                                x.capacity().bytes(),
                                                x.transfersPerSecond()))
                                        .toList()),
                        fileNames,
                        records);
                Files.writeString(temp.resolve(MANIFEST), JSON.writeValueAsString(m));
                try {
                    Files.move(temp, dir, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, dir);
                }
                temp = null;
            } catch (IOException e) {
                throw new BundleWriteException("cannot write the support bundle " + dir + ": " + e.getMessage(), e);
            } finally {
                if (temp != null) {
                    deleteTree(temp);
                }
            }
        }
    }

    /** Probes that answer from a recorded bundle; a command the recording did not run is "not installed". */
    public static Probes replay(Path dir) {
        Path manifestFile = dir.resolve(MANIFEST);
        Manifest m;
        try {
            m = JSON.readValue(Files.readString(manifestFile), Manifest.class);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new ProfileException(
                    manifestFile.toString(),
                    at == null ? 0 : at.getLineNr(),
                    at == null ? 0 : at.getColumnNr(),
                    "not a support bundle manifest: " + e.getOriginalMessage(),
                    e);
        } catch (IOException e) {
            throw new ProfileException(
                    manifestFile.toString(), 0, 0, "cannot read the support bundle's manifest: " + e.getMessage(), e);
        }
        if (m == null || m.format() != FORMAT) {
            throw new ProfileException(
                    manifestFile.toString(),
                    0,
                    0,
                    "bundle format " + (m == null ? "missing" : m.format()) + ", this thinkrig reads " + FORMAT,
                    null);
        }
        SystemRecord s = m.system();
        if (s == null || s.memoryTotalBytes() < 0 || s.memoryAvailableBytes() < 0 || s.physicalCores() < 0) {
            throw new ProfileException(
                    manifestFile.toString(),
                    0,
                    0,
                    "the support bundle's \"system\" record is missing or holds a negative size or count",
                    null);
        }
        SystemFacts facts = new SystemFacts(
                s.cpu(),
                s.physicalCores(),
                DataSize.ofBytes(s.memoryTotalBytes()),
                DataSize.ofBytes(s.memoryAvailableBytes()),
                s.os(),
                s.memoryModules() == null
                        ? List.of()
                        : s.memoryModules().stream()
                                .map(x -> new MemoryModule(
                                        x.bankLabel(),
                                        x.type(),
                                        DataSize.ofBytes(x.capacityBytes()),
                                        x.transfersPerSecond()))
                                .toList());
        Map<String, String> env = m.env() == null ? Map.of() : Map.copyOf(m.env());
        Map<String, String> files = m.files() == null ? Map.of() : m.files();
        List<CommandRecord> commands = m.commands() == null ? List.of() : m.commands();
        return new Probes() {
            @Override
            public CommandRunner commands() {
                return (command, timeout) -> replayCommand(dir, commands, command, timeout);
            }

            @Override
            public SystemFacts system() {
                return facts;
            }

            @Override
            public Optional<String> file(Path path) {
                String name = files.get(path.toString());
                return name == null ? Optional.empty() : Optional.of(read(dir, name));
            }

            @Override
            public Map<String, String> env() {
                return env;
            }
        };
    }

    private static Optional<CommandResult> replayCommand(
            Path dir, List<CommandRecord> records, List<String> command, Duration timeout) {
        for (CommandRecord r : records) {
            if (r.command().equals(command)) {
                switch (r.outcome()) {
                    case "exited":
                        String out = read(dir, r.stdout());
                        return Optional.of(new CommandResult(
                                r.exitCode() == null ? 0 : r.exitCode(),
                                out.lines().toList(),
                                r.stderr() == null ? "" : read(dir, r.stderr())));
                    case "timed-out":
                        throw new CommandTimeoutException(command, timeout);
                    default:
                        return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private static String read(Path dir, String name) {
        Path file = dir.resolve(name).normalize();
        if (!file.startsWith(dir.normalize())) {
            throw new ProfileException(
                    dir.resolve(MANIFEST).toString(), 0, 0, "names a file outside the support bundle: " + name, null);
        }
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new ProfileException(
                    dir.resolve(MANIFEST).toString(), 0, 0, "names " + name + ", which the bundle lacks", e);
        }
    }

    private static String safe(String s) {
        String name = s.replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("^_+", "");
        return name.isEmpty() ? "x" : name.length() > 40 ? name.substring(0, 40) : name;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // best effort: a temporary directory left behind is named with a leading dot
        }
    }
}
