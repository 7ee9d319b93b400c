package dev.thinkrig.profiles.bench;

import dev.thinkrig.profiles.catalog.ModelCatalog;
import dev.thinkrig.profiles.catalog.ModelEntry;
import dev.thinkrig.profiles.gguf.GgufModelReader;
import dev.thinkrig.profiles.gguf.GgufWriter;
import dev.thinkrig.profiles.modelfile.ModelFile;
import dev.thinkrig.sizing.model.ModelShape;
import dev.thinkrig.sizing.quant.Quantization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Benchmark, not a test: writes the real header of a large model's GGUF file (every tensor info, the whole
 * vocabulary) and extends the file to its full size as a sparse file, then times {@link GgufModelReader#read}.
 * Usage: bench/gguf-header-read.sh [runs] (docs/benchmarks.md quotes its output).
 */
public final class GgufHeaderReadBenchmark {

    private GgufHeaderReadBenchmark() {}

    public static void main(String[] args) throws IOException {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Path dir = Files.createTempDirectory("thinkrig-bench");
        try {
            bench(dir, "deepseek-r1-distill-llama-70b", Quantization.Q8_0, 7, runs);
            bench(dir, "deepseek-r1-distill-qwen-32b", Quantization.Q4_K_M, 15, runs);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    private static void bench(Path dir, String id, Quantization quant, int fileType, int runs) throws IOException {
        ModelShape shape = ModelCatalog.shipped().stream()
                .filter(e -> e.id().equals(id))
                .map(ModelEntry::modelShape)
                .findFirst()
                .orElseThrow();
        GgufWriter w = GgufWriter.model(shape, quant, fileType, (int) shape.vocabSize());
        Path file = w.write(dir.resolve(id + "-" + quant + ".gguf"));
        long onDisk = Files.size(file);
        long headerBytes = w.header().length;

        long[] nanos = new long[runs];
        ModelFile m = null;
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            m = GgufModelReader.read(file);
            nanos[i] = System.nanoTime() - start;
        }
        long first = nanos[0];
        long[] warm = Arrays.copyOfRange(nanos, 1, runs);
        Arrays.sort(warm);
        System.out.printf(
                Locale.ROOT,
                "%s %s: file %,d bytes (sparse), header %,d bytes, %d tensors, %,d vocabulary strings%n"
                        + "  first read %.1f ms (cold JVM); then min %.2f ms, median %.2f ms, max %.2f ms (%d runs)%n"
                        + "  weights %,d bytes (%.2f GiB), without token_embd %,d bytes%n",
                id,
                quant,
                onDisk,
                headerBytes,
                m.tensors().size(),
                shape.vocabSize(),
                first / 1e6,
                warm[0] / 1e6,
                warm[warm.length / 2] / 1e6,
                warm[warm.length - 1] / 1e6,
                warm.length,
                m.totalBytes(),
                m.totalBytes() / (double) (1L << 30),
                m.bytesWithoutTokenEmbedding());
    }
}
