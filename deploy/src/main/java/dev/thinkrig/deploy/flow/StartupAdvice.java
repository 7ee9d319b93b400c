package dev.thinkrig.deploy.flow;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Known start-up failures in an engine's last log lines, translated into what to change in the plan. */
public final class StartupAdvice {

    /**
     * vLLM when the KV cache cannot hold one sequence of --max-model-len: "The model's max seq len (32768) is larger
     * than the maximum number of tokens that can be stored in KV cache (20480)".
     */
    private static final Pattern KV_TOO_SMALL = Pattern.compile(
            "max seq len \\((\\d+)\\) is larger than the maximum number of tokens that can be stored in KV cache \\((\\d+)\\)");

    /** vLLM when --max-model-len exceeds the model's own limit: "the derived max_model_len (max_position_embeddings=N". */
    private static final Pattern BEYOND_MODEL =
            Pattern.compile("max_model_len \\((\\d+)\\) is greater than the derived max_model_len \\([a-z_]+=(\\d+)");

    private StartupAdvice() {}

    public static Optional<String> advise(List<String> lines) {
        for (String line : lines) {
            Matcher kv = KV_TOO_SMALL.matcher(line);
            if (kv.find()) {
                return Optional.of("vLLM's KV cache holds only " + kv.group(2) + " tokens but the context is "
                        + kv.group(1) + ": plan again with --context " + kv.group(2) + " or less, or a higher"
                        + " --gpu-memory-utilization, or a smaller --quant");
            }
            Matcher beyond = BEYOND_MODEL.matcher(line);
            if (beyond.find()) {
                return Optional.of("the model supports at most " + beyond.group(2) + " tokens of context: plan again"
                        + " with --context " + beyond.group(2) + " or less");
            }
            if (line.contains("CUDA out of memory")
                    || line.contains("OutOfMemoryError")
                    || line.contains("cudaMalloc failed: out of memory")) {
                return Optional.of("the GPU ran out of memory while loading the model (something else may hold GPU"
                        + " memory: nvidia-smi shows it): plan again with a smaller --context, --kv-cache-type q8_0,"
                        + " a lower --gpu-memory-utilization or a smaller --quant");
            }
            if (line.contains("no kernel image is available for execution on the device")) {
                return Optional.of("this image was not built for this GPU's architecture: use an image built for it"
                        + " (--image), or another --engine");
            }
        }
        return Optional.empty();
    }
}
