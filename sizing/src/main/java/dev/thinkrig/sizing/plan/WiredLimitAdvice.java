package dev.thinkrig.sizing.plan;

import dev.thinkrig.sizing.DataSize;

/**
 * On Apple Silicon: a configuration that does not fit the GPU working set macOS allows by default but would under a
 * raised {@code iogpu.wired_limit_mb} (at most the machine's {@code wiredLimitMax}), and the command that raises it.
 *
 * @param evaluation the configuration that would fit, ranked best among those the raised limit would allow
 * @param workingSet what the GPU must be allowed to wire: the configuration's total plus the 1 GiB margin
 */
public record WiredLimitAdvice(Evaluation evaluation, DataSize workingSet) {

    /** {@code iogpu.wired_limit_mb}'s value: the working set in MiB, rounded up. */
    public long wiredLimitMb() {
        return (workingSet.bytes() + DataSize.MIB - 1) / DataSize.MIB;
    }

    public String command() {
        return "sudo sysctl iogpu.wired_limit_mb=" + wiredLimitMb();
    }
}
