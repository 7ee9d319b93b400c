package dev.thinkrig.sizing.model;

/**
 * The mixture-of-experts part of a shape (config.json {@code num_experts} / {@code n_routed_experts},
 * {@code num_experts_per_tok}, {@code moe_intermediate_size}, {@code n_shared_experts},
 * {@code first_k_dense_replace}).
 *
 * @param count routed experts per MoE layer
 * @param perToken routed experts each token uses (top-k)
 * @param ffnSize intermediate size of one routed expert
 * @param shared shared experts every token uses (DeepSeek: 1; Qwen3 and gpt-oss: 0)
 * @param leadingDenseLayers layers at the start with a dense MLP of the shape's intermediate size instead of experts
 */
public record Experts(int count, int perToken, long ffnSize, int shared, int leadingDenseLayers) {

    public Experts {
        if (count < 2) {
            throw new IllegalArgumentException("experts.count must be at least 2, was " + count);
        }
        if (perToken < 1 || perToken > count) {
            throw new IllegalArgumentException(
                    "experts.perToken must be between 1 and " + count + " (experts.count), was " + perToken);
        }
        if (ffnSize <= 0) {
            throw new IllegalArgumentException("experts.ffnSize must be positive, was " + ffnSize);
        }
        if (shared < 0 || leadingDenseLayers < 0) {
            throw new IllegalArgumentException("experts.shared and experts.leadingDenseLayers cannot be negative");
        }
    }

    /** Share of the routed experts one token reads. */
    public double activeShare() {
        return (double) perToken / count;
    }

    /**
     * Share of the routed experts a decode step reads when {@code sequences} tokens are routed independently and
     * uniformly: {@code 1 - (1 - k/E)^sequences}. An assumption (real routers are skewed, which lowers it); it makes a
     * batch of 8 on Qwen3-30B-A3B read 41% of the experts rather than 6%.
     */
    public double batchShare(int sequences) {
        return 1 - Math.pow(1 - activeShare(), Math.max(1, sequences));
    }
}
