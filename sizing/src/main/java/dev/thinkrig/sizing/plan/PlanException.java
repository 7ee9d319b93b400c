package dev.thinkrig.sizing.plan;

/** A plan request that contradicts itself or the model (a reasoning budget longer than the context, say). */
public final class PlanException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PlanException(String message) {
        super(message);
    }
}
