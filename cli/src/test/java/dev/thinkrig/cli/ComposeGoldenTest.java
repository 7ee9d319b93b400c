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
                Arguments.of("nim-dgx-spark", List.of(MODEL, "--hardware", "dgx-spark", "--engine", "nim")),
                Arguments.of(
                        "vllm-2x-dgx-spark",
                        List.of("llama-3.3-70b-instruct", "--hardware", "dgx-spark", "--nodes", "2")),
                Arguments.of(
                        "vllm-2x-dgx-spark-kubernetes",
                        List.of(
                                "llama-3.3-70b-instruct",
                                "--hardware",
                                "dgx-spark",
                                "--nodes",
                                "2",
                                "--target",
                                "kubernetes")));
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
                Path target = golden.resolve(out.relativize(f).toString());
                Files.createDirectories(target.getParent());
                Files.copy(f, target);
            }
        }
        assertThat(names(out, written)).as("files of %s", scenario).isEqualTo(names(golden, files(golden)));
        for (Path f : written) {
            String name = out.relativize(f).toString();
            assertThat(Files.readString(f))
                    .as("%s/%s (THINKRIG_UPDATE_GOLDEN=1 rewrites the golden files)", scenario, name)
                    .isEqualTo(Files.readString(golden.resolve(name)));
            if (f.getFileName().toString().equals("docker-compose.yml")) {
                List<Error> errors = COMPOSE_SPEC.validate(YAML.readTree(f.toFile()));
                assertThat(errors)
                        .as("%s/%s against the Compose Specification", scenario, name)
                        .isEmpty();
            }
            if (f.getFileName().toString().equals("leaderworkerset.yaml")) {
                // the fields the LeaderWorkerSet API requires, in the first document
                var lws = YAML.readTree(Files.readString(f).split("\n---\n")[0]);
                assertThat(lws.path("apiVersion").asText()).isEqualTo("leaderworkerset.x-k8s.io/v1");
                assertThat(lws.path("kind").asText()).isEqualTo("LeaderWorkerSet");
                assertThat(lws.path("metadata").path("name").asText()).isNotEmpty();
                var template = lws.path("spec").path("leaderWorkerTemplate");
                assertThat(template.path("size").asInt()).isGreaterThan(1);
                for (String role : List.of("leaderTemplate", "workerTemplate")) {
                    var container =
                            template.path(role).path("spec").path("containers").path(0);
                    assertThat(container.path("image").asText()).as(role).isNotEmpty();
                    assertThat(container
                                    .path("resources")
                                    .path("limits")
                                    .path("nvidia.com/gpu")
                                    .asText())
                            .as(role)
                            .isNotEmpty();
                }
            }
        }
    }

    /** The files a run wrote, node subdirectories included, without the manifest (its hashes follow from them). */
    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().equals(".thinkrig-manifest"))
                    .sorted()
                    .toList();
        }
    }

    private static List<String> names(Path dir, List<Path> files) {
        return files.stream().map(p -> dir.relativize(p).toString()).toList();
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
