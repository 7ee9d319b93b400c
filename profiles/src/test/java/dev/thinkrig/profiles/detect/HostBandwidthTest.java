package dev.thinkrig.profiles.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thinkrig.sizing.DataSize;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostBandwidthTest {

    private static final long DDR5_5200 = 5_200_000_000L;

    private static MemoryModule ddr5(String label, long rate) {
        return new MemoryModule(label, "DDR5", DataSize.ofGiB(32), rate);
    }

    @Test
    void theoretical_dualChannelDdr5_5200_is83GBps() {
        // 2 channels x 8 bytes x 5200 MT/s = 83.2 GB/s, the arithmetic of the cpu-only preset
        var estimate = HostBandwidth.theoretical(
                        List.of(ddr5("P0 CHANNEL A/DIMM 1", DDR5_5200), ddr5("P0 CHANNEL B/DIMM 1", DDR5_5200)))
                .orElseThrow();

        assertThat(estimate.bandwidth().bytesPerSecond()).isEqualTo(83.2e9);
        assertThat(estimate.note())
                .isEqualTo("host memory bandwidth 83 GB/s is theoretical, not measured: 2 channels x 8 bytes x 5200"
                        + " MT/s (channels read from 2 module slot labels)");
    }

    @Test
    void theoretical_fourModulesOnTwoChannels_countsChannelsNotModules() {
        // guards against reading a 4-DIMM dual-channel desktop as quad-channel (twice the real peak)
        var estimate = HostBandwidth.theoretical(List.of(
                        ddr5("P0 CHANNEL A/DIMM 0", DDR5_5200),
                        ddr5("P0 CHANNEL A/DIMM 1", DDR5_5200),
                        ddr5("P0 CHANNEL B/DIMM 0", DDR5_5200),
                        ddr5("P0 CHANNEL B/DIMM 1", DDR5_5200)))
                .orElseThrow();

        assertThat(estimate.channels()).isEqualTo(2);
        assertThat(estimate.bandwidth().bytesPerSecond()).isEqualTo(83.2e9);
    }

    @Test
    void theoretical_twoSockets_sameChannelLetterCountsPerSocket() {
        var estimate = HostBandwidth.theoretical(
                        List.of(ddr5("P0 CHANNEL A/DIMM 0", DDR5_5200), ddr5("P1 CHANNEL A/DIMM 0", DDR5_5200)))
                .orElseThrow();

        assertThat(estimate.channels()).isEqualTo(2);
    }

    @Test
    void theoretical_labelsWithoutChannel_assumeOneChannelPerModuleAndSaySo() {
        var estimate = HostBandwidth.theoretical(List.of(
                        ddr5("BANK 0/DIMM_A1", DDR5_5200),
                        ddr5("BANK 1/DIMM_B1", DDR5_5200),
                        ddr5("BANK 2", DDR5_5200)))
                .orElseThrow();

        assertThat(estimate.bandwidth().bytesPerSecond()).isEqualTo(3 * 8 * 5.2e9);
        assertThat(estimate.note()).contains("one channel per module assumed");
    }

    @Test
    void theoretical_mixedSpeeds_runAtTheSlowest() {
        var estimate = HostBandwidth.theoretical(
                        List.of(ddr5("P0 CHANNEL A/DIMM 0", 4_800_000_000L), ddr5("P0 CHANNEL B/DIMM 0", DDR5_5200)))
                .orElseThrow();

        assertThat(estimate.bandwidth().bytesPerSecond()).isEqualTo(2 * 8 * 4.8e9);
    }

    @Test
    void theoretical_emptySlotsAreIgnored() {
        var estimate = HostBandwidth.theoretical(List.of(
                        ddr5("P0 CHANNEL A/DIMM 0", DDR5_5200),
                        new MemoryModule("P0 CHANNEL B/DIMM 0", "unknown", DataSize.ZERO, 0)))
                .orElseThrow();

        assertThat(estimate.channels()).isEqualTo(1);
    }

    @Test
    void theoretical_noModulesUnknownSpeedOrLpddr_isEmpty() {
        assertThat(HostBandwidth.theoretical(List.of()))
                .as("dmidecode without root")
                .isEmpty();
        assertThat(HostBandwidth.theoretical(List.of(ddr5("P0 CHANNEL A/DIMM 0", 0))))
                .as("speed unknown")
                .isEmpty();
        // Apple reports its whole package as one LPDDR5 module at 6400 MT/s: 51 GB/s, far below the M4 Max's 546
        assertThat(HostBandwidth.theoretical(
                        List.of(new MemoryModule("0", "LPDDR5", DataSize.ofGiB(128), 6_400_000_000L))))
                .as("LPDDR")
                .isEmpty();
    }
}
