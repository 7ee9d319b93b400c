package dev.thinkrig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A MIG-enabled GPU is planned as one MIG instance (the recorded a100-80gb-mig bundle: the largest, 3g.40gb); what
 * {@code compose} writes and {@code deploy} creates must request exactly that instance, by its {@code MIG-<uuid>}, not
 * "one GPU", which may give CUDA another instance of the same card.
 */
class MigPinningTest {

    /** The 3g.40gb instance's UUID in the bundle's nvidia-smi -L (command-3-nvidia-smi.stdout.txt). */
    static final String PLANNED = "MIG-40ed9496-24f9-5b8b-95ca-648bfea46a9c";

    private static String bundle() throws URISyntaxException {
        return Path.of(MigPinningTest.class
                        .getResource("/bundles/a100-80gb-mig")
                        .toURI())
                .toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"vllm", "ollama"})
    void compose_migBundle_reservesThePlannedInstanceByUuid(String engine, @TempDir Path tmp)
            throws IOException, URISyntaxException {
        Path out = tmp.resolve("out");
        Cli cli = Cli.run(
                "compose",
                "deepseek-r1-distill-qwen-7b",
                "--hardware",
                bundle(),
                "--engine",
                engine,
                "--out",
                out.toString());

        assertThat(cli.exitCode).as(cli.out + cli.err).isZero();
        String compose = Files.readString(out.resolve("docker-compose.yml"));
        assertThat(compose).contains("device_ids: [\"" + PLANNED + "\"]").doesNotContain("count: ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"vllm", "ollama"})
    void deployDryRun_migBundle_requestsThePlannedInstanceByUuid(String engine) throws URISyntaxException {
        Cli cli = Cli.run(
                "deploy", "deepseek-r1-distill-qwen-7b", "--hardware", bundle(), "--engine", engine, "--dry-run");

        assertThat(cli.exitCode).as(cli.out + cli.err).isZero();
        assertThat(cli.out).contains("GPUs: devices [" + PLANNED + "]");
    }
}
