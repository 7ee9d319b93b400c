package dev.thinkrig.sizing.engine;

import dev.thinkrig.sizing.quant.WeightFormat;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The inference engines thinkrig plans for and deploys. */
public enum Engine {
    /** Ollama: llama.cpp underneath, GGUF weights, runs on every platform. */
    OLLAMA(WeightFormat.GGUF),
    /** vLLM: PagedAttention KV pool, safetensors weights, NVIDIA and AMD GPUs. */
    VLLM(WeightFormat.SAFETENSORS),
    /** NVIDIA NIM: a packaged model on vLLM or TensorRT-LLM, NVIDIA GPUs only. */
    NIM(WeightFormat.SAFETENSORS);

    private final WeightFormat weightFormat;

    Engine(WeightFormat weightFormat) {
        this.weightFormat = weightFormat;
    }

    public WeightFormat weightFormat() {
        return weightFormat;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether memory is allocated the vLLM way (a pre-sized KV pool) rather than llama.cpp's (context x slots). */
    public boolean usesKvPool() {
        return this != OLLAMA;
    }

    public static Engine parse(String id) {
        for (Engine e : values()) {
            if (e.id().equalsIgnoreCase(id == null ? "" : id.trim())) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown engine '" + id + "' (known: "
                + Arrays.stream(values()).map(Engine::id).collect(Collectors.joining(", ")) + ")");
    }
}
