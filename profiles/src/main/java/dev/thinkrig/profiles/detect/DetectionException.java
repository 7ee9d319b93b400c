package dev.thinkrig.profiles.detect;

/** A probe of this machine gave output thinkrig cannot read; the message names the tool and the offending line. */
public class DetectionException extends RuntimeException {

    public DetectionException(String message) {
        super(message);
    }

    public DetectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
