package dev.thinkrig.cli.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TransferRateTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void steadyTransfer_readsItsRate() {
        TransferRate r = new TransferRate();
        for (int s = 0; s <= 5; s++) {
            r.update(s * 10_000_000L, s * SECOND);
        }

        assertThat(r.bytesPerSecond().getAsDouble()).isCloseTo(10e6, within(1.0));
    }

    @Test
    void oneSample_givesNoRate() {
        TransferRate r = new TransferRate();
        r.update(5_000_000, 0);

        assertThat(r.bytesPerSecond()).isEmpty();
    }

    @Test
    void samplesTooCloseTogether_areMerged_notReadAsABurst() {
        TransferRate r = new TransferRate();
        r.update(0, 0);
        r.update(8_000_000, 1_000_000); // one chunk 1 ms later: 8 GB/s if taken alone
        r.update(8_000_000, SECOND);

        assertThat(r.bytesPerSecond().getAsDouble()).isCloseTo(8e6, within(1.0));
    }

    @Test
    void rateChange_isFollowedSmoothly() {
        TransferRate r = new TransferRate();
        r.update(0, 0);
        r.update(10_000_000, SECOND); // 10 MB/s
        r.update(10_000_000, 2 * SECOND); // stalled for a second

        // 10 + (1 - e^(-1/3)) x (0 - 10) = 7.165 MB/s: lower, not zero
        assertThat(r.bytesPerSecond().getAsDouble()).isCloseTo(10e6 * Math.exp(-1.0 / 3), within(1.0));
    }

    @Test
    void fewerBytesThanBefore_startsOver() {
        TransferRate r = new TransferRate();
        r.update(0, 0);
        r.update(50_000_000, SECOND);
        r.update(1_000, 2 * SECOND); // a new layer or file

        assertThat(r.bytesPerSecond()).isEmpty();
    }
}
