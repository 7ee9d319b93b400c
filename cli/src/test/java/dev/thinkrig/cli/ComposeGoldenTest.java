package dev.thinkrig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One golden directory per scenario (engine x machine), compared byte for byte with what {@code thinkrig compose}
 * writes; every compose file among them validates against the Compose Specification schema.
 *
 * <p>After an intended change, rewrite them with {@code THINKRIG_UPDATE_GOLDEN=1 mvn -pl cli -am verify} (or
 * {@code -Dthinkrig.updateGolden=true}) and review the diff.
 */
class ComposeGoldenTest {

    static final Path GOLDEN = Path.of("src/test/resources/golden");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static final Schema COMPOSE_SPEC = composeSpec();

    private static final String MODEL = "deepseek-r1-distill-qwen-32b";

    static Stream<Arguments> scenarios() {
        return Stream.of(
                Arguments.of("ollama-h100", List.of(MODEL, "--hardware", "h100-80gb", "--engine", "ollama")),
                Arguments.of("ollama-2x-rtx-4090", List.of(MODEL, "--hardware", "2x-rtx-4090", "--engine", "ollama")),
                Arguments.of("ollama-dgx-spark", List.of(MODEL, "--hardware", "dgx-spark", "--engine", "ollama")),
                Arguments.of(
                        "ollama-rocm-strix-halo", List.of(MODEL, "--hardware", "strix-halo-128", "--engine", "ollama")),
                Arguments.of(
                        "ollama-cpu",
                        List.of("deepseek-r1-distill-qwen-7b", "--hardware", "cpu-only", "--engine", "ollama")),
                Arguments.of("ollama-mac", List.of(MODEL, "--hardware", "m3-ultra-96", "--engine", "ollama")),
                Arguments.of(
                        "ollama-mac-ui",
                        List.of(MODEL, "--hardware", "m3-ultra-96", "--engine", "ollama", "--with-ui")),
                Arguments.of("vllm-h100", List.of(MODEL, "--hardware", "h100-80gb", "--engine", "vllm")),
                Arguments.of("vllm-2x-rtx-4090", List.of(MODEL, "--hardware", "2x-rtx-4090", "--engine", "vllm")),
                Arguments.of("vllm-dgx-spark", List.of(MODEL, "--hardware", "dgx-spark", "--engine", "vllm")),
                Arguments.of(
                        "vllm-h100-listen-ui",
                        List.of(
                                MODEL,
                                "--hardware",
                                "h100-80gb",
                                "--engine",
                                "vllm",
                                "--listen",
                                "0.0.0.0",
                                "--with-ui",
                                "--nvidia-driver",
                                "580.65.06")),
                Arguments.of("nim-h100", List.of(MODEL, "--hardware", "h100-80gb", "--engine", "nim")),
                // the 32B model does not fit two 4090s under NIM's 16-bit KV cache (ComposeCommandTest); the 14B does
                Arguments.of(
                        "nim-2x-rtx-4090",
                        List.of("deepseek-r1-distill-qwen-14b", "--hardware", "2x-rtx-4090", "--engine", "nim")),
                Arguments.of("nim-dgx-spark", List.of(MODEL, "--hardware", "dgx-spark", "--engine", "nim")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void compose_matchesGoldenFiles(String scenario, List<String> args, @TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("out");
        List<String> argv = new ArrayList<>(List.of("compose"));
        argv.addAll(args);
        argv.addAll(List.of("--out", out.toString()));
        Cli cli = Cli.run(argv.toArray(String[]::new));
        assertThat(cli.exitCode).as(cli.err).isZero();

        Path golden = GOLDEN.resolve(scenario);
        List<Path> written = files(out);
        if (updating()) {
            if (Files.isDirectory(golden)) {
                for (Path old : files(golden)) {
                    Files.delete(old);
                }
            }
            Files.createDirectories(golden);
            for (Path f : written) {
                Files.copy(f, golden.resolve(f.getFileName()));
            }
        }
        assertThat(names(written)).as("files of %s", scenario).isEqualTo(names(files(golden)));
        for (Path f : written) {
            assertThat(Files.readString(f))
                    .as("%s/%s (THINKRIG_UPDATE_GOLDEN=1 rewrites the golden files)", scenario, f.getFileName())
                    .isEqualTo(Files.readString(golden.resolve(f.getFileName())));
        }
        Path compose = out.resolve("docker-compose.yml");
        if (Files.exists(compose)) {
            List<Error> errors = COMPOSE_SPEC.validate(YAML.readTree(compose.toFile()));
            assertThat(errors)
                    .as("%s against the Compose Specification", scenario)
                    .isEmpty();
        }
    }

    /** The files a run wrote, without the manifest (its hashes follow from the files). */
    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().equals(".thinkrig-manifest"))
                    .sorted()
                    .toList();
        }
    }

    private static List<String> names(List<Path> files) {
        return files.stream().map(p -> p.getFileName().toString()).toList();
    }

    private static boolean updating() {
        return "1".equals(System.getenv("THINKRIG_UPDATE_GOLDEN")) || Boolean.getBoolean("thinkrig.updateGolden");
    }

    /** Loaded by location: the schema's relative {@code $id} ("compose_spec.json") resolves against it. */
    static Schema composeSpec() {
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
                .getSchema(SchemaLocation.of("classpath:compose-spec/compose-spec.json"));
    }
}
