package dev.thinkrig.deploy.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thinkrig.deploy.docker.ContainerEngine;
import dev.thinkrig.deploy.docker.ContainerEngine.PortBinding;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeploymentsTest {

    @Test
    void interpolate_composeForms_fillFromEnvironmentAndRecordSecrets() {
        Set<String> secrets = new HashSet<>();
        Map<String, String> env = Map.of("HOME", "/home/ana", "HF_TOKEN", "hf_x");

        assertThat(Deployments.interpolate("${HOME}/.cache/huggingface", env, secrets))
                .isEqualTo("/home/ana/.cache/huggingface");
        assertThat(Deployments.interpolate("${HF_TOKEN:-}", env, secrets)).isEqualTo("hf_x");
        assertThat(Deployments.interpolate("${MISSING:-dflt}", env, secrets)).isEqualTo("dflt");
        assertThat(Deployments.interpolate("a$$b", env, secrets)).isEqualTo("a$b");
        assertThat(secrets).containsExactly("HF_TOKEN");
    }

    @Test
    void interpolate_requiredVariableMissing_namesItWithoutAValue() {
        assertThatThrownBy(() ->
                        Deployments.interpolate("${NGC_API_KEY:?set NGC_API_KEY in .env}", Map.of(), new HashSet<>()))
                .isInstanceOfSatisfying(
                        DeployException.class,
                        e -> assertThat(e.kind()).isEqualTo(DeployException.Kind.MISSING_SETTING))
                .hasMessageContaining("NGC_API_KEY");
    }

    @Test
    void port_shortSyntax_ipv4AndIpv6() {
        assertThat(Deployments.port("127.0.0.1:11434:11434")).isEqualTo(new PortBinding("127.0.0.1", 11434, 11434));
        assertThat(Deployments.port("[::1]:8000:8000")).isEqualTo(new PortBinding("::1", 8000, 8000));
    }

    @Test
    void bytes_composeSizes() {
        assertThat(Deployments.bytes("16gb")).isEqualTo(16L << 30);
        assertThat(Deployments.bytes("512m")).isEqualTo(512L << 20);
    }

    @Test
    void registryLogin_nvcrImage_usesOauthtokenAndTheNgcKey() {
        assertThat(Deployments.registryLogin(
                        "nvcr.io/nim/deepseek-ai/deepseek-r1:1.7.3", Map.of("NGC_API_KEY", "nvapi-k")))
                .contains(new ContainerEngine.RegistryLogin("nvcr.io", "$oauthtoken", "nvapi-k"));
        assertThat(Deployments.registryLogin("127.0.0.1:5000/nim:1", Map.of("NGC_API_KEY", "nvapi-k")))
                .isEmpty();
        assertThat(Deployments.registryLogin("ollama/ollama:0.32.4", Map.of())).isEmpty();
    }

    @Test
    void registryLogin_nvcrImageWithoutKey_isMissingSettingBeforeAnyPull() {
        assertThatThrownBy(() -> Deployments.registryLogin("nvcr.io/nim/x:1", Map.of("NGC_API_KEY", " ")))
                .isInstanceOfSatisfying(
                        DeployException.class,
                        e -> assertThat(e.kind()).isEqualTo(DeployException.Kind.MISSING_SETTING))
                .hasMessageContaining("needs NGC_API_KEY")
                .hasMessageContaining("$oauthtoken");
    }

    @Test
    void redact_replacesEverySecretValueSetInTheEnvironment_butNotShortOnes() {
        Map<String, String> env = Map.of(
                "HF_TOKEN",
                "hf_abcdef123456",
                "NGC_API_KEY",
                "nvapi-XYZ-987",
                "VLLM_API_KEY",
                "ab",
                "PATH",
                "/usr/bin");
        assertThat(Deployments.redact("token hf_abcdef123456 key nvapi-XYZ-987 ab /usr/bin", env))
                .isEqualTo("token *** key *** ab /usr/bin");
    }
}
