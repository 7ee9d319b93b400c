package dev.thinkrig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeployCommandTest {

    @Test
    void dryRun_printsEveryStepWithoutDocker() {
        // DOCKER_HOST points nowhere: a dry run that touched Docker would fail
        Cli cli = Cli.run(
                java.util.Map.of("DOCKER_HOST", "tcp://127.0.0.1:1"),
                false,
                "deploy",
                "deepseek-r1-distill-qwen-1.5b",
                "--hardware",
                "cpu-only",
                "--dry-run");

        assertThat(cli.exitCode).as(cli.err).isZero();
        assertThat(cli.out)
                .contains("Dry run: nothing is pulled, created or started")
                .contains("pull image ollama/ollama:0.32.4 unless present")
                .contains("dev.thinkrig.deployment=thinkrig-deepseek-r1-distill-qwen-1-5b")
                .contains("GET http://127.0.0.1:11434/api/version")
                .contains("POST http://127.0.0.1:11434/api/pull");
    }

    @Test
    void dockerUnreachable_exits7WithWhatToDo() {
        Cli cli = Cli.run(java.util.Map.of("DOCKER_HOST", "tcp://127.0.0.1:1"), false, "status");

        assertThat(cli.exitCode).isEqualTo(ExitCode.ENGINE_UNREACHABLE.code);
        assertThat(cli.err).contains("does not answer");
    }

    @Test
    void readinessTimeoutBelowOneSecond_isAUsageErrorBeforeDocker() {
        Cli cli = Cli.run(
                java.util.Map.of("DOCKER_HOST", "tcp://127.0.0.1:1"),
                false,
                "deploy",
                "deepseek-r1-distill-qwen-1.5b",
                "--hardware",
                "cpu-only",
                "--readiness-timeout",
                "0");

        assertThat(cli.exitCode).isEqualTo(ExitCode.USAGE.code);
        assertThat(cli.err).contains("--readiness-timeout must be at least 1 second, was 0");
    }

    @Test
    void dryRun_vllmWithListen_neverPrintsTheApiKey() {
        Cli cli = Cli.run(
                java.util.Map.of("DOCKER_HOST", "tcp://127.0.0.1:1", "VLLM_API_KEY", "sk-dry-run-secret-1234"),
                false,
                "deploy",
                "qwq-32b",
                "--hardware",
                "h100-80gb",
                "--engine",
                "vllm",
                "--listen",
                "0.0.0.0",
                "--dry-run");

        assertThat(cli.exitCode).as(cli.err).isZero();
        assertThat(cli.out + cli.err).doesNotContain("sk-dry-run-secret-1234");
        assertThat(cli.out).contains("env VLLM_API_KEY=<from your environment, not shown>");
        assertThat(cli.out).doesNotContain("--api-key");
    }

    // issue 13: a plan over several nodes started one container with --distributed-executor-backend=ray and no Ray
    // head, which could never serve; deploy refuses it before Docker and names the compose command instead
    @Test
    void multiNodePlan_isAUsageErrorNamingComposeBeforeDocker() {
        Cli cli = Cli.run(
                java.util.Map.of("DOCKER_HOST", "tcp://127.0.0.1:1"),
                false,
                "deploy",
                "llama-3.3-70b-instruct",
                "--hardware",
                "dgx-spark",
                "--nodes",
                "2",
                "--readiness-timeout",
                "60",
                "--skip-disk-check");

        assertThat(cli.exitCode).as(cli.err).isEqualTo(ExitCode.USAGE.code);
        assertThat(cli.err)
                .contains("spans 2 machines")
                .contains("'thinkrig compose llama-3.3-70b-instruct --hardware dgx-spark --nodes 2 --out DIR'")
                .contains("Nothing was deployed")
                .doesNotContain("does not answer");
        assertThat(cli.out).isEmpty();
    }

    @Test
    void multiNodePlan_dryRunIsRefusedToo() {
        Cli cli = Cli.run(
                java.util.Map.of("DOCKER_HOST", "tcp://127.0.0.1:1"),
                false,
                "deploy",
                "llama-3.3-70b-instruct",
                "--hardware",
                "dgx-spark",
                "--nodes=2",
                "--dry-run");

        assertThat(cli.exitCode).as(cli.err).isEqualTo(ExitCode.USAGE.code);
        assertThat(cli.err)
                .contains("thinkrig compose llama-3.3-70b-instruct --hardware dgx-spark --nodes=2 --out DIR");
        assertThat(cli.out).doesNotContain("Dry run");
    }

    @Test
    void name_namesTheContainerVolumeAndLabel_andABadNameIsAUsageError() {
        Cli dry = Cli.run(
                "deploy",
                "deepseek-r1-distill-qwen-1.5b",
                "--hardware",
                "cpu-only",
                "--engine",
                "ollama",
                "--dry-run",
                "--name",
                "r1-small");
        assertThat(dry.exitCode).as(dry.err).isZero();
        assertThat(dry.out)
                .contains("-> deployment r1-small")
                .contains("dev.thinkrig.deployment=r1-small")
                .contains("create volume r1-small_ollama")
                .contains("container r1-small-ollama");

        Cli bad = Cli.run("deploy", "deepseek-r1-distill-qwen-1.5b", "--hardware", "cpu-only", "--name", "R1 Small");
        assertThat(bad.exitCode).isEqualTo(ExitCode.USAGE.code);
        assertThat(bad.err).contains("--name 'R1 Small': a deployment name is 1 to 63 lowercase letters");
    }
}
