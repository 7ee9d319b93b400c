package dev.thinkrig.templates;

/** A template that could not be read or rendered (a broken user override, most likely); names the template. */
public final class RenderException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RenderException(String message, Throwable cause) {
        super(message, cause);
    }
}
