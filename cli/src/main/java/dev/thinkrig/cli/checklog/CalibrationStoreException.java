package dev.thinkrig.cli.checklog;

/** A calibration file that cannot be read or is not thinkrig's: named, never silently ignored or applied. */
public final class CalibrationStoreException extends RuntimeException {

    public CalibrationStoreException(String message) {
        super(message);
    }
}
