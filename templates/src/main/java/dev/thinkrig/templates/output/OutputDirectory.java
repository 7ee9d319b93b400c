package dev.thinkrig.templates.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes generated files into a directory all at once or not at all: every file and the manifest
 * ({@code .thinkrig-manifest}, {@code sha256sum} format) are written into a staging directory beside the target (same
 * file system), then moved into place; a failure on any file leaves the target as it was. A directory holding anything
 * the manifest does not list, or a listed file changed since, is left alone unless forced: thinkrig only replaces what
 * it wrote itself.
 */
public final class OutputDirectory {

    public static final String MANIFEST = ".thinkrig-manifest";

    /** Names the staging directory beside the target; a run killed mid-way leaves one, hidden, never in the target. */
    static final String STAGING = ".thinkrig-staging-";

    private OutputDirectory() {}

    /** What a write did: the files written and the stale files of an earlier run that were removed. */
    public record Result(List<Path> written, List<Path> removed) {

        public Result {
            written = List.copyOf(written);
            removed = List.copyOf(removed);
        }
    }

    /** Writes one staged file with its mode; tests put one in that fails part-way. */
    @FunctionalInterface
    interface FileWriter {
        void write(Path file, byte[] bytes, String mode) throws IOException;
    }

    /**
     * Writes {@code files} into {@code dir}, creating it if needed; on any failure nothing of them is left and an
     * existing {@code dir} is as it was.
     *
     * @param force overwrite files thinkrig did not write (or that were changed since); files it does not write this
     *     time are never deleted unless an earlier run wrote them and they are unchanged
     * @throws OutputException when the directory holds foreign or changed files and {@code force} is false, or when the
     *     file system refuses
     */
    public static Result write(Path dir, List<GeneratedFile> files, boolean force) {
        return write(dir, files, force, OutputDirectory::writeFile);
    }

    static Result write(Path dir, List<GeneratedFile> files, boolean force, FileWriter writer) {
        try {
            return doWrite(dir, files, force, writer);
        } catch (IOException | UncheckedIOException e) {
            throw new OutputException(
                    "cannot write " + dir + ": " + describe(e) + " (nothing of this run was written)", false, e);
        }
    }

    /** The file system's refusal in words: "PATH: a file is in the way", else the exception's own message. */
    static String describe(Exception e) {
        return IoReason.of(e).orElse(String.valueOf(e.getMessage()));
    }

    private static Result doWrite(Path dir, List<GeneratedFile> files, boolean force, FileWriter writer)
            throws IOException {
        Map<String, String> previous = Map.of();
        boolean exists = Files.exists(dir);
        if (exists) {
            if (!Files.isDirectory(dir)) {
                throw new OutputException(dir + " exists and is not a directory", true, null);
            }
            previous = readManifest(dir);
            List<String> foreign = foreignEntries(dir, previous);
            if (!foreign.isEmpty() && !force) {
                throw new OutputException(
                        dir + " holds files thinkrig did not write (or that were changed since): "
                                + String.join(", ", foreign) + "; use --force to write there anyway",
                        true,
                        null);
            }
        }
        Path target = dir.toAbsolutePath().normalize();
        Path parent = target.getParent();
        if (parent == null) {
            throw new OutputException("cannot write into " + dir + ": it has no parent directory", false, null);
        }
        Optional<Path> createdParents = createParents(parent);
        Path staging = null;
        Journal journal = new Journal();
        try {
            staging = createStaging(parent, target.getFileName().toString());
            Path fresh = Files.createDirectory(staging.resolve("new"));
            Map<String, String> manifest = new LinkedHashMap<>();
            List<String> names = new ArrayList<>();
            for (GeneratedFile file : files) {
                byte[] bytes = file.content().getBytes(StandardCharsets.UTF_8);
                Files.createDirectories(fresh.resolve(file.name()).getParent());
                writer.write(fresh.resolve(file.name()), bytes, file.mode());
                manifest.put(file.name(), sha256(bytes));
                names.add(file.name());
            }
            StringBuilder text = new StringBuilder();
            manifest.forEach(
                    (name, hash) -> text.append(hash).append("  ").append(name).append('\n'));
            writer.write(
                    fresh.resolve(MANIFEST), text.toString().getBytes(StandardCharsets.UTF_8), GeneratedFile.READABLE);

            List<Path> written = names.stream().map(dir::resolve).toList();
            if (!exists) {
                move(fresh, target); // one rename: the directory appears whole
                cleanUp(staging);
                return new Result(written, List.of());
            }
            Path old = Files.createDirectory(staging.resolve("old"));
            for (String name : names) {
                replace(journal, fresh, old, target, name);
            }
            List<Path> removed = new ArrayList<>();
            for (Map.Entry<String, String> entry : previous.entrySet()) {
                Path stale = target.resolve(entry.getKey());
                if (!manifest.containsKey(entry.getKey())
                        && Files.isRegularFile(stale)
                        && sha256(Files.readAllBytes(stale)).equals(entry.getValue())) {
                    Path kept = old.resolve(entry.getKey());
                    Files.createDirectories(kept.getParent());
                    move(stale, kept);
                    journal.done(() -> move(kept, stale));
                    removed.add(dir.resolve(entry.getKey()));
                }
            }
            // the manifest last: until it is in place, the earlier one still describes the directory
            replace(journal, fresh, old, target, MANIFEST);
            cleanUp(staging);
            return new Result(written, removed);
        } catch (IOException | RuntimeException e) {
            journal.undo(e);
            if (staging != null) {
                try {
                    deleteTree(staging);
                } catch (IOException | UncheckedIOException cleanup) {
                    e.addSuppressed(cleanup);
                }
            }
            createdParents.ifPresent(top -> removeEmpty(parent, top, e));
            throw e;
        }
    }

    /**
     * Moves the staged {@code name} over the target's: a copy of the file it replaces goes to {@code old} first, so the
     * target is never without the file and the journal can put it back.
     */
    private static void replace(Journal journal, Path fresh, Path old, Path target, String name) throws IOException {
        Path source = fresh.resolve(name);
        Path destination = target.resolve(name);
        Path folder = destination.getParent();
        if (!Files.isDirectory(folder)) {
            Files.createDirectory(folder); // a node's directory (node-2/)
            journal.done(() -> Files.deleteIfExists(folder));
        }
        if (Files.exists(destination, LinkOption.NOFOLLOW_LINKS)) {
            Path kept = old.resolve(name);
            Files.createDirectories(kept.getParent());
            Files.copy(destination, kept, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
            move(source, destination);
            journal.done(() -> move(kept, destination));
        } else {
            move(source, destination);
            journal.done(() -> Files.deleteIfExists(destination));
        }
    }

    /** What was done to the target, undone in reverse order when a later step fails. */
    private static final class Journal {

        interface Step {
            void undo() throws IOException;
        }

        private final Deque<Step> steps = new ArrayDeque<>();

        void done(Step undo) {
            steps.push(undo);
        }

        void undo(Exception failure) {
            while (!steps.isEmpty()) {
                try {
                    steps.pop().undo();
                } catch (IOException | RuntimeException e) {
                    failure.addSuppressed(e);
                }
            }
        }
    }

    /** The parent's missing ancestors are created; the topmost of them is returned, to remove again on failure. */
    private static Optional<Path> createParents(Path parent) throws IOException {
        Path top = null;
        for (Path p = parent; p != null && !Files.exists(p); p = p.getParent()) {
            top = p;
        }
        Files.createDirectories(parent);
        return Optional.ofNullable(top);
    }

    /** Removes the directories from {@code from} up to {@code top} that this write created, where still empty. */
    private static void removeEmpty(Path from, Path top, Exception failure) {
        for (Path p = from; p != null; p = p.getParent()) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                failure.addSuppressed(e);
                return;
            }
            if (p.equals(top)) {
                return;
            }
        }
    }

    /** A new directory beside the target, with the permissions a plain new directory gets (the umask's). */
    private static Path createStaging(Path parent, String targetName) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path staging = parent.resolve("." + targetName + STAGING
                    + ProcessHandle.current().pid() + "-" + Long.toHexString(System.nanoTime()));
            try {
                return Files.createDirectory(staging);
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 10) {
                    throw e;
                }
            }
        }
    }

    /** A rename on the same file system; where the file system cannot make it atomic, a plain move. */
    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** After a write that succeeded: the staging directory goes; one that cannot be removed is harmless. */
    private static void cleanUp(Path staging) {
        try {
            deleteTree(staging);
        } catch (IOException | UncheckedIOException e) {
            // hidden, beside the target, never read: the files are in place
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> all;
        try (Stream<Path> walk = Files.walk(root)) {
            all = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : all) {
            Files.deleteIfExists(p);
        }
    }

    /** Creates {@code file} with its final permissions (so {@code .env} is never readable by others) and syncs it. */
    private static void writeFile(Path file, byte[] bytes, String mode) throws IOException {
        boolean posix = Files.getFileStore(file.getParent()).supportsFileAttributeView("posix");
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode))}
                : new FileAttribute<?>[0];
        Files.createFile(file, attributes);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        if (posix) {
            // createFile's attribute is filtered by the umask; set the mode exactly
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        }
    }

    /** Entries of {@code dir} that the manifest does not list, or whose content no longer matches it. */
    private static List<String> foreignEntries(Path dir, Map<String, String> manifest) throws IOException {
        Set<String> foreign = new TreeSet<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : entries.collect(Collectors.toList())) {
                String name = p.getFileName().toString();
                if (name.equals(MANIFEST)) {
                    continue;
                }
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && !manifest.containsKey(name)) {
                    // a node's subdirectory (node-2/): foreign when it holds anything the manifest does not list
                    try (Stream<Path> inner = Files.list(p)) {
                        for (Path q : inner.collect(Collectors.toList())) {
                            String key = name + "/" + q.getFileName();
                            String hash = manifest.get(key);
                            if (hash == null
                                    || !Files.isRegularFile(q)
                                    || !sha256(Files.readAllBytes(q)).equals(hash)) {
                                foreign.add(key);
                            }
                        }
                    }
                    continue;
                }
                String recorded = manifest.get(name);
                if (recorded == null
                        || !Files.isRegularFile(p)
                        || !sha256(Files.readAllBytes(p)).equals(recorded)) {
                    foreign.add(name);
                }
            }
        }
        return List.copyOf(foreign);
    }

    /** The manifest's {@code hash  name} lines; a missing manifest lists nothing. */
    static Map<String, String> readManifest(Path dir) throws IOException {
        Path file = dir.resolve(MANIFEST);
        Map<String, String> entries = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return entries;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int gap = line.indexOf("  ");
            if (gap == 64) {
                entries.put(line.substring(gap + 2), line.substring(0, gap));
            }
        }
        return entries;
    }

    /**
     * Writes to a temporary file created with its final permissions (so {@code .env} is never readable by others,
     * not even for a moment), flushes it to disk, then moves it over the target. Other files thinkrig keeps (the
     * calibration store) are written the same way.
     */
    public static Path writeAtomically(Path dir, String name, byte[] bytes, String mode) throws IOException {
        Path target = dir.resolve(name);
        Path parent = target.getParent();
        Files.createDirectories(parent);
        boolean posix = Files.getFileStore(parent).supportsFileAttributeView("posix");
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode))}
                : new FileAttribute<?>[0];
        Path temp = Files.createTempFile(parent, "." + target.getFileName() + ".", ".tmp", attributes);
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            if (posix) {
                // createTempFile's attribute is filtered by the umask; set the mode exactly
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString(mode));
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        return target;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
