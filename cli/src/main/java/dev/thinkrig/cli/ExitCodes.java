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

    /** An engine endpoint does not answer, or answers with an HTTP or engine error. */
    public static final int ENGINE_UNREACHABLE = 7;

    /** The smoke test's answer was wrong or empty, or no reasoning trace came back. */
    public static final int SMOKE_TEST_FAILED = 8;

    /**
     * {@code compose}: the output directory holds files thinkrig did not write (or changed since), so nothing was
     * written ({@code --force} overrides), or the file system refused the write.
     */
    public static final int OUTPUT_REFUSED = 9;

    private ExitCodes() {}
}
