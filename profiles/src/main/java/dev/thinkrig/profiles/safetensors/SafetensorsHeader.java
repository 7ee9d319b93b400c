package dev.thinkrig.profiles.safetensors;

import java.util.List;
import java.util.Map;

/**
 * The JSON header of one safetensors file.
 *
 * @param tensors in data order
 * @param metadata the optional {@code __metadata__} string map
 * @param dataOffset where the data section starts: 8 + the header length
 */
public record SafetensorsHeader(
        String source, List<SafetensorsTensor> tensors, Map<String, String> metadata, long dataOffset) {

    public SafetensorsHeader {
        tensors = List.copyOf(tensors);
        metadata = Map.copyOf(metadata);
    }
}
