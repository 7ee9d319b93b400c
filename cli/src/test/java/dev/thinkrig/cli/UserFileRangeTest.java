package dev.thinkrig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Numbers in a user's own files are range-checked where they are read and end in a bad-file error (exit 5) naming the
 * file, the line and the file's key, in the file's terms (issue 13): before, a hardware file's {@code count: 100000000}
 * ran for minutes and took gigabytes while {@code 17x-rtx-4090} was refused, {@code memory: 24564} was read as bytes, a
 * key given twice kept its last value, and Jackson's {@code java.lang.Integer} and "out of range of int" were printed.
 */
class UserFileRangeTest {

    /** A user's hardware file (docs/hardware-format.md) for two RTX 4090s; NumericInputPropertiesTest spoils it too. */
    static final String RIG = """
            id: my-rig
            name: My rig
            platform: nvidia
            count: 2
            accelerator:
              name: NVIDIA GeForce RTX 4090
              architecture: sm_89
              memory: 24564 MiB
              usableMemory: 24564 MiB
              bandwidth: 1008 GB/s
              denseBf16: 165 TFLOPS
              fp8: true
              fp4: false
              peerToPeer: false
              source: my own nvidia-smi
            host:
              memory: 64 GiB
              cores: 16
              source: my own free -g
            """;

    @ParameterizedTest(name = "{1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "count: 2|count: 100000000|4:1: count: a machine holds 1 to 16 devices, was 100000000",
                "count: 2|count: 17|4:1: count: a machine holds 1 to 16 devices, was 17",
                "count: 2|count: 99999999999|4:19: count: 99999999999 is too large a number",
                "count: 2|count: two|4:8: count must be a whole number, was 'two'",
                "count: 2|count: 2\\ncount: 3|5:6: duplicate key 'count'",
                "memory: 24564 MiB|memory: 24564|8:3: accelerator.memory: 24564 has no unit: write it with one, as in "
                        + "24564 MiB or 24 GiB",
                "cores: 16|cores: 0|18:3: host.cores must be a whole number from 1 to 4,096, was 0",
            })
    void plan_hardwareFileOutOfRange_isABadFileAtTheKey(String from, String to, String message, @TempDir Path dir)
            throws IOException {
        Path rig = dir.resolve("my-rig.yaml");
        Files.writeString(rig, RIG.replaceFirst(from, to.replace("\\n", "\n")));

        Cli cli = Cli.run("plan", "deepseek-r1-distill-qwen-1.5b", "--hardware", rig.toString());

        assertThat(cli.exitCode).as(cli.err).isEqualTo(ExitCode.BAD_PROFILE.code);
        assertThat(cli.err).isEqualTo("thinkrig: " + rig + ":" + message + System.lineSeparator());
        assertThat(cli.err).doesNotContain("java.").doesNotContain("Exception").doesNotContain("Overflow");
    }

    @Test
    void plan_hardwareFileWithSixteenDevices_plans(@TempDir Path dir) throws IOException {
        Path rig = dir.resolve("my-rig.yaml");
        Files.writeString(rig, RIG.replace("count: 2", "count: 16"));

        Cli cli = Cli.run("plan", "deepseek-r1-distill-qwen-1.5b", "--hardware", rig.toString());

        assertThat(cli.exitCode).as(cli.err).isZero();
        assertThat(cli.out).contains("16 x My rig");
    }

    /** A user preset in the config directory is read by the same rules. */
    @Test
    void plan_userPresetWithADuplicateKey_isABadFile(@TempDir Path config) throws IOException {
        Path presets = Files.createDirectories(config.resolve("thinkrig/hardware"));
        Path rig = presets.resolve("my-rig.yaml");
        Files.writeString(rig, RIG.replace("  cores: 16\n", "  cores: 16\n  cores: 8\n"));

        Cli cli = Cli.run(
                Map.of("XDG_CONFIG_HOME", config.toString()),
                false,
                "plan",
                "deepseek-r1-distill-qwen-1.5b",
                "--hardware",
                "my-rig");

        assertThat(cli.exitCode).as(cli.err).isEqualTo(ExitCode.BAD_PROFILE.code);
        assertThat(cli.err).isEqualTo("thinkrig: " + rig + ":19:8: duplicate key 'cores'" + System.lineSeparator());
    }
}
