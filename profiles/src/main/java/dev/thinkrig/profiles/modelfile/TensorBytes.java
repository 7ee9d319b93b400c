package dev.thinkrig.profiles.modelfile;

import java.util.List;

/**
 * One stored tensor and the exact bytes its data takes in the file.
 *
 * @param type the file's own type name (ggml {@code Q4_K}, safetensors {@code BF16})
 * @param shape dimensions as the file lists them (GGUF: row length first; safetensors: row-major, row length last)
 */
public record TensorBytes(String name, String type, List<Long> shape, long bytes) {

    public TensorBytes {
        shape = List.copyOf(shape);
    }
}
