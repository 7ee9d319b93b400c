package dev.thinkrig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thinkrig.profiles.detect.CommandResult;
import dev.thinkrig.profiles.detect.CommandTimeoutException;
import dev.thinkrig.sizing.DataSize;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GpuMemoryUsedTest {

    @Test
    void parse_twoGpus_readsMiBByIndex() {
        GpuMemoryUsed g = GpuMemoryUsed.parse(List.of("0, 20311", "1, 4"));

        assertThat(g.used()).isEqualTo(Map.of(0, DataSize.ofMiB(20311), 1, DataSize.ofMiB(4)));
        assertThat(g.unavailable()).isEmpty();
    }

    // GB10 (DGX Spark) prints [N/A] for memory figures: its memory is the system's
    @Test
    void parse_unifiedMemory_saysSo() {
        GpuMemoryUsed g = GpuMemoryUsed.parse(List.of("0, [N/A]"));

        assertThat(g.used()).isEmpty();
        assertThat(g.unavailable()).isEqualTo("nvidia-smi reports no memory.used (unified memory)");
    }

    @Test
    void read_noNvidiaSmi_saysSo_andAsksTheRightQuery() {
        List<List<String>> asked = new java.util.ArrayList<>();
        GpuMemoryUsed g = GpuMemoryUsed.read((command, timeout) -> {
            asked.add(command);
            return Optional.empty();
        });

        assertThat(g.unavailable()).isEqualTo("no nvidia-smi");
        assertThat(asked)
                .containsExactly(
                        List.of("nvidia-smi", "--query-gpu=index,memory.used", "--format=csv,noheader,nounits"));
    }

    @Test
    void read_failingOrHungNvidiaSmi_saysWhy() {
        GpuMemoryUsed failed = GpuMemoryUsed.read((command, timeout) -> Optional.of(new CommandResult(
                9, List.of(), "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.")));
        GpuMemoryUsed hung = GpuMemoryUsed.read((command, timeout) -> {
            throw new CommandTimeoutException(command, timeout);
        });

        assertThat(failed.unavailable())
                .isEqualTo("nvidia-smi failed: NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA"
                        + " driver.");
        assertThat(hung.unavailable()).isEqualTo("nvidia-smi did not answer within 20 s");
    }
}
