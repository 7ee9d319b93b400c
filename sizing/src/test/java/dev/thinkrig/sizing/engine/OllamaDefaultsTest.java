package dev.thinkrig.sizing.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thinkrig.sizing.DataSize;
import dev.thinkrig.sizing.Shapes;
import dev.thinkrig.sizing.hardware.Accelerator;
import dev.thinkrig.sizing.hardware.Hardware;
import dev.thinkrig.sizing.hardware.Host;
import dev.thinkrig.sizing.hardware.Platform;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OllamaDefaultsTest {

    static Hardware gpus(int count, long memoryMiB) {
        Accelerator gpu = new Accelerator(
                "test GPU",
                "sm_89",
                DataSize.ofMiB(Math.max(1, memoryMiB)),
                DataSize.ofMiB(Math.max(1, memoryMiB)),
                Optional.empty(),
                Optional.empty(),
                true,
                false,
                false,
                Optional.empty());
        return new Hardware(
                "test",
                "test",
                count == 0 ? Platform.CPU : Platform.NVIDIA,
                Collections.nCopies(count, gpu),
                new Host("cpu", 16, DataSize.ofGiB(64), DataSize.ofGiB(56), Optional.empty(), Optional.empty()),
                List.of());
    }

    // ollama/ollama PR #13946 (0.15.5), server/routes.go: >= 47 GiB -> 262144, >= 23 GiB -> 32768, else 4096
    @ParameterizedTest
    @CsvSource({
        "0, 1, 4096", // CPU only: no VRAM
        "1, 16384, 4096", // 16 GiB
        "1, 23551, 4096", // just under 23 GiB
        "1, 23552, 32768", // exactly 23 GiB
        "1, 24564, 32768", // RTX 4090 (24,564 MiB as nvidia-smi reports it)
        "2, 24564, 262144", // 2x RTX 4090: 47.98 GiB in all
        "1, 81559, 262144" // H100 80GB
    })
    void tierContext_followsOllamasVramTiers(int count, long memoryMiB, int expected) {
        assertThat(OllamaDefaults.tierContext(gpus(count, memoryMiB))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"1, 81559, 131072", "1, 24564, 32768"})
    void automaticContext_isCappedAtTheModelsTrainedContext(int count, long memoryMiB, int expected) {
        // R1-Distill-Qwen-32B: max_position_embeddings 131072; Ollama lowers 262144 to it
        assertThat(OllamaDefaults.automaticContext(gpus(count, memoryMiB), Shapes.QWEN_32B))
                .isEqualTo(expected);
    }

    // Metal reports recommendedMaxWorkingSetSize as the GPU's total; the working sets are measured ones
    // (docs/calibration.md, "Apple GPU working set"): 32 GiB M2 Max on 2023 macOS 21845 MiB (ollama/ollama#434),
    // 32 GiB M4 25559 MiB (26800.60 MB), 48 GiB M4 Pro 38338 MiB, 96 GiB M3 Ultra 79626 MiB (83,494,174,720 B)
    @ParameterizedTest
    @CsvSource({"32768, 21845, 4096", "32768, 25559, 32768", "49152, 38338, 32768", "98304, 79626, 262144"})
    void tierContext_onApple_countsTheWorkingSetNotTheRam(long ramMiB, long workingSetMiB, int expected) {
        Accelerator gpu = new Accelerator(
                "Apple M-series GPU",
                "apple",
                DataSize.ofMiB(ramMiB),
                DataSize.ofMiB(workingSetMiB),
                Optional.empty(),
                Optional.empty(),
                true,
                true,
                false,
                Optional.empty());
        Hardware mac = new Hardware(
                "mac",
                "mac",
                Platform.APPLE,
                List.of(gpu),
                new Host(
                        "apple",
                        12,
                        DataSize.ofMiB(ramMiB),
                        DataSize.ofMiB(ramMiB),
                        Optional.empty(),
                        Optional.empty()),
                List.of());
        assertThat(OllamaDefaults.tierContext(mac)).isEqualTo(expected);
    }
}
