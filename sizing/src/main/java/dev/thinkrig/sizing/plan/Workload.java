package dev.thinkrig.sizing.plan;

/**
 * What the user will ask of the model: one sequence holds the prompt, the reasoning trace and the answer;
 * {@code samples} parallel samples of one prompt (self-consistency, best-of-N) and {@code concurrency} independent
 * requests each need their own thinking and answer.
 */
public record Workload(int promptTokens, int reasoningBudgetTokens, int answerTokens, int samples, int concurrency) {

    /**
     * The most tokens one sequence may hold: 16,777,216 (2^24), sixteen times the longest context in the catalog
     * (DeepSeek's and Qwen3's 128k-1M); beyond it the sums of prompt, budget and answer leave the int range.
     */
    public static final int MAX_TOKENS = 1 << 24;

    /**
     * The most sequences planned at once (samples x concurrency): 65,536. No engine schedules more (vLLM's default
     * max_num_seqs is 256 to 1,024 by release and GPU; Ollama's OLLAMA_NUM_PARALLEL defaults to 1), and the bound
     * keeps every per-sequence product in range.
     */
    public static final int MAX_SEQUENCES = 1 << 16;

    public Workload {
        if (promptTokens < 1) {
            throw new IllegalArgumentException("the prompt needs at least one token, was " + promptTokens);
        }
        if (reasoningBudgetTokens < 0) {
            throw new IllegalArgumentException("the reasoning budget cannot be negative: " + reasoningBudgetTokens);
        }
        if (answerTokens < 1) {
            throw new IllegalArgumentException("the answer needs at least one token, was " + answerTokens);
        }
        if (samples < 1 || concurrency < 1) {
            throw new IllegalArgumentException("samples and concurrency must be at least 1");
        }
        for (int tokens : new int[] {promptTokens, reasoningBudgetTokens, answerTokens}) {
            if (tokens > MAX_TOKENS) {
                throw new IllegalArgumentException(String.format(
                        "prompt, reasoning budget and answer must each be at most %,d tokens, was %,d",
                        MAX_TOKENS, tokens));
            }
        }
        if ((long) samples * concurrency > MAX_SEQUENCES) {
            throw new IllegalArgumentException(String.format(
                    "samples x concurrency must be at most %,d sequences at once, was %,d x %,d = %,d",
                    MAX_SEQUENCES, samples, concurrency, (long) samples * concurrency));
        }
    }

    /** Context one sequence needs: prompt + reasoning budget + answer. */
    public int tokensPerSequence() {
        return promptTokens + reasoningBudgetTokens + answerTokens;
    }

    /** Sequences decoded at once: every sample of every request. */
    public int sequences() {
        return samples * concurrency;
    }

    /** Tokens generated after the prompt by one sequence. */
    public int generatedTokensPerSequence() {
        return reasoningBudgetTokens + answerTokens;
    }
}
