package dev.thinkrig.deploy.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Lines shaped as engines print them; each test names the public log it was shaped after. */
class LogProgressTest {

    // vllm-project/vllm#12177: huggingface_hub's per-file bar in vLLM's container log
    @Test
    void parse_huggingfaceHubFileBar_readsFileBytesAndFraction() {
        LogProgress p = LogProgress.parse(
                        "model-00002-of-00006.safetensors:  45%|██████████▎            | 2.22G/4.95G [00:11<00:13, 201MB/s]")
                .orElseThrow();

        assertThat(p.what()).isEqualTo("model-00002-of-00006.safetensors");
        assertThat(p.doneBytes()).isEqualTo(2_220_000_000L);
        assertThat(p.totalBytes()).isEqualTo(4_950_000_000L);
        assertThat(p.fraction()).isCloseTo(2.22 / 4.95, within(1e-9));
        assertThat(p.describe()).isEqualTo("model-00002-of-00006.safetensors 45% (2.2 of 5.0 GB)");
    }

    // vllm-project/vllm#12177: the finished bar
    @Test
    void parse_finishedFileBar_isComplete() {
        LogProgress p = LogProgress.parse(
                        "model-00001-of-00006.safetensors: 100%|███████████████████████▉| 4.93G/4.93G [00:25<00:00, 194MB/s]")
                .orElseThrow();

        assertThat(p.fraction()).isEqualTo(1.0);
        assertThat(p.doneBytes()).isEqualTo(p.totalBytes());
    }

    // huggingface_hub's older http_get: desc "Downloading <name>", names over 22 characters cut to "(…)" + the last 20
    @Test
    void parse_olderHuggingfaceHubDescription_keepsItsWords() {
        LogProgress p = LogProgress.parse(
                        "Downloading (…)of-00002.safetensors:  45%|####5     | 4.50G/9.98G [01:02<01:16, 71.6MB/s]")
                .orElseThrow();

        assertThat(p.what()).isEqualTo("Downloading (…)of-00002.safetensors");
        assertThat(p.totalBytes()).isEqualTo(9_980_000_000L);
    }

    // replicate/cog-vllm#38: one bar for the whole repository, the current file in tqdm's postfix
    @Test
    void parse_wholeRepositoryBar_takesTheFileFromThePostfix() {
        LogProgress p = LogProgress.parse(
                        "  4%|▍         | 1.30G/29.9G [00:05<01:36, 318MB/s, file=model-00001-of-00004.safetensors, n=7/17]")
                .orElseThrow();

        assertThat(p.what()).isEqualTo("model-00001-of-00004.safetensors");
        assertThat(p.doneBytes()).isEqualTo(1_300_000_000L);
        assertThat(p.totalBytes()).isEqualTo(29_900_000_000L);
    }

    // replicate/cog-vllm#38: kilobytes at the start of a download
    @Test
    void parse_kilobytes_scaleByThousand() {
        LogProgress p = LogProgress.parse(
                        "  0%|          | 1.48k/29.9G [00:00<908:59:43, 9.82kB/s, file=LICENSE, n=2/17]")
                .orElseThrow();

        assertThat(p.doneBytes()).isEqualTo(1480);
        assertThat(p.what()).isEqualTo("LICENSE");
    }

    // vllm-project/vllm#6689 (no prefix) and #46367 (a worker prefix on the line)
    @ParameterizedTest
    @ValueSource(
            strings = {
                "Loading safetensors checkpoint shards:  73% Completed | 139/191 [13:28<02:02,  2.36s/it]",
                "(Worker_TP0 pid=1440) Loading safetensors checkpoint shards:  73% Completed | 139/191 [13:28<02:02,"
                        + "  2.36s/it]"
            })
    void parse_vllmShardLoading_countsShardsNotBytes(String line) {
        LogProgress p = LogProgress.parse(line).orElseThrow();

        assertThat(p.what()).isEqualTo("checkpoint shards 139/191");
        assertThat(p.fraction()).isCloseTo(139.0 / 191, within(1e-9));
        assertThat(p.hasBytes()).isFalse();
        assertThat(p.describe()).isEqualTo("checkpoint shards 139/191 73%");
    }

    // llm-d/llm-d#484: the bar's first line, nothing loaded yet
    @Test
    void parse_zeroOfShards_isZero() {
        assertThat(LogProgress.parse("Loading safetensors checkpoint shards:   0% Completed | 0/163 [00:00<?, ?it/s]")
                        .orElseThrow()
                        .fraction())
                .isZero();
    }

    @Test
    void parse_severalRedrawsOnOneLine_takesTheLast() {
        String line = "model-00001-of-00002.safetensors:  10%|█  | 0.50G/5.00G [00:02<00:18, 250MB/s]\r"
                + "model-00001-of-00002.safetensors:  60%|██████  | 3.00G/5.00G [00:12<00:08, 250MB/s]\r";

        assertThat(LogProgress.parse(line).orElseThrow().doneBytes()).isEqualTo(3_000_000_000L);
    }

    @Test
    void lastRedraw_isWhatATerminalWouldShow() {
        assertThat(LogProgress.lastRedraw("Downloading 10%\rDownloading 20%\r  "))
                .isEqualTo("Downloading 20%");
        assertThat(LogProgress.lastRedraw("INFO plain line ")).isEqualTo("INFO plain line");
    }

    @Test
    void parse_otherTqdmBar_givesTheFractionOnly() {
        LogProgress p = LogProgress.parse("Capturing CUDA graphs: 40%|████      | 28/70 [00:04<00:06,  6.9it/s]")
                .orElseThrow();

        assertThat(p.what()).isEqualTo("Capturing CUDA graphs");
        assertThat(p.fraction()).isEqualTo(0.4);
        assertThat(p.hasBytes()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "INFO 01-17 13:17:16 weight_utils.py:251] Using model weights format ['*.safetensors']",
                "loading model 40%"
            })
    void parse_linesWithoutABar_giveNothing(String line) {
        assertThat(LogProgress.parse(line)).isEmpty();
    }
}
