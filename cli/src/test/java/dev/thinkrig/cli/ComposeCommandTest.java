package dev.thinkrig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComposeCommandTest {

    private static Cli compose(Path out, String... args) {
        List<String> argv = new ArrayList<>(List.of("compose"));
        argv.addAll(List.of(args));
        argv.addAll(List.of("--out", out.toString()));
        return Cli.run(argv.toArray(String[]::new));
    }

    private static final String[] OLLAMA_H100 = {
        "deepseek-r1-distill-qwen-32b", "--hardware", "h100-80gb", "--engine", "ollama"
    };

    private static String bundle(String name) {
        try {
            return Path.of(ComposeCommandTest.class
                            .getResource("/bundles/" + name)
                            .toURI())
                    .toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void vllmImage_followsTheDriverOfADetectedMachine(@TempDir Path tmp) throws IOException {
        // a100-80gb-mig recorded driver 580.95.05 (CUDA 13.0): the CUDA 13 image without --nvidia-driver
        Path out = tmp.resolve("mig");
        Cli cli =
                compose(out, "deepseek-r1-distill-qwen-7b", "--hardware", bundle("a100-80gb-mig"), "--engine", "vllm");
        assertThat(cli.exitCode).as(cli.err).isZero();
        assertThat(Files.readString(out.resolve("docker-compose.yml"))).contains("vllm/vllm-openai:v0.21.0\"");
        assertThat(Files.readString(out.resolve("README.md")))
                .contains("detected on this machine, 580.95.05 (CUDA 13.0): vLLM's CUDA 13 build");

        // 2x-rtx-4090 recorded driver 550.163.01: the CUDA 12.9 image, unless --nvidia-driver says otherwise
        Path older = tmp.resolve("older");
        Cli cu129 =
                compose(older, "deepseek-r1-distill-qwen-7b", "--hardware", bundle("2x-rtx-4090"), "--engine", "vllm");
        assertThat(cu129.exitCode).as(cu129.err).isZero();
        assertThat(Files.readString(older.resolve("docker-compose.yml"))).contains("vllm/vllm-openai:v0.21.0-cu129");
        Path flag = tmp.resolve("flag");
        Cli overridden = compose(
                flag,
                "deepseek-r1-distill-qwen-7b",
                "--hardware",
                bundle("2x-rtx-4090"),
                "--engine",
                "vllm",
                "--nvidia-driver",
                "580.65.06");
        assertThat(overridden.exitCode).as(overridden.err).isZero();
        assertThat(Files.readString(flag.resolve("docker-compose.yml"))).contains("vllm/vllm-openai:v0.21.0\"");
    }

    @Test
    void planThatDoesNotFit_writesNothingAndExitsDoesNotFit(@TempDir Path tmp) {
        Path out = tmp.resolve("out");
        Cli cli = compose(out, "deepseek-r1-distill-qwen-32b", "--hardware", "2x-rtx-4090", "--engine", "nim");
        assertThat(cli.exitCode).isEqualTo(ExitCode.DOES_NOT_FIT.code);
        assertThat(cli.err)
                .contains("does not fit on 2 x NVIDIA GeForce RTX 4090")
                .contains("Nothing was written");
        assertThat(out).doesNotExist();
    }

    @Test
    void engineThePlatformCannotRun_saysWhy(@TempDir Path tmp) {
        Path out = tmp.resolve("out");
        Cli cli = compose(out, "deepseek-r1-distill-qwen-32b", "--hardware", "m3-ultra-96", "--engine", "vllm");
        assertThat(cli.exitCode).isEqualTo(ExitCode.DOES_NOT_FIT.code);
        assertThat(cli.err).contains("vLLM has no Metal backend");
        assertThat(out).doesNotExist();
    }

    @Test
    void compose_writesPrivateEnvAndSaysHowToStart(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("out");
        Cli cli = compose(out, OLLAMA_H100);
        assertThat(cli.exitCode).as(cli.err).isZero();
        assertThat(cli.out).contains("Wrote " + out).contains("docker compose up -d");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve(".env"))))
                .isEqualTo("rw-------");
        assertThat(Files.readString(out.resolve("docker-compose.yml")))
                .contains("#   thinkrig compose deepseek-r1-distill-qwen-32b --hardware h100-80gb --engine ollama"
                        + " --out DIR\n");
        // a second run replaces thinkrig's own files
        assertThat(compose(out, OLLAMA_H100).exitCode).isZero();
    }

    @Test
    void directoryWithForeignFiles_refusedUntilForced(@TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve("docker-compose.yml"), "mine\n");
        Cli refused = compose(tmp, OLLAMA_H100);
        assertThat(refused.exitCode).isEqualTo(ExitCode.OUTPUT_REFUSED.code);
        assertThat(refused.err).contains("docker-compose.yml").contains("--force");
        assertThat(Files.readString(tmp.resolve("docker-compose.yml"))).isEqualTo("mine\n");

        List<String> forced = new ArrayList<>(List.of(OLLAMA_H100));
        forced.add("--force");
        assertThat(compose(tmp, forced.toArray(String[]::new)).exitCode).isZero();
        assertThat(Files.readString(tmp.resolve("docker-compose.yml"))).startsWith("# Generated by thinkrig");
    }

    @Test
    void listenOnOllama_warnsThatOllamaHasNoAuthentication(@TempDir Path tmp) {
        List<String> args = new ArrayList<>(List.of(OLLAMA_H100));
        args.addAll(List.of("--listen", "0.0.0.0"));
        Cli cli = compose(tmp.resolve("out"), args.toArray(String[]::new));
        assertThat(cli.exitCode).isZero();
        assertThat(cli.err).contains("warning: Ollama has no authentication");
    }

    @Test
    void badListenAddressOrDriver_isAUsageError_beforeAnythingIsWritten(@TempDir Path tmp) {
        Path out = tmp.resolve("out");
        List<String> listen = new ArrayList<>(List.of(OLLAMA_H100));
        listen.addAll(List.of("--listen", "my-host.example"));
        assertThat(compose(out, listen.toArray(String[]::new)).exitCode).isEqualTo(ExitCode.USAGE.code);
        List<String> driver = new ArrayList<>(List.of(OLLAMA_H100));
        driver.addAll(List.of("--nvidia-driver", "latest"));
        assertThat(compose(out, driver.toArray(String[]::new)).exitCode).isEqualTo(ExitCode.USAGE.code);
        assertThat(out).doesNotExist();
    }

    @Test
    void missingOut_isAUsageError() {
        assertThat(Cli.run("compose", "qwq-32b").exitCode).isEqualTo(ExitCode.USAGE.code);
    }

    @Test
    void userTemplateOverride_isUsed_andABrokenOneIsABadUserFile(@TempDir Path tmp) throws IOException {
        Path templates = Files.createDirectories(tmp.resolve("config/thinkrig/templates"));
        Files.writeString(templates.resolve("README.md.ftl"), "ours: <@t.md summary.model/>\n");
        Map<String, String> env =
                Map.of("XDG_CONFIG_HOME", tmp.resolve("config").toString());
        List<String> argv = new ArrayList<>(List.of("compose"));
        argv.addAll(List.of(OLLAMA_H100));
        argv.addAll(List.of("--out", tmp.resolve("out").toString()));
        Cli cli = Cli.run(env, false, argv.toArray(String[]::new));
        assertThat(cli.exitCode).as(cli.err).isZero();
        assertThat(Files.readString(tmp.resolve("out/README.md"))).startsWith("ours: DeepSeek-R1-Distill-Qwen-32B");

        Files.writeString(templates.resolve("README.md.ftl"), "<#if>\n");
        argv.set(argv.size() - 1, tmp.resolve("out2").toString());
        Cli broken = Cli.run(env, false, argv.toArray(String[]::new));
        assertThat(broken.exitCode).isEqualTo(ExitCode.BAD_PROFILE.code);
        assertThat(broken.err).contains("README.md.ftl");
    }

    @Test
    void nodesWithListen_putTheApiKeyInTheHeadsEnvironmentNotItsCommand(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("cluster");
        Cli cli = compose(
                out, "llama-3.3-70b-instruct", "--hardware", "dgx-spark", "--nodes", "2", "--listen", "0.0.0.0");
        assertThat(cli.exitCode).as(cli.err).isZero();
        String head = Files.readString(out.resolve("node-1/docker-compose.yml"));
        assertThat(head).contains("VLLM_API_KEY: \"${VLLM_API_KEY:?set VLLM_API_KEY in .env}\"");
        assertThat(head).doesNotContain("--api-key");
    }

    // issue 13: compose that failed on its third file left the first two and no manifest, and the next run refused
    // the directory (exit 9); now a failed write leaves the directory exactly as it was
    @Test
    void writeFailingPartWay_leavesTheEarlierOutputExactlyAsItWas(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("out");
        assertThat(compose(out, OLLAMA_H100).exitCode).isZero();
        // a file of the user's where the second node's directory goes: node-1/'s two files are written first
        Files.writeString(out.resolve("node-2"), "mine");
        Map<String, String> before = tree(tmp);

        Cli failed = compose(out, "llama-3.3-70b-instruct", "--hardware", "dgx-spark", "--nodes", "2", "--force");

        assertThat(failed.exitCode).isEqualTo(ExitCode.OUTPUT_REFUSED.code);
        assertThat(failed.err).contains("node-2").contains("nothing of this run was written");
        assertThat(tree(tmp)).isEqualTo(before);
        // and the earlier output is still thinkrig's: a run without --force replaces it
        Files.delete(out.resolve("node-2"));
        Cli again = compose(out, "llama-3.3-70b-instruct", "--hardware", "dgx-spark", "--nodes", "2");
        assertThat(again.exitCode).as(again.err).isZero();
        assertThat(out.resolve("docker-compose.yml")).doesNotExist();
    }

    /** Every file under {@code root} with its mode and content, and every directory. */
    private static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> all = new java.util.TreeMap<>();
        try (var walk = Files.walk(root)) {
            for (Path p : walk.filter(p -> !p.equals(root)).toList()) {
                String name = root.relativize(p).toString();
                all.put(
                        Files.isDirectory(p)
                                ? name + "/"
                                : name + " " + PosixFilePermissions.toString(Files.getPosixFilePermissions(p)),
                        Files.isDirectory(p) ? "" : Files.readString(p));
            }
        }
        return all;
    }
}
