package dev.thinkrig.profiles.enginelog;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The setup a log states, as far as it states it; {@code check-log}'s options fill or override each part.
 *
 * @param model the model as the log names it (a Hugging Face repository, a GGUF's general.name)
 * @param quantization a quantization name the log gives (vLLM's {@code quantization=fp8}, a GGUF file type)
 * @param contextTokens tokens per sequence (vLLM's max_model_len; llama.cpp's n_ctx divided by its sequences)
 * @param parallel sequences at once (vLLM's max_num_seqs where logged; llama.cpp's n_seq_max)
 * @param kvCacheType the KV cache type ({@code auto}, {@code fp8}, {@code f16}, {@code q8_0})
 * @param gpuTotalBytes the device total the engine saw (vLLM's total_gpu_memory: torch's, per GPU)
 * @param blockSize vLLM's tokens per KV block (16 unless the config says otherwise)
 * @param kvUnified llama.cpp's kv_unified: one KV stream shared by the sequences, or one stream each
 * @param microBatch llama.cpp's n_ubatch, the tokens of the worst-case graph it reserves
 * @param outputsMax llama.cpp's n_outputs_max, the logits rows of that graph
 */
public record LogSetup(
        Optional<String> model,
        Optional<String> quantization,
        OptionalInt contextTokens,
        OptionalInt tensorParallel,
        OptionalDouble gpuMemoryUtilization,
        OptionalInt parallel,
        Optional<String> kvCacheType,
        Optional<Boolean> flashAttention,
        OptionalLong gpuTotalBytes,
        OptionalInt blockSize,
        Optional<Boolean> kvUnified,
        OptionalInt microBatch,
        OptionalInt outputsMax) {

    /** A setup without llama.cpp's context parameters (vLLM, Ollama). */
    public LogSetup(
            Optional<String> model,
            Optional<String> quantization,
            OptionalInt contextTokens,
            OptionalInt tensorParallel,
            OptionalDouble gpuMemoryUtilization,
            OptionalInt parallel,
            Optional<String> kvCacheType,
            Optional<Boolean> flashAttention,
            OptionalLong gpuTotalBytes,
            OptionalInt blockSize) {
        this(
                model,
                quantization,
                contextTokens,
                tensorParallel,
                gpuMemoryUtilization,
                parallel,
                kvCacheType,
                flashAttention,
                gpuTotalBytes,
                blockSize,
                Optional.empty(),
                OptionalInt.empty(),
                OptionalInt.empty());
    }

    public static final LogSetup EMPTY = new LogSetup(
            Optional.empty(),
            Optional.empty(),
            OptionalInt.empty(),
            OptionalInt.empty(),
            OptionalDouble.empty(),
            OptionalInt.empty(),
            Optional.empty(),
            Optional.empty(),
            OptionalLong.empty(),
            OptionalInt.empty());
}
