package dev.thinkrig.sizing.plan;

/**
 * What the user will ask of the model: one sequence holds the prompt, the reasoning trace and the answer;
 * {@code samples} parallel samples of one prompt (self-consistency, best-of-N) and {@code concurrency} independent
 * requests each need their own thinking and answer.
 */
public record Workload(int promptTokens, int reasoningBudgetTokens, int answerTokens, int samples, int concurrency) {

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
