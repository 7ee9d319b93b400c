package dev.thinkrig.templates.output;

import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Optional;

/**
 * Why a file operation failed, in words, where the JDK's message gives only the path: an AccessDeniedException's
 * message is the file's name and nothing else, so "cannot write DIR: DIR/x" said no reason at all. The one place that
 * words it: compose's output refusals and every other command's error line (cli's Main) use it.
 */
public final class IoReason {

    private IoReason() {}

    /** "PATH: permission denied" for the first file-system exception in {@code e}'s causes, if any. */
    public static Optional<String> of(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof FileSystemException f) {
                String why = f.getReason() != null
                        ? f.getReason()
                        : f instanceof FileAlreadyExistsException
                                ? "a file is in the way"
                                : f instanceof NoSuchFileException
                                        ? "no such file or directory"
                                        : f instanceof AccessDeniedException
                                                ? "permission denied"
                                                : f instanceof DirectoryNotEmptyException
                                                        ? "a directory is in the way"
                                                        : f instanceof NotDirectoryException
                                                                ? "not a directory"
                                                                : f.getClass().getSimpleName();
                return Optional.of(f.getFile() + ": " + why);
            }
        }
        return Optional.empty();
    }
}
