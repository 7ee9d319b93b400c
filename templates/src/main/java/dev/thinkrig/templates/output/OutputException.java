package dev.thinkrig.templates.output;

/** The output directory cannot be written: it holds files thinkrig did not write, or the file system refused. */
public final class OutputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean foreignFiles;

    OutputException(String message, boolean foreignFiles, Throwable cause) {
        super(message, cause);
        this.foreignFiles = foreignFiles;
    }

    /** Whether writing was refused to protect files thinkrig did not write ({@code --force} overrides). */
    public boolean foreignFiles() {
        return foreignFiles;
    }
}
