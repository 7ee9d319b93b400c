package dev.thinkrig.sizing.engine;

import dev.thinkrig.sizing.DataSize;
import dev.thinkrig.sizing.kv.KvCache;
import dev.thinkrig.sizing.kv.KvCacheType;
import dev.thinkrig.sizing.model.ModelShape;

/**
 * The KV and compute buffers llama.cpp itself allocates for one context on the CPU, from the source of the build
 * node-llama-cpp 3.21.1 vendors (llama.cpp release v0.4.0, ggml 0.23.0; llama/llama.cpp.info.json in the package) and
 * checked against it by cli's LlamaCppEngineIT. Ollama plans keep Ollama's own rules ({@link LlamaCppMemory}); these
 * are what {@code check-log} plans for a llama.cpp log.
 *
 * <ul>
 *   <li>Cells: {@code n_ctx} is padded to 256; with one stream per sequence (kv_unified false) each stream holds
 *       {@code pad(n_ctx / n_seq, 256)} cells (src/llama-context.cpp, the llama_context constructor).
 *   <li>Sliding-window layers keep {@code pad(min(per-stream cells, n_swa x (unified ? n_seq : 1) + n_ubatch), 256)}
 *       cells per stream (src/llama-kv-cache-iswa.cpp, size_swa).
 *   <li>Compute buffer: the ggml graph allocator's high-water mark for the worst-case micro-batch ({@code n_ubatch}
 *       tokens, {@code min(n_ubatch, n_outputs_max)} logits rows; src/llama-context.cpp sched_reserve). Two phases
 *       peak: the output, where the f32 logits ({@code vocab x outputs}) are live with two f32 activations of {@code
 *       n_embd x n_ubatch} (the final norm's input and output); and, without flash attention, a full-attention layer,
 *       where the f32 {@code KQ} matrix ({@code n_kv x n_ubatch x heads}; soft_max reuses it, build_attn_mha in
 *       src/llama-graph.cpp) is live with the f32 masks ({@code n_kv x n_ubatch} each for the full and the sliding
 *       layers) and about six activations of {@code n_embd x n_ubatch} (the residual, the normed input, the query
 *       before and after rotation, the key and value before they are copied into the cache).
 *   <li>Latent attention (deepseek2 with split {@code attn_k_b}/{@code attn_v_b}): a layer holds, per head and token
 *       in f32, the absorbed query ({@code kv_lora_rank}), the query with its rotary part ({@code kv_lora_rank +
 *       rope}) and the attention's latent output ({@code kv_lora_rank}) before {@code attn_v_b} decompresses it
 *       (src/models/deepseek2.cpp: q_nope_absorbed, the concat into Qcur, build_attn with v_mla); with flash
 *       attention that is the phase that peaks above the logits, without it the same beside KQ.
 * </ul>
 */
public final class LlamaCppBuffers {

    /** llama.cpp pads the context and the sliding-window cache to 256 cells (llama-context.cpp, llama-kv-cache-iswa.cpp). */
    static final int CELL_PADDING = 256;

    /** f32 activations of {@code n_embd x n_ubatch} live beside the logits: the final norm's input and output. */
    static final int OUTPUT_ACTIVATIONS = 2;

    /**
     * f32 activations of {@code n_embd x n_ubatch} live beside KQ without flash attention: residual, normed input,
     * query before and after rotation, key and value (six; the llama-8B shape's log shows 6.5 with the allocator's
     * alignment, gpt-oss 6.75).
     */
    static final int ATTENTION_ACTIVATIONS = 6;

    /**
     * One context as llama.cpp is asked for it.
     *
     * @param contextTokens {@code n_ctx}: cells for all sequences together
     * @param sequences {@code n_seq_max}
     * @param unified {@code kv_unified}: one stream for all sequences
     * @param microBatch {@code n_ubatch}
     * @param outputsMax {@code n_outputs_max} (llama.cpp's default: {@code n_batch})
     */
    public record Context(
            long contextTokens,
            int sequences,
            boolean unified,
            boolean flashAttention,
            KvCacheType kvType,
            int microBatch,
            int outputsMax) {

        public Context {
            if (contextTokens <= 0 || sequences <= 0 || microBatch <= 0 || outputsMax <= 0) {
                throw new IllegalArgumentException("a llama.cpp context needs positive sizes");
            }
        }
    }

    /**
     * @param cells {@code n_ctx} after padding: cells of every full-attention layer, all streams
     * @param slidingCells cells of every sliding-window layer, all streams
     */
    public record Buffers(long cells, long slidingCells, DataSize kv, DataSize compute) {}

    private LlamaCppBuffers() {}

    public static Buffers of(ModelShape shape, KvCache.KvFormat format, Context c) {
        int streams = c.unified() ? 1 : c.sequences();
        long nCtx = pad(c.contextTokens());
        long perStream = c.unified() ? nCtx : pad(nCtx / c.sequences());
        long cells = perStream * streams;
        long slidingPerStream = shape.slidingWindow()
                .map(w -> pad(
                        Math.min(perStream, (long) w.window() * (c.unified() ? c.sequences() : 1) + c.microBatch())))
                .orElse(0L);
        long slidingCells = slidingPerStream * streams;
        DataSize kv = KvCache.bytesPerToken(shape, c.kvType(), format)
                .times(cells)
                .plus(
                        shape.slidingWindow().isPresent()
                                ? KvCache.slidingBytesPerCell(shape, c.kvType(), format)
                                        .times(slidingCells)
                                : DataSize.ZERO);
        long u = c.microBatch();
        long activation = 4 * u * shape.hiddenSize();
        long output = 4L * Math.min(u, c.outputsMax()) * shape.vocabSize() + OUTPUT_ACTIVATIONS * activation;
        long compute = output;
        // latent attention (deepseek2 with the latent cache): the absorbed query, the query with its rotary part and
        // the attention's output in latent space, f32, per head and token
        long latent = shape.latentAttention()
                .map(m -> 4 * u * shape.attentionHeads() * (3L * m.kvLoraRank() + m.qkRopeHeadDim()))
                .orElse(0L);
        if (latent > 0 && c.flashAttention()) {
            // with flash attention's f16 mask of the layer beside them
            compute = Math.max(output, latent + 2 * perStream * u);
        }
        if (!c.flashAttention()) {
            // KQ of a full-attention layer: n_kv is a stream's cells, and the streams share the micro-batch
            long kq = 4 * perStream * u * shape.attentionHeads();
            long masks = 4 * perStream * u + (shape.slidingWindow().isPresent() ? 4 * slidingPerStream * u : 0);
            long beside = latent > 0 ? latent : ATTENTION_ACTIVATIONS * activation;
            compute = Math.max(output, kq + masks + beside);
        }
        return new Buffers(cells, slidingCells, kv, DataSize.ofBytes(compute));
    }

    private static long pad(long cells) {
        return (cells + CELL_PADDING - 1) / CELL_PADDING * CELL_PADDING;
    }
}
