package dev.thinkrig.profiles.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thinkrig.profiles.ModelFileException;
import dev.thinkrig.profiles.gguf.GgufModelReaderTest;
import dev.thinkrig.profiles.safetensors.SafetensorsModelReaderTest;
import dev.thinkrig.sizing.model.ModelShape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HuggingFaceCacheTest {

    static final ModelShape QWEN_7B = GgufModelReaderTest.catalogShape("deepseek-r1-distill-qwen-7b");

    static Path qwen7b(Path root, String repo) throws IOException {
        return StoreWriter.huggingFaceRepo(
                root,
                repo,
                SafetensorsModelReaderTest.config(QWEN_7B, "Qwen2ForCausalLM", ""),
                SafetensorsModelReaderTest.bf16Tensors(QWEN_7B),
                2);
    }

    @Test
    void locate_hubCache_thenHfHome_thenTheHomeDirectory() {
        assertThat(HuggingFaceCache.locate(Map.of("HF_HUB_CACHE", "/c", "HF_HOME", "/h"), "/home/u")
                        .root())
                .isEqualTo(Path.of("/c"));
        assertThat(HuggingFaceCache.locate(Map.of("HF_HOME", "/h"), "/home/u").root())
                .isEqualTo(Path.of("/h/hub"));
        assertThat(HuggingFaceCache.locate(Map.of(), "/home/u").root())
                .isEqualTo(Path.of("/home/u/.cache/huggingface/hub"));
    }

    @Test
    void find_followsRefsMain(@TempDir Path root) throws IOException {
        Path snapshot = qwen7b(root, "someorg/My-Model-7B");
        HuggingFaceCache.Snapshot s =
                new HuggingFaceCache(root).find("someorg/My-Model-7B").orElseThrow();
        assertThat(s.snapshot()).isEqualTo(snapshot);
        assertThat(s.sizeBytes()).isEqualTo(2 * QWEN_7B.parameterCount() + headerBytes(snapshot));
        assertThat(new HuggingFaceCache(root).find("someorg/Other")).isEmpty();
        assertThat(new HuggingFaceCache(root).find("../someorg")).isEmpty();
        assertThat(new HuggingFaceCache(root).find("qwq:32b")).isEmpty();
    }

    private static long headerBytes(Path snapshot) throws IOException {
        long total = 0;
        for (String shard : new String[] {"model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"}) {
            Path f = snapshot.resolve(shard);
            total += Files.size(f);
        }
        return total - 2 * QWEN_7B.parameterCount();
    }

    @Test
    void find_refsMainNamingAPath_isRefused(@TempDir Path root) throws IOException {
        qwen7b(root, "org/m");
        Path ref = root.resolve("models--org--m/refs/main");
        Files.writeString(ref, "../../../etc");
        assertThatThrownBy(() -> new HuggingFaceCache(root).find("org/m"))
                .isInstanceOf(ModelFileException.class)
                .hasMessage(ref + ": not a revision: '../../../etc'");
    }

    @Test
    void find_snapshotWithoutConfig_namesTheSnapshot(@TempDir Path root) throws IOException {
        Path snapshot = qwen7b(root, "org/m");
        Files.delete(snapshot.resolve("config.json"));
        assertThatThrownBy(() -> new HuggingFaceCache(root).find("org/m"))
                .isInstanceOf(ModelFileException.class)
                .hasMessageStartingWith(snapshot + ": the snapshot main points at has no config.json");
    }

    @Test
    void list_namesRepositories_andSkipsDatasets(@TempDir Path root) throws IOException {
        qwen7b(root, "org/b-model");
        qwen7b(root, "org/a-model");
        Files.createDirectories(root.resolve("datasets--org--data"));
        Files.createDirectories(root.resolve("models--org--empty/snapshots"));
        var listed = new HuggingFaceCache(root).list();
        assertThat(listed)
                .extracting(HuggingFaceCache.Listed::repo)
                .containsExactly("org/a-model", "org/b-model", "org/empty");
        assertThat(listed.get(2).problem().orElseThrow()).contains("no refs/main and 0 snapshots");
    }
}
