package dev.thinkrig.cli;

/** Every exit code thinkrig returns; {@code --help} lists them (ThinkrigCommand's footer, checked by a test). */
public final class ExitCodes {

    /** The command did its work (for {@code plan}: a configuration fits). */
    public static final int OK = 0;

    /** An unexpected error (a bug): the message says what failed; {@code --verbose} shows the stack trace. */
    public static final int INTERNAL_ERROR = 1;

    /** The command line is wrong: an unknown option, a bad value, options that contradict each other. */
    public static final int USAGE = 2;

    /** {@code plan}: nothing fits on this hardware; the output says why and what comes closest. */
    public static final int DOES_NOT_FIT = 3;

    /** An unknown model or hardware preset; the message suggests the closest names. */
    public static final int UNKNOWN_NAME = 4;

    /**
     * A catalog, preset or user file is malformed (the message gives file:line:column), or a model file cannot be read
     * (the message gives the file and the byte offset).
     */
    public static final int BAD_PROFILE = 5;

    /** A hardware tool answered something thinkrig cannot read (nvidia-smi output it does not understand). */
    public static final int DETECTION_FAILED = 6;

    /** An engine endpoint, or the Docker engine, does not answer, or answers with an HTTP or engine error. */
    public static final int ENGINE_UNREACHABLE = 7;

    /** The smoke test's answer was wrong or empty, or no reasoning trace came back. */
    public static final int SMOKE_TEST_FAILED = 8;

    /**
     * {@code compose}: the output directory holds files thinkrig did not write (or changed since), so nothing was
     * written ({@code --force} overrides), or the file system refused the write.
     */
    public static final int OUTPUT_REFUSED = 9;

    /** {@code deploy}, {@code status}, {@code logs}, {@code down}: the Docker socket refuses this user. */
    public static final int DOCKER_PERMISSION_DENIED = 10;

    /** {@code deploy}: the plan needs NVIDIA GPUs and the Docker engine cannot give containers any. */
    public static final int NO_GPU_ACCESS = 11;

    /** {@code deploy}: the engine image, or Ollama's model, could not be pulled. */
    public static final int PULL_FAILED = 12;

    /** {@code deploy}: the port to publish is already taken on this machine. */
    public static final int PORT_TAKEN = 13;

    /** {@code deploy}: the engine container (or the native {@code ollama serve}) exited while starting; its last log lines are shown. */
    public static final int EXITED_AT_START = 14;

    /** {@code deploy}: the engine did not become ready in time. */
    public static final int READINESS_TIMEOUT = 15;

    /**
     * {@code deploy}: the planned model weights do not fit the free disk space where they are downloaded (Docker's data
     * root, or the host cache directory); checked before anything is pulled or created.
     */
    public static final int DISK_TOO_SMALL = 16;

    /** {@code deploy}: the image's registry answered 401: credentials missing or refused (nvcr.io: NGC_API_KEY). */
    public static final int REGISTRY_AUTH_FAILED = 17;

    /**
     * {@code deploy}: the plan runs the native Ollama (a Mac, whose GPU Docker cannot reach) and no {@code ollama} is on
     * PATH or in /Applications/Ollama.app; the message says how to install it. Nothing was started.
     */
    public static final int ENGINE_NOT_INSTALLED = 18;

    /**
     * {@code check-log}: the input is not a start-up log of vLLM, Ollama or llama.cpp; the message names the lines it
     * looked for.
     */
    public static final int UNREADABLE_LOG = 19;

    private ExitCodes() {}
}
