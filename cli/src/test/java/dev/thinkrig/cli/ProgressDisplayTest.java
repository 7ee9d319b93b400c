package dev.thinkrig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thinkrig.cli.render.Terminal;
import dev.thinkrig.deploy.api.OllamaApi;
import dev.thinkrig.deploy.docker.ContainerEngine;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressDisplayTest {

    private static final long SECOND = 1_000_000_000L;

    private final StringWriter text = new StringWriter();
    private long now;
    private final ProgressDisplay display = new ProgressDisplay(new PrintWriter(Terminal.writer(text)), 100, () -> now);

    private void image(long current, long total) {
        display.imageProgress("ollama/ollama:0.32.4", current, total, new ContainerEngine.PullProgress("a1", "", 0, 0));
    }

    @Test
    void imagePull_redrawsOneLineInPlace_thenTheNextStepStartsOnANewLine() {
        display.step("Pulling ollama/ollama:0.32.4");
        image(0, 100_000_000);
        now = SECOND;
        image(50_000_000, 100_000_000);
        now = 2 * SECOND;
        image(100_000_000, 100_000_000);
        display.step("Starting thinkrig-x");

        String out = text.toString();
        assertThat(out.split("\n")).hasSize(3);
        assertThat(out.split("\n")[0]).isEqualTo("==> Pulling ollama/ollama:0.32.4");
        String redrawn = out.split("\n")[1];
        assertThat(redrawn.split("\r"))
                .containsExactly(
                        "",
                        "    ollama/ollama:0.32.4 [....................] 0 B/100.0 MB",
                        "    ollama/ollama:0.32.4 [##########..........] 50.0 MB/100.0 MB  50.0 MB/s  0:01 left",
                        "    ollama/ollama:0.32.4 [####################] 100.0 MB  done                        ");
        assertThat(out).endsWith("==> Starting thinkrig-x\n");
    }

    @Test
    void imagePull_updatesFasterThanTheRedrawInterval_areSkipped_butCompletionIsShown() {
        image(0, 1000);
        now = 10_000_000; // 10 ms later
        image(500, 1000);
        now = 20_000_000;
        image(1000, 1000);

        assertThat(text.toString()).doesNotContain("500 B").contains("done");
    }

    @Test
    void waiting_vllmDownloadInTheLog_showsABarWithBytes() {
        display.waiting(
                Duration.ofSeconds(42),
                "model-00001-of-00004.safetensors:  45%|####5     | 2.20G/4.90G [00:11<00:13, 201MB/s]");

        assertThat(text.toString())
                .isEqualTo(
                        "\r    waiting  42 s  model-00001-of-00004.safetensors [########............] 2.20 GB/4.90 GB");
    }

    @Test
    void waiting_shardLoading_showsAFractionBar() {
        display.waiting(
                Duration.ofSeconds(7),
                "Loading safetensors checkpoint shards:  50% Completed | 2/4 [00:03<00:03,  1.52s/it]");

        assertThat(text.toString()).isEqualTo("\r    waiting   7 s  checkpoint shards 2/4 [##########..........]  50%");
    }

    @Test
    void waiting_otherLogLine_isShownShortenedToTheWidth() {
        display.waiting(Duration.ofSeconds(3), "x".repeat(300));

        String line = text.toString();
        assertThat(line).startsWith("\r    waiting   3 s  xxx").endsWith("...");
        assertThat(line.length() - 1).isLessThan(100);
    }

    @Test
    void waiting_logLineWithCarriageReturns_showsOnlyItsLastRedraw() {
        display.waiting(Duration.ofSeconds(5), "Compiling 1/3\rCompiling 2/3\r");

        assertThat(text.toString()).isEqualTo("\r    waiting   5 s  Compiling 2/3");
    }

    @Test
    void modelPull_showsOllamaStatusAndBytes() {
        display.modelProgress(new OllamaApi.PullProgress("pulling manifest", "", 0, 0));
        display.modelProgress(
                new OllamaApi.PullProgress("pulling 6a0746a1ec1a", "sha256:6a0746a1ec1a", 2_000_000_000L, 0));
        now = SECOND;
        display.modelProgress(new OllamaApi.PullProgress(
                "pulling 6a0746a1ec1a", "sha256:6a0746a1ec1a", 2_000_000_000L, 500_000_000L));
        display.finish();

        assertThat(text.toString())
                .contains("\r    pulling manifest")
                .contains("pulling 6a0746a1ec1a [#####...............] 500.0 MB/2.00 GB  500.0 MB/s  0:03 left")
                .endsWith("\n");
    }

    @Test
    void width_comesFromColumns_elseEighty() {
        assertThat(ProgressDisplay.width(Map.of("COLUMNS", "132"))).isEqualTo(132);
        assertThat(ProgressDisplay.width(Map.of("COLUMNS", "wide"))).isEqualTo(80);
        assertThat(ProgressDisplay.width(Map.of())).isEqualTo(80);
    }
}
