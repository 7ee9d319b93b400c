package dev.thinkrig.profiles.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thinkrig.sizing.DataSize;
import org.junit.jupiter.api.Test;

class MeminfoTest {

    @Test
    void parse_dgxSparkLines_kbAreKibibytes() {
        // real, indented by the author's script: 127,600,748 kB = 121.7 GiB on a 128 GB DGX Spark
        Meminfo meminfo = Meminfo.parse(
                Fixtures.text("linux/meminfo-dgx-spark-two-lines-indented-script-output-nvitop-pr208-PARTIAL.txt"));

        assertThat(meminfo.memTotal()).isEqualTo(DataSize.ofBytes(127_600_748L * 1024));
        assertThat(meminfo.memAvailable()).isEqualTo(DataSize.ofBytes(118_566_368L * 1024));
    }

    @Test
    void parse_wholeProcMeminfo_readsTotalAndAvailableNotFree() {
        // real, the full file of a CPU-only machine: MemFree (24,525,656 kB) lies between the two and is not used
        Meminfo meminfo = Meminfo.parse(Fixtures.text("linux/meminfo-thinkrig-dev-container-kvm-epyc-2vcpu.txt"));

        assertThat(meminfo.memTotal()).isEqualTo(DataSize.ofBytes(24_684_092L * 1024));
        assertThat(meminfo.memAvailable()).isEqualTo(DataSize.ofBytes(24_446_128L * 1024));
    }

    @Test
    void parse_empty_saysMemTotalIsMissing() {
        assertThatThrownBy(() -> Meminfo.parse(Fixtures.text("linux/meminfo-empty.txt")))
                .isInstanceOf(DetectionException.class)
                .hasMessage("/proc/meminfo has no MemTotal line");
    }

    @Test
    void parse_unitOtherThanKb_namesTheLine() {
        assertThatThrownBy(() -> Meminfo.parse(Fixtures.text("linux/meminfo-malformed-memavailable-unit.txt")))
                .isInstanceOf(DetectionException.class)
                .hasMessageContaining("'MemAvailable:   24446128 MB'");
    }

    @Test
    void parse_noMemAvailable_saysWhichKernelsPrintIt() {
        assertThatThrownBy(() -> Meminfo.parse("MemTotal:       24684092 kB\nMemFree:        24525656 kB\n"))
                .isInstanceOf(DetectionException.class)
                .hasMessageContaining("no MemAvailable line (Linux 3.14 and later print it)");
    }
}
