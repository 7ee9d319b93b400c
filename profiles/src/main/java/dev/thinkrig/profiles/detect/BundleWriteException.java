package dev.thinkrig.profiles.detect;

/**
 * {@code detect --record DIR} wrote nothing: the directory exists (a bundle goes into a new one) or the file system
 * refused the write. An output refusal, not a detection failure.
 */
public final class BundleWriteException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    BundleWriteException(String message, Throwable cause) {
        super(message, cause);
    }
}
