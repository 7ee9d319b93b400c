package dev.thinkrig.profiles.gguf;

import dev.thinkrig.sizing.quant.Quantization;
import java.util.Map;
import java.util.Optional;

/**
 * {@code general.file_type}: the quantization mix a file was made with, as llama.cpp's {@code enum llama_ftype}
 * (include/llama.h) numbers them, and the sizing quantization it corresponds to where thinkrig ranks that mix.
 */
public final class GgufFileType {

    /** llama_ftype ids to the names llama.cpp's quantize tool uses (LLAMA_FTYPE_MOSTLY_ prefix dropped). */
    static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(0, "F32"),
            Map.entry(1, "F16"),
            Map.entry(2, "Q4_0"),
            Map.entry(3, "Q4_1"),
            Map.entry(7, "Q8_0"),
            Map.entry(8, "Q5_0"),
            Map.entry(9, "Q5_1"),
            Map.entry(10, "Q2_K"),
            Map.entry(11, "Q3_K_S"),
            Map.entry(12, "Q3_K_M"),
            Map.entry(13, "Q3_K_L"),
            Map.entry(14, "Q4_K_S"),
            Map.entry(15, "Q4_K_M"),
            Map.entry(16, "Q5_K_S"),
            Map.entry(17, "Q5_K_M"),
            Map.entry(18, "Q6_K"),
            Map.entry(19, "IQ2_XXS"),
            Map.entry(20, "IQ2_XS"),
            Map.entry(21, "Q2_K_S"),
            Map.entry(22, "IQ3_XS"),
            Map.entry(23, "IQ3_XXS"),
            Map.entry(24, "IQ1_S"),
            Map.entry(25, "IQ4_NL"),
            Map.entry(26, "IQ3_S"),
            Map.entry(27, "IQ3_M"),
            Map.entry(28, "IQ2_S"),
            Map.entry(29, "IQ2_M"),
            Map.entry(30, "IQ4_XS"),
            Map.entry(31, "IQ1_M"),
            Map.entry(32, "BF16"),
            Map.entry(36, "TQ1_0"),
            Map.entry(37, "TQ2_0"),
            Map.entry(38, "MXFP4_MOE"),
            Map.entry(39, "NVFP4"),
            Map.entry(40, "Q1_0"),
            Map.entry(41, "Q2_0"));

    /** llama.cpp ors this flag into a file type it guessed from the tensors (LLAMA_FTYPE_GUESSED). */
    static final int GUESSED = 1024;

    private GgufFileType() {}

    /** The llama.cpp name of file type {@code id}, or {@code unknown (id)}. */
    public static String name(long id) {
        String name = NAMES.get((int) (id & ~GUESSED));
        return id >= 0 && id <= Integer.MAX_VALUE && name != null ? name : "unknown (" + id + ")";
    }

    /** The quantization sizing ranks for this file type, if it ranks it. */
    public static Optional<Quantization> quantization(String name) {
        if (name.equals("MXFP4_MOE")) {
            return Optional.of(Quantization.MXFP4);
        }
        for (Quantization q : Quantization.values()) {
            if (q.name().equals(name)) {
                return Optional.of(q);
            }
        }
        return Optional.empty();
    }
}
