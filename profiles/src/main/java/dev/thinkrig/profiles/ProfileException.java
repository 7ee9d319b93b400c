package dev.thinkrig.profiles;

/**
 * A data file (model catalog entry, hardware preset) that cannot be used, with its position:
 * {@code models/qwq-32b.yaml:12:3: unknown field 'kv_head'}.
 */
public final class ProfileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final int column;

    public ProfileException(String file, int line, int column, String message, Throwable cause) {
        super(message, cause);
        this.file = file;
        this.line = line;
        this.column = column;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** {@code file:line:column: message}, the form editors and terminals link to. */
    @Override
    public String getMessage() {
        String where = line > 0 ? file + ":" + line + ":" + column : file;
        return where + ": " + super.getMessage();
    }
}
