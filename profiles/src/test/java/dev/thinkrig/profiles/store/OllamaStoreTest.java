package dev.thinkrig.profiles.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thinkrig.profiles.ModelFileException;
import dev.thinkrig.profiles.gguf.GgufModelReaderTest;
import dev.thinkrig.profiles.gguf.GgufWriter;
import dev.thinkrig.sizing.model.ModelShape;
import dev.thinkrig.sizing.quant.Quantization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OllamaStoreTest {

    static final ModelShape QWEN_7B = GgufModelReaderTest.catalogShape("deepseek-r1-distill-qwen-7b");

    static GgufWriter qwen7b() {
        return GgufWriter.model(QWEN_7B, Quantization.Q4_K_M, 15, 16);
    }

    @Test
    void locate_prefersOllamaModels_elseTheHomeDirectory() {
        assertThat(OllamaStore.locate(Map.of("OLLAMA_MODELS", "/srv/ollama"), "/home/u")
                        .root())
                .isEqualTo(Path.of("/srv/ollama"));
        assertThat(OllamaStore.locate(Map.of(), "/home/u").root()).isEqualTo(Path.of("/home/u/.ollama/models"));
    }

    @Test
    void parts_fillOllamasDefaults() {
        assertThat(OllamaStore.parts("qwq:32b")).contains(List.of("registry.ollama.ai", "library", "qwq", "32b"));
        assertThat(OllamaStore.parts("library/qwq:32b"))
                .contains(List.of("registry.ollama.ai", "library", "qwq", "32b"));
        assertThat(OllamaStore.parts("registry.ollama.ai/library/QwQ:32b"))
                .contains(List.of("registry.ollama.ai", "library", "qwq", "32b"));
        assertThat(OllamaStore.parts("hf.co/bartowski/qwq:q4_k_m"))
                .contains(List.of("hf.co", "bartowski", "qwq", "q4_k_m"));
        assertThat(OllamaStore.parts("qwq")).contains(List.of("registry.ollama.ai", "library", "qwq", "latest"));
    }

    @Test
    void shortName_isWhatOllamaListShows() {
        assertThat(OllamaStore.shortName("registry.ollama.ai/library/qwq:32b")).contains("qwq:32b");
        assertThat(OllamaStore.shortName("library/qwq")).contains("qwq:latest");
        assertThat(OllamaStore.shortName("someone/qwq:32b")).contains("someone/qwq:32b");
        assertThat(OllamaStore.shortName("hf.co/someone/qwq:q8_0")).contains("hf.co/someone/qwq:q8_0");
        assertThat(OllamaStore.shortName("../x")).isEmpty();
    }

    @Test
    void parts_refuseNamesThatClimbOutOfTheStore() {
        assertThat(OllamaStore.parts("../../etc/passwd")).isEmpty();
        assertThat(OllamaStore.parts("..:x")).isEmpty();
        assertThat(OllamaStore.parts("a/b/c/d:e")).isEmpty();
        assertThat(OllamaStore.parts("qwq:../x")).isEmpty();
    }

    @Test
    void find_allThreeSpellingsFindTheSameBlob(@TempDir Path root) throws IOException {
        Path blob = StoreWriter.ollamaModel(root, "registry.ollama.ai", "library", "mymodel", "7b", qwen7b());
        OllamaStore store = new OllamaStore(root);
        for (String name : List.of("mymodel:7b", "library/mymodel:7b", "registry.ollama.ai/library/mymodel:7b")) {
            OllamaStore.Model m = store.find(name).orElseThrow();
            assertThat(m.blob()).isEqualTo(blob.toAbsolutePath().normalize());
            assertThat(m.name()).isEqualTo("mymodel:7b");
            assertThat(m.sizeBytes()).isEqualTo(qwen7b().fileSize());
        }
        assertThat(store.find("mymodel:8b")).isEmpty();
        assertThat(store.find("mymodel")).isEmpty();
    }

    @Test
    void list_namesEachManifest_andListsBrokenOnesWithTheirProblem(@TempDir Path root) throws IOException {
        StoreWriter.ollamaModel(root, "registry.ollama.ai", "library", "mymodel", "7b", qwen7b());
        StoreWriter.ollamaModel(root, "hf.co", "someone", "tiny", "latest", qwen7b());
        StoreWriter.writeManifest(root, "registry.ollama.ai", "library", "broken", "latest", "{");

        List<OllamaStore.Listed> listed = new OllamaStore(root).list();

        assertThat(listed)
                .extracting(OllamaStore.Listed::name)
                .containsExactly("hf.co/someone/tiny:latest", "broken:latest", "mymodel:7b");
        assertThat(listed.get(1).problem().orElseThrow())
                .contains("broken/latest: ")
                .contains("not an Ollama manifest");
        assertThat(listed.get(2).model()).isPresent();
    }

    @Test
    void list_withoutAStore_isEmpty(@TempDir Path root) {
        assertThat(new OllamaStore(root.resolve("missing")).list()).isEmpty();
    }

    private static ModelFileException hostile(Path root, String json) throws IOException {
        StoreWriter.writeManifest(root, "registry.ollama.ai", "library", "evil", "latest", json);
        OllamaStore store = new OllamaStore(root);
        try {
            store.find("evil");
        } catch (ModelFileException e) {
            assertThat(e.getMessage())
                    .startsWith(root.resolve("manifests/registry.ollama.ai/library/evil/latest") + ": ");
            return e;
        }
        throw new AssertionError("no error for " + json);
    }

    @Test
    void find_notJson_namesTheManifest(@TempDir Path root) throws IOException {
        assertThat(hostile(root, "not json at all").reason()).startsWith("not an Ollama manifest");
        assertThat(hostile(root, "[1, 2]").reason()).isEqualTo("not an Ollama manifest: not a JSON object");
    }

    @Test
    void find_noModelLayer_saysSo(@TempDir Path root) throws IOException {
        String noModel = StoreWriter.manifest("sha256:" + "a".repeat(64), 1)
                .replace("application/vnd.ollama.image.model", "application/vnd.ollama.image.adapter");
        assertThat(hostile(root, noModel).reason()).contains("no model layer");
        assertThat(hostile(root, "{\"schemaVersion\":2}").reason()).contains("no layers[]");
    }

    @Test
    void find_digestThatEscapesTheStore_isRefused(@TempDir Path root) throws IOException {
        // CVE-2024-37032: Ollama before 0.1.34 joined such a digest to blobs/
        Path secret = Files.writeString(root.resolve("secret"), "x");
        String evil = StoreWriter.manifest("sha256:../../secret", 1);
        assertThat(hostile(root, evil).reason()).contains("'sha256:../../secret' is not sha256:<64 hex digits>");
        assertThat(secret).exists();
    }

    @Test
    void find_blobLinkedOutsideTheStore_isRefused(@TempDir Path tmp) throws IOException {
        Path root = Files.createDirectories(tmp.resolve("store"));
        Path outside = qwen7b().write(tmp.resolve("outside.gguf"));
        String hex = "b".repeat(64);
        Files.createDirectories(root.resolve("blobs"));
        Files.createSymbolicLink(root.resolve("blobs/sha256-" + hex), outside);
        assertThat(hostile(root, StoreWriter.manifest("sha256:" + hex, 1)).reason())
                .contains("outside the store");
    }

    @Test
    void find_missingBlob_namesTheManifestAndTheBlob(@TempDir Path root) throws IOException {
        String hex = "c".repeat(64);
        assertThat(hostile(root, StoreWriter.manifest("sha256:" + hex, 1)).reason())
                .contains("blobs/sha256-" + hex + " is missing");
    }

    @Test
    void find_hugeManifest_isNotReadWhole(@TempDir Path root) throws IOException {
        byte[] big = new byte[OllamaStore.MAX_MANIFEST_BYTES + 10];
        java.util.Arrays.fill(big, (byte) ' ');
        assertThat(hostile(root, new String(big, StandardCharsets.US_ASCII)).reason())
                .contains("larger than");
    }
}
