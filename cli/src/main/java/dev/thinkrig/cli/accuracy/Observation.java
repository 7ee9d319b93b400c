package dev.thinkrig.cli.accuracy;

import java.util.Objects;

/**
 * One published observation and the setup it was made in (docs/accuracy.md): a file size, an engine log line, an
 * estimator's output, a vendor requirement or a measured speed.
 *
 * @param id the row's stable name in the table
 * @param metric what is compared (see {@link Accuracy#METRICS}); it decides which fields below matter
 * @param model a catalog id (shape-equivalent models are named in {@code what})
 * @param hardware a preset name ({@code rtx-4090}, {@code 4x-h100-80gb}) for plan-based metrics
 * @param engine {@code ollama}, {@code vllm}, {@code llama.cpp} or {@code nim}
 * @param kvFormat {@code latent} or {@code expanded}, for llama.cpp KV rows of latent-attention models
 * @param engineVersion the engine release the observation was made with ({@code --engine-version}); every vLLM row
 *     of a plan-based metric names one
 * @param gpuMemoryUtilization vLLM's {@code --gpu-memory-utilization} in the observation (default: what thinkrig
 *     plans on the preset)
 * @param published the published figure, in {@code unit}; for {@code vllm.starts} 1 (started) or 0 (refused)
 * @param unit {@code GiB}, {@code MiB}, {@code GB}, {@code bpw}, {@code tokens}, {@code tok/s}, {@code ratio} or
 *     {@code verdict} (vllm.starts)
 * @param tolerance the largest relative error the row may show (0.05 = 5%): the target for its kind
 * @param knownError for a row that misses its target: the error it shows, explained in {@code note}; the test then
 *     checks the error stays within one percentage point of it, so a miss cannot drift unnoticed
 * @param layers for a model cut to fewer layers (a real-engine row whose file kept the model's layer shape): how many
 * @param microBatch llama.cpp's n_ubatch in the observation (llamacpp.* rows; default 512)
 * @param outputsMax llama.cpp's n_outputs_max in the observation (llamacpp.* rows; default the micro-batch)
 */
public record Observation(
        String id,
        String kind,
        String what,
        String metric,
        String model,
        String hardware,
        String engine,
        String quantization,
        String kvCacheType,
        String kvFormat,
        Integer context,
        Integer parallel,
        Boolean flashAttention,
        Integer tensorParallel,
        String engineVersion,
        Double gpuMemoryUtilization,
        double published,
        String unit,
        double tolerance,
        Double knownError,
        String source,
        String note,
        Integer layers,
        Integer microBatch,
        Integer outputsMax) {

    public Observation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(source, "source");
        if (!(tolerance > 0 && tolerance < 1)) {
            throw new IllegalArgumentException(id + ": tolerance must be in (0, 1), was " + tolerance);
        }
        if ("vllm".equals(engine)
                && !metric.startsWith("weights")
                && !metric.equals("decode")
                && engineVersion == null) {
            throw new IllegalArgumentException(id + ": a vLLM row names the engineVersion of its log");
        }
        if (knownError != null && (note == null || note.isBlank())) {
            throw new IllegalArgumentException(id + ": a row with a knownError needs a note that explains it");
        }
    }
}
