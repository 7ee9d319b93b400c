package dev.thinkrig.sizing.speed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpeedModelTest {

    private static final DecodePath PATH =
            new DecodePath(List.of(new DecodePath.Stage(18e9, 262_144, 1.0e12)), 0.9, 2e-3, 2 * 31.2e9);

    @ParameterizedTest
    @CsvSource({
        "1, 2048, 1000, NaN",
        "8, 2048, 5000, 50e12",
        // compute-bound at first (a large batch on a slow GPU), memory-bound once the cache grows
        "64, 0, 20000, 2e12",
        "4, 100, 0, 10e12"
    })
    void decodeSeconds_closedForm_equalsSumOfSteps(int sequences, int start, int tokens, double flops) {
        double loop = 0;
        for (int t = 0; t < tokens; t++) {
            loop += SpeedModel.stepSeconds(PATH, flops, sequences, start + t);
        }
        assertThat(SpeedModel.decodeSeconds(PATH, flops, sequences, start, tokens))
                .isCloseTo(loop, within(loop * 1e-9 + 1e-12));
    }

    @Test
    void singleStream_isBandwidthOverBytes_plusFixedCost() {
        // 18 GB of weights + 256 KiB x 1 context token at 0.9 x 1 TB/s, plus 2 ms per step
        SpeedEstimate s = SpeedModel.estimate(PATH, Double.NaN, 1, 0, 1, 1);
        double expectedSeconds = (18e9 + 262_144 * 1) / 0.9e12 + 2e-3;
        assertThat(1 / s.decodeTokensPerSecond()).isCloseTo(expectedSeconds, within(1e-9));
        assertThat(s.prefillTokensPerSecond()).isNaN();
    }

    @Test
    void unknownBandwidth_givesUnknownSpeed_notAGuess() {
        DecodePath unknown = new DecodePath(List.of(new DecodePath.Stage(1e9, 1, Double.NaN)), 0.5, 0, 2e9);
        assertThat(SpeedModel.estimate(unknown, Double.NaN, 10, 10, 1, 1).decodeTokensPerSecond())
                .isNaN();
    }
}
