package dev.thinkrig.profiles.enginelog;

/** A log none of the readers recognises; the message says which lines were expected. */
public final class EngineLogException extends RuntimeException {

    public EngineLogException(String message) {
        super(message);
    }
}
