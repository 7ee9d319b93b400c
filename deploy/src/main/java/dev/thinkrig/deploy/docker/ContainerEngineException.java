package dev.thinkrig.deploy.docker;

/** A container-engine operation failed; {@link Kind} says which way, the message what to do. */
public final class ContainerEngineException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** How it failed, so the command line can map it to an exit code. */
    public enum Kind {
        UNREACHABLE,
        PERMISSION_DENIED,
        IMAGE_PULL_FAILED,
        REGISTRY_AUTH_FAILED,
        PORT_TAKEN,
        NOT_FOUND,
        FAILED
    }

    private final Kind kind;

    public ContainerEngineException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
