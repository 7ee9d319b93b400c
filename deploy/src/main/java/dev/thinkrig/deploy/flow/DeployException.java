package dev.thinkrig.deploy.flow;

/** A deployment failed; {@link Kind} says how (the command line maps it to an exit code), the message what to do. */
public final class DeployException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The ways a deployment fails. */
    public enum Kind {
        ENGINE_UNREACHABLE,
        PERMISSION_DENIED,
        NO_GPU_ACCESS,
        PULL_FAILED,
        REGISTRY_AUTH_FAILED,
        DISK_TOO_SMALL,
        PORT_TAKEN,
        EXITED_AT_START,
        READINESS_TIMEOUT,
        SMOKE_TEST_FAILED,
        MISSING_SETTING,
        ENGINE_NOT_INSTALLED,
        FAILED
    }

    private final Kind kind;

    public DeployException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
