package dev.thinkrig.deploy.natively;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thinkrig.deploy.flow.DeployException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OllamaExecutableTest {

    @Test
    void theFirstOnPath_wins() {
        Set<Path> present = Set.of(Path.of("/opt/homebrew/bin/ollama"), Path.of("/usr/local/bin/ollama"));

        assertThat(OllamaExecutable.find("/usr/bin:/opt/homebrew/bin:/usr/local/bin", present::contains))
                .contains(Path.of("/opt/homebrew/bin/ollama"));
    }

    @Test
    void notOnPath_theAppsOwnCommand() {
        Set<Path> present = Set.of(Path.of("/Applications/Ollama.app/Contents/Resources/ollama"));

        assertThat(OllamaExecutable.find("/usr/bin:/bin", present::contains))
                .contains(Path.of("/Applications/Ollama.app/Contents/Resources/ollama"));
        assertThat(OllamaExecutable.find(null, present::contains)).contains(OllamaExecutable.MAC_APP);
    }

    @Test
    void anEmptyPathEntry_isNotTheWorkingDirectory() {
        assertThat(OllamaExecutable.find(":/usr/bin", p -> p.equals(Path.of("ollama"))))
                .isEmpty();
    }

    @Test
    void nowhere_saysHowToInstall() {
        assertThatThrownBy(() -> OllamaExecutable.require(Map.of("PATH", "/nonexistent-thinkrig-test")))
                .isInstanceOfSatisfying(
                        DeployException.class,
                        e -> assertThat(e.kind()).isEqualTo(DeployException.Kind.ENGINE_NOT_INSTALLED))
                .hasMessageContaining("brew install ollama")
                .hasMessageContaining("https://ollama.com/download");
    }
}
