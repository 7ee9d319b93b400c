package dev.thinkrig.deploy.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DockerJavaEngineTest {

    @Test
    void authenticationFailed_dockersTwo401Messages_butNotAnUnknownImage() {
        // Docker 20.10 pulling from a registry that answers 401 with WWW-Authenticate: Basic, without and with
        // credentials
        assertThat(DockerJavaEngine.authenticationFailed(
                        "Head \"http://127.0.0.1:18731/v2/thinkrig/nim/manifests/1\": no basic auth credentials"))
                .isTrue();
        assertThat(DockerJavaEngine.authenticationFailed("unauthorized: authentication required"))
                .isTrue();
        assertThat(DockerJavaEngine.authenticationFailed(
                        "manifest for ollama/ollama:0.0.0 not found: manifest unknown"))
                .isFalse();
    }

    @Test
    void registry_hostOfTheReference() {
        assertThat(DockerJavaEngine.registry("nvcr.io/nim/meta/x:1")).isEqualTo("nvcr.io");
        assertThat(DockerJavaEngine.registry("127.0.0.1:5000/thinkrig/nim:1")).isEqualTo("127.0.0.1:5000");
        assertThat(DockerJavaEngine.registry("ollama/ollama:0.32.4")).isEqualTo("docker.io");
        assertThat(DockerJavaEngine.registry("localhost/x")).isEqualTo("localhost");
    }

    @Test
    void authAdvice_withLogin_namesTheUserNeverThePassword() {
        String advice = DockerJavaEngine.authAdvice(
                "nvcr.io/nim/x:1",
                "unauthorized: authentication required",
                Optional.of(new ContainerEngine.RegistryLogin("nvcr.io", "$oauthtoken", "nvapi-secret")));

        assertThat(advice)
                .startsWith("registry authentication failed pulling nvcr.io/nim/x:1")
                .contains("user $oauthtoken", "NGC Catalog")
                .doesNotContain("nvapi-secret");
    }

    @Test
    void isLocal_unixSocketOnly() {
        assertThat(DockerJavaEngine.isLocal("unix:///var/run/docker.sock")).isTrue();
        assertThat(DockerJavaEngine.isLocal("tcp://10.0.0.5:2376")).isFalse();
        assertThat(DockerJavaEngine.isLocal("ssh://me@host")).isFalse();
    }

    @Test
    void dockerHost_thatDockerJavaCannotUse_saysWhatToWrite() {
        // these failed with a URI parser's or docker-java's message and exit 2 ("Unsupported protocol scheme:
        // ssh://...")
        assertThatThrownBy(() -> DockerJavaEngine.connect(Map.of("DOCKER_HOST", "ssh://me@gpu-box")))
                .isInstanceOfSatisfying(
                        ContainerEngineException.class,
                        e -> assertThat(e.kind()).isEqualTo(ContainerEngineException.Kind.UNREACHABLE))
                .hasMessageContaining("not ssh://")
                .hasMessageContaining("ssh -nNT -L /tmp/docker.sock:/var/run/docker.sock me@gpu-box");
        assertThatThrownBy(() -> DockerJavaEngine.connect(Map.of("DOCKER_HOST", "http://10.0.0.5:2375")))
                .hasMessageContaining("is written tcp://10.0.0.5:2375");
        assertThatThrownBy(() -> DockerJavaEngine.connect(Map.of("DOCKER_HOST", "not a url")))
                .isInstanceOf(ContainerEngineException.class)
                .hasMessageContaining("DOCKER_HOST='not a url' is not an address");
        assertThatThrownBy(() -> DockerJavaEngine.connect(Map.of("DOCKER_HOST", "tcp://[::1")))
                .isInstanceOf(ContainerEngineException.class);
        assertThat(DockerJavaEngine.checkedHost("unix:///var/run/docker.sock"))
                .isEqualTo("unix:///var/run/docker.sock");
        assertThat(DockerJavaEngine.checkedHost("tcp://127.0.0.1:2375")).isEqualTo("tcp://127.0.0.1:2375");
    }

    @Test
    void somethingThatIsNotDocker_isUnreachableWithTheAddress_notAJavaMessage() throws Exception {
        // a web server where DOCKER_HOST points: its 404 page is no Engine API error (those are JSON {"message": ...})
        com.sun.net.httpserver.HttpServer web = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        web.createContext("/", x -> {
            byte[] page = "<html><body>Not Found</body></html>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            x.getResponseHeaders().add("Content-Type", "text/html");
            x.sendResponseHeaders(404, page.length);
            x.getResponseBody().write(page);
            x.close();
        });
        web.start();
        String host = "tcp://127.0.0.1:" + web.getAddress().getPort();
        try (DockerJavaEngine engine = DockerJavaEngine.connect(Map.of("DOCKER_HOST", host))) {
            assertThatThrownBy(engine::info)
                    .isInstanceOfSatisfying(
                            ContainerEngineException.class,
                            e -> assertThat(e.kind()).isEqualTo(ContainerEngineException.Kind.UNREACHABLE))
                    .hasMessageContaining("something answers at " + host + ", but not as a Docker engine (HTTP 404")
                    .hasMessageNotContaining("Exception");
            assertThatThrownBy(() -> engine.containers(ContainerEngine.DEPLOYMENT_LABEL, java.util.Optional.empty()))
                    .hasMessageContaining("not as a Docker engine");
        } finally {
            web.stop(0);
        }
    }

    @Test
    void nothingListening_isUnreachableWithTheReason_notTheExceptionChain() {
        try (DockerJavaEngine engine = DockerJavaEngine.connect(Map.of("DOCKER_HOST", "tcp://127.0.0.1:9"))) {
            assertThatThrownBy(engine::info)
                    .hasMessageContaining("the Docker engine at tcp://127.0.0.1:9 does not answer (")
                    .hasMessageNotContaining("com.github")
                    .hasMessageNotContaining("Exception");
        }
    }
}
