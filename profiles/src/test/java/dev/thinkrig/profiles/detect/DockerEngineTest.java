package dev.thinkrig.profiles.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DockerEngineTest {

    private static String fixture(String name) throws IOException {
        try (InputStream in = DockerEngineTest.class.getResourceAsStream("/fixtures/docker/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void parse_realEngineWithoutGpuRuntime() throws IOException {
        DockerEngine d = DockerEngine.parse(new CommandResult(
                0,
                fixture("info-json-docker-20.10.24-debian-vfs-no-gpu-dev-vm.txt")
                        .lines()
                        .toList(),
                ""));
        assertThat(d.reachable()).isTrue();
        assertThat(d.serverVersion()).isEqualTo("20.10.24+dfsg1");
        assertThat(d.architecture()).isEqualTo("x86_64");
        assertThat(d.runtimes()).contains("runc").doesNotContain("nvidia");
        assertThat(d.gpuAccess()).isEqualTo(DockerEngine.GpuAccess.NONE);
    }

    @Test
    void parse_unreachableSocket_keepsTheClientsWords() throws IOException {
        DockerEngine d = DockerEngine.parse(new CommandResult(
                1,
                fixture("info-json-unreachable-socket-client-28.2.2.stdout.txt")
                        .lines()
                        .toList(),
                fixture("info-json-unreachable-socket-client-28.2.2.stderr.txt")));
        assertThat(d.reachable()).isFalse();
        assertThat(d.message()).startsWith("Cannot connect to the Docker daemon");
    }

    @Test
    void parse_nvidiaRuntimeOrCdiDevices_giveGpuAccess() {
        // the runtime list of the DGX Spark recording ("Runtimes: io.containerd.runc.v2 nvidia runc",
        // shared/reference/fixtures/docker/info-grep-runtime-dgx-spark.txt) in docker info's JSON form
        DockerEngine runtime = DockerEngine.parse(new CommandResult(
                0,
                List.of(
                        "{\"ServerVersion\":\"28.3.3\","
                                + "\"Architecture\":\"aarch64\",\"Runtimes\":{\"io.containerd.runc.v2\":{},\"nvidia\":{},\"runc\":{}}}"),
                ""));
        assertThat(runtime.gpuAccess()).isEqualTo(DockerEngine.GpuAccess.NVIDIA_RUNTIME);
        DockerEngine cdi = DockerEngine.parse(new CommandResult(
                0,
                List.of(
                        "{\"ServerVersion\":\"28.5.1\","
                                + "\"Runtimes\":{\"runc\":{}},\"DiscoveredDevices\":[{\"Source\":\"cdi\",\"ID\":\"nvidia.com/gpu=all\"}]}"),
                ""));
        assertThat(cdi.gpuAccess()).isEqualTo(DockerEngine.GpuAccess.CDI);
    }

    @Test
    void probe_withoutTheDockerCli_isUnreachable() {
        Probes none = Probes.live(java.util.Map.of()).withCommands((c, t) -> java.util.Optional.empty());
        assertThat(DockerEngine.probe(none).message()).isEqualTo("the docker command is not installed");
    }
}
