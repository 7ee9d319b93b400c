package dev.thinkrig.profiles;

/**
 * A model file (GGUF, safetensors, config.json) that cannot be read, with the byte offset where reading failed:
 * {@code model.gguf: at byte 24: key length 9223372036854775807 runs past the end of the file (1,024 bytes)}.
 */
public final class ModelFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Offset for problems that concern the file as a whole rather than one position in it. */
    public static final long NO_OFFSET = -1;

    private final String file;
    private final long offset;

    public ModelFileException(String file, long offset, String message) {
        this(file, offset, message, null);
    }

    public ModelFileException(String file, long offset, String message, Throwable cause) {
        super(message, cause);
        this.file = file;
        this.offset = offset;
    }

    public String file() {
        return file;
    }

    /** The byte offset where the problem was found, or {@link #NO_OFFSET}. */
    public long offset() {
        return offset;
    }

    /** The problem without the file and offset. */
    public String reason() {
        return super.getMessage();
    }

    @Override
    public String getMessage() {
        return offset >= 0
                ? file + ": at byte " + offset + ": " + super.getMessage()
                : file + ": " + super.getMessage();
    }
}
