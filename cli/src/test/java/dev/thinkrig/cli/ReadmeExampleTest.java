package dev.thinkrig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's example output is what the README's command prints (regression: they once drifted apart). */
class ReadmeExampleTest {

    @Test
    void readmeExample_isRealOutput() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String command = "./thinkrig plan deepseek-r1-distill-qwen-32b --hardware dgx-spark";
        assertThat(readme).contains(command);
        int start = readme.indexOf("DeepSeek-R1-Distill-Qwen-32B on NVIDIA DGX Spark");
        List<String> example = readme.substring(start, readme.indexOf("```", start))
                .lines()
                .filter(l -> !l.strip().equals("..."))
                .toList();
        Cli cli = Cli.run("plan", "deepseek-r1-distill-qwen-32b", "--hardware", "dgx-spark");
        assertThat(cli.exitCode).isZero();
        assertThat(cli.out.lines().toList()).containsAll(example);
    }
}
