package dev.thinkrig.deploy.docker;

import static org.assertj.core.api.Assertions.assertThat;

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
}
