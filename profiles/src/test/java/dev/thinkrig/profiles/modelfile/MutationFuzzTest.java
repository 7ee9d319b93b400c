package dev.thinkrig.profiles.modelfile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thinkrig.profiles.InMemoryChannel;
import dev.thinkrig.profiles.ModelFileException;
import dev.thinkrig.profiles.gguf.GgufHeader;
import dev.thinkrig.profiles.gguf.GgufModelReader;
import dev.thinkrig.profiles.gguf.GgufModelReaderTest;
import dev.thinkrig.profiles.gguf.GgufParser;
import dev.thinkrig.profiles.gguf.GgufWriter;
import dev.thinkrig.profiles.safetensors.HfConfig;
import dev.thinkrig.profiles.safetensors.SafetensorsDtype;
import dev.thinkrig.profiles.safetensors.SafetensorsModelReader;
import dev.thinkrig.profiles.safetensors.SafetensorsModelReaderTest;
import dev.thinkrig.profiles.safetensors.SafetensorsParser;
import dev.thinkrig.profiles.safetensors.SafetensorsWriter;
import dev.thinkrig.sizing.model.Architecture;
import dev.thinkrig.sizing.model.Experts;
import dev.thinkrig.sizing.model.ModelShape;
import dev.thinkrig.sizing.model.SlidingWindow;
import dev.thinkrig.sizing.quant.Quantization;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Random-mutation fuzzing of the GGUF, safetensors and config.json parsers: valid files are mutated (bytes flipped,
 * lengths and counts overwritten with boundary values, cut, spliced) and every result must be either a parse or a
 * {@link ModelFileException}: never another exception, an out-of-memory error or a hang. Bounded by
 * {@code -Dthinkrig.fuzz.seconds} (default 3 per parser) and a fixed seed, so a failure names the seed and iteration
 * that reproduce it; {@code -Dthinkrig.fuzz.seed} varies it.
 */
class MutationFuzzTest {

    /**
     * Mutants per seed: a count, not a time, so a busy machine runs the same cases as an idle one (a 3-second budget
     * with "more than 1,000 runs" failed when two builds shared two cores); -Dthinkrig.fuzz.runs=100000 fuzzes longer.
     */
    private static final int RUNS = Integer.getInteger("thinkrig.fuzz.runs", 1500);

    private static final long SEED = Long.getLong("thinkrig.fuzz.seed", 20261122L);

    /** Values that break length and count checks: 0, 1, around 2^31, 2^32, 2^63, all ones. */
    private static final long[] INTERESTING = {
        0,
        1,
        2,
        7,
        8,
        255,
        1 << 16,
        Integer.MAX_VALUE,
        1L << 31,
        0xffffffffL,
        1L << 32,
        1L << 40,
        Long.MAX_VALUE,
        -1,
        Long.MIN_VALUE,
        100_000_000,
        268_435_457
    };

    @Test
    void gguf_mutatedHeaders_parseOrFailWithAnOffset() {
        byte[] valid = GgufWriter.model(GgufModelReaderTest.TINY_QWEN3, Quantization.Q4_K_M, 15, 1000)
                .header();
        int runs = fuzz(valid, bytes -> {
            InMemoryChannel channel = new InMemoryChannel(bytes, bytes.length + 4_000_000);
            GgufHeader h = GgufParser.parse(channel, "fuzz.gguf");
            GgufModelReader.summarize("fuzz.gguf", List.of(h));
        });
        assertThat(runs).isEqualTo(RUNS);
    }

    @Test
    void gguf_mutatedMixtureOfExpertsHeaders_parseOrFailWithAnOffset() {
        // a tiny gpt-oss: routed experts and alternating sliding-window layers, the keys the dense seed lacks
        ModelShape tinyGptOss = new ModelShape(
                Architecture.GPT_OSS,
                4,
                256,
                256,
                4,
                2,
                64,
                1000,
                4096,
                false,
                true,
                false,
                Optional.of(new Experts(8, 2, 256, 0, 0)),
                Optional.empty(),
                Optional.of(new SlidingWindow(128, 2)));
        GgufWriter writer = GgufWriter.model(tinyGptOss, Quantization.MXFP4, 38, 1000);
        byte[] valid = writer.header();
        long data = writer.dataBytes();
        int runs = fuzz(valid, bytes -> {
            InMemoryChannel channel = new InMemoryChannel(bytes, bytes.length + data);
            GgufHeader h = GgufParser.parse(channel, "fuzz.gguf");
            GgufModelReader.summarize("fuzz.gguf", List.of(h));
        });
        assertThat(runs).isEqualTo(RUNS);
    }

    @Test
    void safetensors_mutatedHeaders_parseOrFailWithAnOffset() {
        SafetensorsWriter w = new SafetensorsWriter();
        for (Object[] t : SafetensorsModelReaderTest.awqTensors(SafetensorsModelReaderTest.TINY_QWEN2)) {
            w.tensor((String) t[0], (SafetensorsDtype) t[1], (long[]) t[2]);
        }
        byte[] valid = w.headerBytes();
        HfConfig config = HfConfig.parse(
                SafetensorsModelReaderTest.config(SafetensorsModelReaderTest.TINY_QWEN2, "Qwen2ForCausalLM", "")
                        .getBytes(StandardCharsets.UTF_8),
                "config.json");
        int runs = fuzz(valid, bytes -> {
            InMemoryChannel channel = new InMemoryChannel(bytes, bytes.length + w.dataBytes());
            var h = SafetensorsParser.parse(channel, "fuzz.safetensors");
            SafetensorsModelReader.summarize("dir", Optional.empty(), config, List.of(h));
        });
        assertThat(runs).isEqualTo(RUNS);
    }

    @Test
    void config_mutatedJson_parsesOrFailsClearly() {
        byte[] valid = SafetensorsModelReaderTest.config(
                        SafetensorsModelReaderTest.TINY_QWEN2,
                        "Qwen2ForCausalLM",
                        ",\"quantization_config\":{\"quant_method\":\"compressed-tensors\",\"config_groups\":"
                                + "{\"g\":{\"weights\":{\"num_bits\":4,\"type\":\"int\",\"group_size\":128}}}}")
                .getBytes(StandardCharsets.UTF_8);
        int runs = fuzz(valid, bytes -> HfConfig.parse(bytes, "config.json"));
        assertThat(runs).isEqualTo(RUNS);
    }

    /**
     * Runs {@code parse} on mutants of {@code valid} until the time budget is spent; returns how many ran. Checks that
     * the mutants reach deep: some still parse, and the failures are of many kinds, not all one bad magic.
     */
    private static int fuzz(byte[] valid, Consumer<byte[]> parse) {
        java.util.Set<String> reasons = new java.util.HashSet<>();
        int parsed = 0;
        parse.accept(valid); // the seed itself parses
        Random random = new Random(SEED);
        int i = 0;
        while (i < RUNS) {
            byte[] mutant = mutate(valid, random);
            try {
                parse.accept(mutant);
                parsed++;
            } catch (ModelFileException expected) {
                assertThat(expected.getMessage()).startsWith(expected.file() + ": ");
                reasons.add(expected.reason().replaceAll("[0-9]+", "N").replaceAll("'[^']*'", "'X'"));
            } catch (Throwable t) {
                throw new AssertionError(
                        "mutant " + i + " (seed " + SEED + ") threw " + t + "; first bytes "
                                + Arrays.toString(Arrays.copyOf(mutant, Math.min(64, mutant.length))),
                        t);
            }
            i++;
        }
        assertThat(parsed).as("mutants that still parse").isPositive();
        assertThat(reasons.size()).as("kinds of failure: %s", reasons).isGreaterThan(10);
        return i;
    }

    private static byte[] mutate(byte[] valid, Random random) {
        byte[] b = valid.clone();
        int mutations = 1 + random.nextInt(4);
        for (int m = 0; m < mutations; m++) {
            if (b.length == 0) {
                return b;
            }
            int at = random.nextInt(b.length);
            switch (random.nextInt(6)) {
                case 0 -> b[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> b[at] = (byte) random.nextInt(256);
                case 2 -> {
                    // a length, count or offset overwritten with a boundary value
                    int width = random.nextBoolean() ? 8 : 4;
                    int pos = Math.min(at, Math.max(0, b.length - width));
                    ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
                    long v = INTERESTING[random.nextInt(INTERESTING.length)];
                    if (width == 8 && pos + 8 <= b.length) {
                        buf.putLong(pos, v);
                    } else if (pos + 4 <= b.length) {
                        buf.putInt(pos, (int) v);
                    }
                }
                case 3 -> b = Arrays.copyOf(b, at); // cut
                case 4 -> {
                    // a span repeated elsewhere (splice)
                    int len = Math.min(1 + random.nextInt(32), b.length - at);
                    int to = random.nextInt(b.length);
                    System.arraycopy(b, at, b, to, Math.min(len, b.length - to));
                }
                default -> {
                    // bytes removed from the middle
                    int len = Math.min(1 + random.nextInt(16), b.length - at);
                    byte[] shorter = new byte[b.length - len];
                    System.arraycopy(b, 0, shorter, 0, at);
                    System.arraycopy(b, at + len, shorter, at, b.length - at - len);
                    b = shorter;
                }
            }
        }
        return b;
    }
}
