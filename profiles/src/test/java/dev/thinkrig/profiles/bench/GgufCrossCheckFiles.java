package dev.thinkrig.profiles.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.thinkrig.profiles.catalog.ModelCatalog;
import dev.thinkrig.profiles.catalog.ModelEntry;
import dev.thinkrig.profiles.gguf.GgmlType;
import dev.thinkrig.profiles.gguf.GgufArray;
import dev.thinkrig.profiles.gguf.GgufHeader;
import dev.thinkrig.profiles.gguf.GgufModelReader;
import dev.thinkrig.profiles.gguf.GgufTensorInfo;
import dev.thinkrig.profiles.gguf.GgufValueType;
import dev.thinkrig.profiles.gguf.GgufWriter;
import dev.thinkrig.sizing.model.Architecture;
import dev.thinkrig.sizing.model.ModelShape;
import dev.thinkrig.sizing.quant.Quantization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes GGUF files and, beside each, what thinkrig reads from it ({@code NAME.thinkrig.json}), for
 * .ci/gguf-crosscheck, which parses the same files with @huggingface/gguf and compares. Usage: {@code main DIR}.
 */
public final class GgufCrossCheckFiles {

    private GgufCrossCheckFiles() {}

    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(Path.of(args[0]));
        ModelShape qwen32b = ModelCatalog.shipped().stream()
                .filter(e -> e.id().equals("deepseek-r1-distill-qwen-32b"))
                .map(ModelEntry::modelShape)
                .findFirst()
                .orElseThrow();
        write(dir, "qwen32b-q4_k_m", GgufWriter.model(qwen32b, Quantization.Q4_K_M, 15, (int) qwen32b.vocabSize()));
        // a mixture-of-experts file with the expert, sliding-window and MXFP4 keys and types (sparse, 12 GiB)
        ModelShape gptOss = ModelCatalog.shipped().stream()
                .filter(e -> e.id().equals("gpt-oss-20b"))
                .map(ModelEntry::modelShape)
                .findFirst()
                .orElseThrow();
        write(dir, "gpt-oss-20b-mxfp4", GgufWriter.model(gptOss, Quantization.MXFP4, 38, (int) gptOss.vocabSize()));
        ModelShape tiny = new ModelShape(Architecture.QWEN3, 2, 256, 512, 4, 2, 64, 300, 4096, true, false, true);
        write(dir, "tiny-qwen3-q2_k", GgufWriter.model(tiny, Quantization.Q2_K, 10, 300));
        write(dir, "every-type-v2", everyType());
    }

    /** A version-2 file with one tensor of every ggml type and one value of every metadata type. */
    static GgufWriter everyType() {
        GgufWriter w = new GgufWriter()
                .version(2)
                .string("general.architecture", "llama")
                .kv("t.u8", GgufValueType.UINT8, 255)
                .kv("t.i8", GgufValueType.INT8, -128)
                .kv("t.u16", GgufValueType.UINT16, 65535)
                .kv("t.i16", GgufValueType.INT16, -32768)
                .kv("t.u32", GgufValueType.UINT32, 4_294_967_295L)
                .kv("t.i32", GgufValueType.INT32, Integer.MIN_VALUE)
                .kv("t.f32", GgufValueType.FLOAT32, 0.5f)
                .kv("t.bool", GgufValueType.BOOL, false)
                .kv("t.string", GgufValueType.STRING, "ünïcödé ✓")
                .kv("t.u64", GgufValueType.UINT64, 1L << 53)
                .kv("t.i64", GgufValueType.INT64, -(1L << 53))
                .kv("t.f64", GgufValueType.FLOAT64, -2.25)
                .array("t.array.i32", GgufValueType.INT32, List.of(1, -2, 3))
                .array("t.array.string", GgufValueType.STRING, List.of("a", "", "ç"))
                .array("t.array.f32", GgufValueType.FLOAT32, List.of(1.5f, -0.25f));
        for (GgmlType t : GgmlType.values()) {
            w.tensor("t." + t.name().toLowerCase(java.util.Locale.ROOT), t, 2L * t.blockSize() * 3, 2);
        }
        return w;
    }

    private static void write(Path dir, String name, GgufWriter w) throws IOException {
        Path file = w.write(dir.resolve(name + ".gguf"));
        GgufHeader h = GgufModelReader.readHeader(file);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("version", h.version());
        out.put("dataOffset", h.dataOffset());
        out.put("fileSize", h.fileSize());
        Map<String, Object> metadata = new LinkedHashMap<>();
        h.metadata()
                .forEach((k, v) -> metadata.put(k, v instanceof GgufArray a ? Map.of("arrayLength", a.length()) : v));
        out.put("metadata", metadata);
        List<Map<String, Object>> tensors = new ArrayList<>();
        for (GgufTensorInfo t : h.tensors()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", t.name());
            m.put("type", t.type().id());
            m.put("shape", t.dimensions());
            m.put("offset", t.offset());
            m.put("bytes", t.bytes());
            tensors.add(m);
        }
        out.put("tensors", tensors);
        new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(dir.resolve(name + ".thinkrig.json").toFile(), out);
    }
}
