package dev.thinkrig.profiles.enginelog;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * vLLM's start-up log, V0 and V1: the lines of vllm/worker/worker.py ({@code determine_num_available_blocks}, "Memory
 * profiling results" in v0.6.4, "Memory profiling takes" from v0.6.5), vllm/v1/worker/gpu_worker.py and
 * gpu_model_runner.py ("Model loading took", "Available KV cache memory", "Graph capturing finished", "Estimated CUDA
 * graph memory" from v0.21) and vllm/v1/core/kv_cache_utils.py ("GPU KV cache size", "Maximum concurrency").
 */
final class VllmLogReader {

    static final Pattern MARKERS = Pattern.compile(
            "vLLM API server version|Initializing an? (V1 )?LLM engine|Available KV cache memory|# (GPU|cuda) blocks:"
                    + "|Memory profiling (takes|results)|vllm\\.entrypoints|Model loading took|GPU KV cache size"
                    + "|Loading model weights took|tokens that can be stored in KV cache|Maximum concurrency for"
                    + "|Graph capturing finished|Estimated CUDA graph memory|No available memory for the cache blocks"
                    + "|VllmWorker|gpu_model_runner\\.py|kv_cache_utils\\.py");

    private static final Pattern VERSION = Pattern.compile(
            "(?:vLLM API server version|Initializing an? (?:V1 )?LLM engine \\(v|vLLM version) ?v?(\\d+\\.\\d+[\\w.+-]*)");
    private static final Pattern MODEL = Pattern.compile("\\bmodel='([^']+)'|'model': '([^']+)'|model_tag': '([^']+)'");
    private static final Pattern MAX_SEQ_LEN = Pattern.compile("max_seq_len=(\\d+)|'max_model_len': (\\d+)");
    private static final Pattern TP = Pattern.compile("tensor_parallel_size=(\\d+)|'tensor_parallel_size': (\\d+)");
    private static final Pattern KV_DTYPE = Pattern.compile("kv_cache_dtype=(\\w+)|'kv_cache_dtype': '(\\w+)'");
    private static final Pattern QUANT = Pattern.compile("\\bquantization=(\\w+)|'quantization': '(\\w+)'");
    private static final Pattern MAX_NUM_SEQS = Pattern.compile("'max_num_seqs': (\\d+)|max_num_seqs=(\\d+)");
    private static final Pattern BLOCK_SIZE = Pattern.compile("'block_size': (\\d+)|\\bblock_size=(\\d+)");
    private static final Pattern UTILIZATION = Pattern.compile(
            "gpu_memory_utilization[ =(]+(\\d+(?:\\.\\d+)?)|'gpu_memory_utilization': (\\d+(?:\\.\\d+)?)"
                    + "|current --gpu-memory-utilization=(\\d+(?:\\.\\d+)?)");
    private static final Pattern TOTAL = Pattern.compile("total_gpu_memory[ =(]+" + LogText.SIZE);
    private static final Pattern LOADING =
            Pattern.compile("(?:Model loading took|Loading model weights took|model weights take) " + LogText.SIZE);
    private static final Pattern NON_TORCH = Pattern.compile("non_torch_memory(?: takes |=)" + LogText.SIZE);
    private static final Pattern ACTIVATION = Pattern.compile("activation peak memory takes " + LogText.SIZE);
    private static final Pattern PEAK_TORCH = Pattern.compile("peak_torch_memory=" + LogText.SIZE);
    private static final Pattern GRAPHS = Pattern.compile("Graph capturing finished in [\\d.]+ secs?, took "
            + LogText.SIZE + "|Estimated CUDA graph memory: " + LogText.SIZE);
    private static final Pattern POOL = Pattern.compile("Available KV cache memory: " + LogText.SIZE
            + "|reserved for KV Cache is " + LogText.SIZE + "|kv_cache_size=" + LogText.SIZE);
    private static final Pattern TOKENS = Pattern.compile("GPU KV cache size: ([\\d,]+) tokens");
    private static final Pattern BLOCKS = Pattern.compile("# (?:GPU|cuda) blocks: (\\d+)");
    private static final Pattern CONCURRENCY =
            Pattern.compile("Maximum concurrency for ([\\d,]+) tokens per request: ([\\d.]+)x");
    private static final Pattern REFUSED =
            Pattern.compile("larger than the maximum number of tokens that can be stored in KV cache \\((\\d+)\\)"
                    + "|No available memory for the cache blocks|CUDA out of memory|EngineCore failed to start"
                    + "|Insufficient memory|is larger than the available KV cache memory");
    private static final Pattern RANK = Pattern.compile("\\brank=(\\d+)|Worker_TP(\\d+)");

    private VllmLogReader() {}

    static EngineLog read(List<String> lines) {
        Optional<String> version = Optional.empty();
        Optional<String> model = Optional.empty();
        Optional<String> quantization = Optional.empty();
        Optional<String> kvType = Optional.empty();
        OptionalInt context = OptionalInt.empty();
        OptionalInt tp = OptionalInt.empty();
        OptionalInt seqs = OptionalInt.empty();
        OptionalInt blockSize = OptionalInt.empty();
        OptionalDouble utilization = OptionalDouble.empty();
        OptionalLong total = OptionalLong.empty();
        Optional<String> refusal = Optional.empty();
        List<LogFigure> figures = new ArrayList<>();
        TreeSet<Integer> ranks = new TreeSet<>();
        long loggedBlocks = -1;
        int blocksLine = 0;
        long weightsBytes = -1;
        long peakTorch = -1;
        int peakLine = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int n = i + 1;
            Matcher m;
            if (version.isEmpty() && (m = VERSION.matcher(line)).find()) {
                version = Optional.of(m.group(1));
            }
            if ((m = RANK.matcher(line)).find()) {
                ranks.add(Integer.parseInt(first(m)));
            }
            if (model.isEmpty() && (m = MODEL.matcher(line)).find()) {
                model = Optional.of(first(m));
            }
            if (context.isEmpty() && (m = MAX_SEQ_LEN.matcher(line)).find()) {
                context = OptionalInt.of(Integer.parseInt(first(m)));
            }
            if (tp.isEmpty() && (m = TP.matcher(line)).find()) {
                tp = OptionalInt.of(Integer.parseInt(first(m)));
            }
            if (kvType.isEmpty() && (m = KV_DTYPE.matcher(line)).find()) {
                kvType = Optional.of(first(m));
            }
            if (quantization.isEmpty() && (m = QUANT.matcher(line)).find() && !first(m).equals("None")) {
                quantization = Optional.of(first(m));
            }
            if (seqs.isEmpty() && (m = MAX_NUM_SEQS.matcher(line)).find()) {
                seqs = OptionalInt.of(Integer.parseInt(first(m)));
            }
            if (blockSize.isEmpty() && (m = BLOCK_SIZE.matcher(line)).find()) {
                blockSize = OptionalInt.of(Integer.parseInt(first(m)));
            }
            if (utilization.isEmpty() && (m = UTILIZATION.matcher(line)).find()) {
                utilization = OptionalDouble.of(Double.parseDouble(first(m)));
            }
            if (total.isEmpty() && (m = TOTAL.matcher(line)).find()) {
                total = OptionalLong.of(LogText.bytes(m, 1));
            }
            if ((m = LOADING.matcher(line)).find() && weightsBytes < 0) {
                weightsBytes = LogText.bytes(m, 1);
                figures.add(new LogFigure(LogTerm.WEIGHTS, weightsBytes, n, "model weights"));
            }
            if ((m = NON_TORCH.matcher(line)).find()) {
                addOnce(figures, new LogFigure(LogTerm.NON_TORCH, LogText.bytes(m, 1), n, "non_torch_memory"));
            }
            if ((m = ACTIVATION.matcher(line)).find()) {
                addOnce(figures, new LogFigure(LogTerm.ACTIVATION, LogText.bytes(m, 1), n, "activation peak"));
            }
            if (peakTorch < 0 && (m = PEAK_TORCH.matcher(line)).find()) {
                peakTorch = LogText.bytes(m, 1);
                peakLine = n;
            }
            if ((m = GRAPHS.matcher(line)).find()) {
                int g = m.group(1) != null ? 1 : 3;
                String how = g == 1 ? "graph capture" : "estimated CUDA graph memory";
                addOnce(figures, new LogFigure(LogTerm.CUDA_GRAPHS, LogText.bytes(m, g), n, how));
            }
            if ((m = POOL.matcher(line)).find()) {
                int g = m.group(1) != null ? 1 : m.group(3) != null ? 3 : 5;
                addOnce(figures, new LogFigure(LogTerm.KV_CACHE, LogText.bytes(m, g), n, "KV pool"));
            }
            if ((m = TOKENS.matcher(line)).find()) {
                addOnce(
                        figures,
                        new LogFigure(LogTerm.KV_CAPACITY_TOKENS, LogText.number(m.group(1)), n, "GPU KV cache size"));
            }
            if (loggedBlocks < 0 && (m = BLOCKS.matcher(line)).find()) {
                loggedBlocks = Long.parseLong(m.group(1));
                blocksLine = n;
            }
            if (context.isEmpty() && (m = CONCURRENCY.matcher(line)).find()) {
                context = OptionalInt.of((int) LogText.number(m.group(1)));
            }
            if (refusal.isEmpty() && (m = REFUSED.matcher(line)).find()) {
                refusal = Optional.of(line.strip());
                if (m.group(1) != null) {
                    addOnce(
                            figures,
                            new LogFigure(
                                    LogTerm.KV_CAPACITY_TOKENS,
                                    Long.parseLong(m.group(1)),
                                    n,
                                    "the refusal's KV cache tokens"));
                }
            }
        }
        List<String> notes = new ArrayList<>();
        if (loggedBlocks >= 0) {
            int size = blockSize.orElse(16);
            addOnce(
                    figures,
                    new LogFigure(
                            LogTerm.KV_CAPACITY_TOKENS,
                            loggedBlocks * size,
                            blocksLine,
                            String.format("# GPU blocks %,d x %d tokens per block", loggedBlocks, size)));
        }
        if (peakTorch >= 0 && weightsBytes >= 0 && figures.stream().noneMatch(f -> f.term() == LogTerm.ACTIVATION)) {
            // v0.6.4 logs the peak of torch's allocator, weights included
            figures.add(new LogFigure(
                    LogTerm.ACTIVATION, peakTorch - weightsBytes, peakLine, "peak_torch_memory less the weights"));
        }
        if (tp.orElse(1) > 1 || ranks.size() > 1) {
            notes.add("per-rank figures: vLLM logs the weights, activation and KV pool of each GPU; the first rank's "
                    + "lines are read");
        }
        LogSetup setup = new LogSetup(
                model, quantization, context, tp, utilization, seqs, kvType, Optional.empty(), total, blockSize);
        return new EngineLog(LogEngine.VLLM, version, setup, figures, refusal, notes);
    }

    /** The first figure of a term counts: on a TP log that is the first rank's. */
    private static void addOnce(List<LogFigure> figures, LogFigure figure) {
        if (figures.stream().noneMatch(f -> f.term() == figure.term())) {
            figures.add(figure);
        }
    }

    private static String first(Matcher m) {
        for (int g = 1; g <= m.groupCount(); g++) {
            if (m.group(g) != null) {
                return m.group(g);
            }
        }
        return m.group();
    }
}
