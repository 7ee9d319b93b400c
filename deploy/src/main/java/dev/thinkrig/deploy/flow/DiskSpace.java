package dev.thinkrig.deploy.flow;

import dev.thinkrig.sizing.DataSize;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Free space where a deployment's download lands, checked before anything is pulled or created. The only I/O is
 * {@link #usable(Path)}, one {@link java.nio.file.FileStore} call; {@link #shortfall} decides.
 */
public final class DiskSpace {

    private DiskSpace() {}

    /**
     * What a file system has free for this user.
     *
     * @param measured the path whose file system was asked (the path itself, or its nearest existing ancestor when it
     *     does not exist yet)
     */
    public record Free(Path measured, long bytes) {}

    /**
     * The usable space of the file system holding {@code path}, asked of {@code path} or, while it does not exist yet
     * (a cache directory Docker creates on first use), of its nearest existing ancestor; empty when none can be asked.
     */
    public static Optional<Free> usable(Path path) {
        for (Path p = path.toAbsolutePath(); p != null; p = p.getParent()) {
            try {
                if (Files.exists(p)) {
                    return Optional.of(new Free(p, Files.getFileStore(p).getUsableSpace()));
                }
            } catch (IOException | SecurityException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * Why {@code needed} bytes do not fit in {@code free}, or empty when they do.
     *
     * @param what what needs the space ({@code the model's weights (planned)})
     * @param where where it lands, in words ({@code volume x under Docker's data root /var/lib/docker})
     */
    public static Optional<String> shortfall(long needed, Free free, String what, String where) {
        if (needed <= free.bytes()) {
            return Optional.empty();
        }
        return Optional.of("not enough disk space: " + what + " need about " + DataSize.ofBytes(needed) + " in "
                + where + ", and its file system (" + free.measured() + ") has " + DataSize.ofBytes(free.bytes())
                + " free, " + DataSize.ofBytes(needed - free.bytes()) + " short");
    }
}
