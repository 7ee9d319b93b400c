package dev.thinkrig.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProgressBarTest {

    @ParameterizedTest
    @CsvSource({"0.0, 0", "0.25, 5", "0.5, 10", "0.99, 19", "1.0, 20", "1.7, 20", "-0.5, 0"})
    void bar_isAlwaysTwentyWide_andFillsByFraction(double fraction, int hashes) {
        String bar = ProgressBar.bar(fraction);

        assertThat(bar).hasSize(ProgressBar.BAR_WIDTH + 2).startsWith("[").endsWith("]");
        assertThat(bar.chars().filter(c -> c == '#').count()).isEqualTo(hashes);
    }

    @Test
    void line_knownTotal_showsBarBytesRateAndTimeLeft() {
        // 400 of 1000 MB at 20 MB/s: 600 MB left -> 30 s
        String line =
                ProgressBar.line("ollama/ollama:0.32.4", 400_000_000, 1_000_000_000, OptionalDouble.of(20e6), 100);

        assertThat(line)
                .isEqualTo("ollama/ollama:0.32.4 [########............] 400.0 MB/1.00 GB  20.0 MB/s  0:30 left");
    }

    @Test
    void line_hoursLeft_printsHours() {
        // 10 GB left at 2 MB/s: 5000 s = 1:23:20
        String line = ProgressBar.line("m", 0, 10_000_000_000L, OptionalDouble.of(2e6), 100);

        assertThat(line).endsWith("2.0 MB/s  1:23:20 left");
    }

    @Test
    void line_noRateYet_leavesRateAndTimeOut() {
        assertThat(ProgressBar.line("m", 1_500, 3_000, OptionalDouble.empty(), 100))
                .isEqualTo("m [##########..........] 1 kB/3 kB");
    }

    @Test
    void line_unknownTotal_showsWhatArrivedAndTheRateWithoutBar() {
        assertThat(ProgressBar.line("pulling", 52_400_000, 0, OptionalDouble.of(1.24e6), 100))
                .isEqualTo("pulling 52.4 MB  1.2 MB/s");
    }

    @Test
    void line_complete_saysDone() {
        assertThat(ProgressBar.line("m", 1_930_000_000L, 1_930_000_000L, OptionalDouble.of(3e7), 100))
                .isEqualTo("m [####################] 1.93 GB  done");
    }

    @Test
    void line_narrowTerminal_shortensTheLabelInTheMiddle_keepsTheNumbers() {
        String line = ProgressBar.line(
                "registry.example.com/very/long/image/name:1.2.3", 500, 1000, OptionalDouble.empty(), 50);

        assertThat(line)
                .hasSize(50)
                .endsWith("[##########..........] 500 B/1 kB")
                .contains("...");
        assertThat(line).startsWith("regis").contains("1.2.3".substring(3));
    }

    @Test
    void fractionLine_showsBarAndPercent() {
        assertThat(ProgressBar.fractionLine("checkpoint shards 139/191", 139.0 / 191, 80))
                .isEqualTo("checkpoint shards 139/191 [##############......]  73%");
    }

    @ParameterizedTest
    @CsvSource({"0.2, 0:01", "59.5, 1:00", "725, 12:05", "3723, 1:02:03", "1e9, --:--"})
    void clock_formats(double seconds, String text) {
        assertThat(ProgressBar.clock(seconds)).isEqualTo(text);
    }
}
