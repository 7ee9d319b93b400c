package dev.thinkrig.deploy.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.DeviceRequest;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DockerJavaEngineCdiTest {

    // GET /info as Docker 28.3+ answers it, cut to the fields that matter here. DiscoveredDevices entries are
    // DeviceInfo objects {Source, ID} (https://docs.docker.com/reference/api/engine/version/v1.57/schemas/DeviceInfo/);
    // the IDs are those a Docker 29.7.2 host listed in `docker info` (shared/reference/fixtures/docker/
    // info-text-cdi-discovered-devices-nvidia-runtime-nct-issue1967-PARTIAL.txt, "Discovered Devices").
    private static final String INFO_DOCKER_29_CDI = """
            {"ID": "7TRN:IPZB", "ServerVersion": "29.7.2", "Architecture": "x86_64",
             "Runtimes": {"io.containerd.runc.v2": {"path": "runc"}, "runc": {"path": "runc"}},
             "CDISpecDirs": ["/etc/cdi", "/var/run/cdi"],
             "DiscoveredDevices": [
               {"Source": "cdi", "ID": "nvidia.com/gpu=0"},
               {"Source": "cdi", "ID": "nvidia.com/gpu=GPU-0008bcf4-cae8-0120-a18f-bc344fb1c710"},
               {"Source": "cdi", "ID": "nvidia.com/gpu=all"},
               {"Source": "cdi", "ID": "vendor.com/fpga=0"}
             ]}
            """;

    // /info read as docker-java reads it: its default ObjectMapper keeps fields Info does not model in rawValues
    private static Info info(String body) throws Exception {
        return DefaultDockerClientConfig.createDefaultConfigBuilder()
                .build()
                .getObjectMapper()
                .readValue(body, Info.class);
    }

    @Test
    void cdiGpus_listsOnlyNvidiaGpuDevices() throws Exception {
        Info info = info(INFO_DOCKER_29_CDI);
        assertThat(info.getServerVersion()).isEqualTo("29.7.2");
        assertThat(DockerJavaEngine.cdiGpus(info))
                .containsExactly(
                        "nvidia.com/gpu=0",
                        "nvidia.com/gpu=GPU-0008bcf4-cae8-0120-a18f-bc344fb1c710",
                        "nvidia.com/gpu=all");
    }

    @Test
    void cdiGpus_olderEngineWithoutTheField_listsNone() throws Exception {
        // Docker 20.10's /info has neither CDISpecDirs nor DiscoveredDevices
        assertThat(DockerJavaEngine.cdiGpus(info("{\"ServerVersion\": \"20.10.24+dfsg1\", \"Runtimes\": {}}")))
                .isEmpty();
        assertThat(DockerJavaEngine.cdiGpus(info("{\"DiscoveredDevices\": null}")))
                .isEmpty();
    }

    private static ContainerEngine.EngineInfo engine(List<String> runtimes, boolean cdi) {
        return new ContainerEngine.EngineInfo("29.7.2", "1.52", "x86_64", runtimes, cdi);
    }

    @Test
    void deviceRequest_cdiOnlyEngine_allGpus() {
        DeviceRequest r = DockerJavaEngine.deviceRequest(
                new ContainerEngine.GpuRequest(-1, List.of()), Optional.of(engine(List.of("runc"), true)));
        assertThat(r.getDriver()).isEqualTo("cdi");
        assertThat(r.getDeviceIds()).containsExactly("nvidia.com/gpu=all");
        assertThat(r.getCapabilities()).isNull();
    }

    @Test
    void deviceRequest_cdiOnlyEngine_specificGpus() {
        DeviceRequest r = DockerJavaEngine.deviceRequest(
                new ContainerEngine.GpuRequest(2, List.of("0", "1")), Optional.of(engine(List.of("runc"), true)));
        assertThat(r.getDriver()).isEqualTo("cdi");
        assertThat(r.getDeviceIds()).containsExactly("nvidia.com/gpu=0", "nvidia.com/gpu=1");
    }

    @Test
    void deviceRequest_nvidiaRuntime_keepsTheNvidiaDriver() {
        DeviceRequest r = DockerJavaEngine.deviceRequest(
                new ContainerEngine.GpuRequest(-1, List.of()), Optional.of(engine(List.of("nvidia", "runc"), true)));
        assertThat(r.getDriver()).isEqualTo("nvidia");
        assertThat(r.getCount()).isEqualTo(-1);
        assertThat(r.getCapabilities()).containsExactly(List.of("gpu"));
    }
}
