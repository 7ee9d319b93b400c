package dev.thinkrig.profiles.store;

import dev.thinkrig.profiles.ModelFileException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The local Hugging Face hub cache: {@code models--<org>--<name>/snapshots/<revision>/} holds a repository's files
 * (links into {@code blobs/}), and {@code refs/main} names the revision {@code main} points at (huggingface_hub's
 * cache layout, docs "Manage huggingface_hub cache-system").
 */
public final class HuggingFaceCache {

    private static final Pattern PART = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.\\-]{0,95}");
    private static final Pattern REVISION = Pattern.compile("[A-Za-z0-9_.\\-]{1,128}");

    private final Path root;

    public HuggingFaceCache(Path root) {
        this.root = root;
    }

    /** {@code $HF_HUB_CACHE}, else {@code $HF_HOME/hub}, else {@code ~/.cache/huggingface/hub}, as huggingface_hub. */
    public static HuggingFaceCache locate(Map<String, String> env, String userHome) {
        String hub = env.get("HF_HUB_CACHE");
        if (hub != null && !hub.isBlank()) {
            return new HuggingFaceCache(Path.of(hub));
        }
        String home = env.get("HF_HOME");
        if (home != null && !home.isBlank()) {
            return new HuggingFaceCache(Path.of(home, "hub"));
        }
        return new HuggingFaceCache(Path.of(userHome, ".cache", "huggingface", "hub"));
    }

    public Path root() {
        return root;
    }

    /**
     * A cached checkpoint.
     *
     * @param repo the repository id, {@code org/name}
     * @param snapshot the snapshot directory {@code main} points at
     */
    public record Snapshot(String repo, Path snapshot) {

        /** The safetensors bytes of the snapshot (links followed to their blobs). */
        public long sizeBytes() {
            try (Stream<Path> files = Files.list(snapshot)) {
                long total = 0;
                for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".safetensors"))
                        .toList()) {
                    total += Files.size(f);
                }
                return total;
            } catch (IOException e) {
                throw new ModelFileException(
                        snapshot.toString(), ModelFileException.NO_OFFSET, "cannot read the snapshot: " + e, e);
            }
        }
    }

    /** The repository's cache directory, {@code models--org--name}, or empty for a name that is no repo id. */
    static Optional<String> directoryOf(String repo) {
        String[] parts = repo.trim().split("/", -1);
        if (parts.length != 2) {
            return Optional.empty();
        }
        for (String p : parts) {
            if (!PART.matcher(p).matches() || p.contains("..")) {
                return Optional.empty();
            }
        }
        return Optional.of("models--" + parts[0] + "--" + parts[1]);
    }

    /** The snapshot {@code org/name} finds: the revision {@code refs/main} names, holding a config.json. */
    public Optional<Snapshot> find(String repo) {
        Optional<String> dir = directoryOf(repo);
        if (dir.isEmpty() || !Files.isDirectory(root.resolve(dir.get()))) {
            return Optional.empty();
        }
        return Optional.of(snapshot(repo.trim(), root.resolve(dir.get())));
    }

    /** The snapshot of a cached repository; every problem names the file or directory at fault. */
    Snapshot snapshot(String repo, Path repoDir) {
        Path ref = repoDir.resolve("refs").resolve("main");
        Path snapshots = repoDir.resolve("snapshots");
        String revision;
        if (Files.isRegularFile(ref)) {
            try {
                revision = Files.readString(ref, StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                throw new ModelFileException(ref.toString(), ModelFileException.NO_OFFSET, "cannot read: " + e, e);
            }
            if (!REVISION.matcher(revision).matches() || revision.equals("..") || revision.equals(".")) {
                throw new ModelFileException(
                        ref.toString(),
                        ModelFileException.NO_OFFSET,
                        "not a revision: '" + abbreviated(revision) + "'");
            }
        } else {
            // no refs/main (a download by revision): the only snapshot, if there is exactly one
            List<Path> all = directories(snapshots);
            if (all.size() != 1) {
                throw new ModelFileException(
                        repoDir.toString(),
                        ModelFileException.NO_OFFSET,
                        "no refs/main and " + all.size() + " snapshots: cannot tell which revision to plan");
            }
            revision = all.get(0).getFileName().toString();
        }
        Path snapshot = snapshots.resolve(revision);
        if (!Files.isRegularFile(snapshot.resolve("config.json"))) {
            throw new ModelFileException(
                    snapshot.toString(),
                    ModelFileException.NO_OFFSET,
                    "the snapshot main points at has no config.json (download it, or the whole repository)");
        }
        return new Snapshot(repo, snapshot);
    }

    /** Every cached model repository, in name order; one that cannot be read is listed with its problem. */
    public List<Listed> list() {
        List<Listed> listed = new ArrayList<>();
        for (Path dir : directories(root)) {
            String name = dir.getFileName().toString();
            if (!name.startsWith("models--")) {
                continue; // datasets--, spaces--
            }
            String[] parts = name.substring("models--".length()).split("--", 2);
            String repo = parts.length == 2 ? parts[0] + "/" + parts[1] : parts[0];
            try {
                listed.add(new Listed(repo, dir, Optional.of(snapshot(repo, dir)), Optional.empty()));
            } catch (ModelFileException e) {
                listed.add(new Listed(repo, dir, Optional.empty(), Optional.of(e.getMessage())));
            }
        }
        return listed;
    }

    /** One cached repository in a listing: its snapshot, or why it cannot be planned. */
    public record Listed(String repo, Path directory, Optional<Snapshot> snapshot, Optional<String> problem) {}

    private static List<Path> directories(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new ModelFileException(dir.toString(), ModelFileException.NO_OFFSET, "cannot list: " + e, e);
        }
    }

    private static String abbreviated(String s) {
        return s.length() > 100 ? s.substring(0, 100) + "..." : s;
    }
}
