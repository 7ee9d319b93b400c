package dev.thinkrig.deploy.api;

/** An engine endpoint that could not be reached or answered with an error; the message says which and what to do. */
public final class EngineApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong, so callers can map it to an exit code. */
    public enum Kind {
        UNREACHABLE,
        HTTP_ERROR,
        ENGINE_ERROR,
        TIMEOUT,
        MALFORMED
    }

    private final Kind kind;

    public EngineApiException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
