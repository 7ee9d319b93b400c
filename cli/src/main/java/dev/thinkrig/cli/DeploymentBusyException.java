package dev.thinkrig.cli;

/** Another thinkrig deploy or down of the same deployment runs now: this one changed nothing (exit 20). */
final class DeploymentBusyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    DeploymentBusyException(String name, String holderPid) {
        super("another thinkrig deploy or down of " + name + " is running"
                + (holderPid.isEmpty() ? "" : " (pid " + holderPid + ")")
                + "; nothing was changed: wait for it to finish, then run this again");
    }
}
