package dev.thinkrig.profiles.safetensors;

import java.util.List;

/**
 * One tensor of a safetensors header.
 *
 * @param shape row-major dimensions (the last one varies fastest)
 * @param begin start of its data, relative to the end of the header
 * @param end end of its data (exclusive)
 */
public record SafetensorsTensor(String name, SafetensorsDtype dtype, List<Long> shape, long begin, long end) {

    public SafetensorsTensor {
        shape = List.copyOf(shape);
    }

    public long bytes() {
        return end - begin;
    }
}
