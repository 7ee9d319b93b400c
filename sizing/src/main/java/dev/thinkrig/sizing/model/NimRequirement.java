package dev.thinkrig.sizing.model;

import dev.thinkrig.sizing.DataSize;
import java.util.Objects;

/**
 * GPU memory NVIDIA publishes for a NIM ("GPU Memory Requirements" of the model's system card on build.nvidia.com):
 * the NIM refuses to start below {@code recommended} unless {@code NIM_RELAX_MEM_CONSTRAINTS=1} is set, and
 * {@code minimum} is the least NVIDIA says it runs on.
 *
 * @param publishedPrecision the precision label of the row as NVIDIA prints it ({@code bf16})
 * @param minimum total GPU memory over all GPUs the NIM uses
 * @param recommended total GPU memory below which NIM needs {@code NIM_RELAX_MEM_CONSTRAINTS=1}
 * @param source the page the figures come from
 */
public record NimRequirement(String publishedPrecision, DataSize minimum, DataSize recommended, String source) {

    /** The environment variable that lets a NIM start below its recommended memory (the same system cards). */
    public static final String RELAX_VARIABLE = "NIM_RELAX_MEM_CONSTRAINTS";

    public NimRequirement {
        Objects.requireNonNull(publishedPrecision, "publishedPrecision");
        Objects.requireNonNull(minimum, "minimum");
        Objects.requireNonNull(recommended, "recommended");
        Objects.requireNonNull(source, "source");
        if (recommended.compareTo(minimum) < 0) {
            throw new IllegalArgumentException("recommended GPU memory below the minimum");
        }
    }
}
