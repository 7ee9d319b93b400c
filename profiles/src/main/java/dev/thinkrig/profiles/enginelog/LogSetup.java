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
        OptionalInt blockSize) {

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
