package dev.thinkrig.templates.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes generated files into a directory, each atomically (a temporary file in the same directory, then a move), and
 * records them in a manifest ({@code .thinkrig-manifest}, {@code sha256sum} format). A directory holding anything the
 * manifest does not list, or a listed file changed since, is left alone unless forced: thinkrig only replaces what it
 * wrote itself.
 */
public final class OutputDirectory {

    public static final String MANIFEST = ".thinkrig-manifest";

    private OutputDirectory() {}

    /** What a write did: the files written and the stale files of an earlier run that were removed. */
    public record Result(List<Path> written, List<Path> removed) {

        public Result {
            written = List.copyOf(written);
            removed = List.copyOf(removed);
        }
    }

    /**
     * Writes {@code files} into {@code dir}, creating it if needed.
     *
     * @param force overwrite files thinkrig did not write (or that were changed since); files it does not write this
     *     time are never deleted unless an earlier run wrote them and they are unchanged
     * @throws OutputException when the directory holds foreign or changed files and {@code force} is false, or when the
     *     file system refuses
     */
    public static Result write(Path dir, List<GeneratedFile> files, boolean force) {
        try {
            return doWrite(dir, files, force);
        } catch (IOException | UncheckedIOException e) {
            throw new OutputException("cannot write " + dir + ": " + e.getMessage(), false, e);
        }
    }

    private static Result doWrite(Path dir, List<GeneratedFile> files, boolean force) throws IOException {
        Map<String, String> previous = Map.of();
        if (Files.exists(dir)) {
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
        } else {
            Files.createDirectories(dir);
        }
        List<Path> written = new ArrayList<>();
        Map<String, String> manifest = new LinkedHashMap<>();
        for (GeneratedFile file : files) {
            byte[] bytes = file.content().getBytes(StandardCharsets.UTF_8);
            written.add(writeAtomically(dir, file.name(), bytes, file.mode()));
            manifest.put(file.name(), sha256(bytes));
        }
        List<Path> removed = new ArrayList<>();
        for (Map.Entry<String, String> old : previous.entrySet()) {
            Path stale = dir.resolve(old.getKey());
            if (!manifest.containsKey(old.getKey())
                    && Files.isRegularFile(stale)
                    && sha256(Files.readAllBytes(stale)).equals(old.getValue())) {
                Files.delete(stale);
                removed.add(stale);
            }
        }
        StringBuilder text = new StringBuilder();
        manifest.forEach(
                (name, hash) -> text.append(hash).append("  ").append(name).append('\n'));
        writeAtomically(dir, MANIFEST, text.toString().getBytes(StandardCharsets.UTF_8), GeneratedFile.READABLE);
        return new Result(written, removed);
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
                if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !manifest.containsKey(name)) {
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
