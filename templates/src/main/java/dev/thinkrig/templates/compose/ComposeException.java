package dev.thinkrig.templates.compose;

/** A plan or option thinkrig cannot turn into deployment files (an engine on a platform it has no image for). */
public final class ComposeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ComposeException(String message) {
        super(message);
    }
}
