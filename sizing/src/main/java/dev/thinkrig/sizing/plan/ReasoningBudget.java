package dev.thinkrig.sizing.plan;

import dev.thinkrig.sizing.model.ModelSpec;
import dev.thinkrig.sizing.model.ReasoningMode;
import java.util.Locale;

/**
 * Turns {@code --reasoning-budget N|none|low|medium|high} into tokens for a model.
 *
 * <p>{@code high} is the vendor's recommended budget from the catalog (32,768 for DeepSeek-R1 and Qwen3, the maximum
 * generation length their papers evaluated with). {@code medium} and {@code low} are thinkrig's shorter settings, a half
 * and an eighth of it, for users who cap thinking (vLLM's thinking_token_budget, Ollama's think levels).
 */
public final class ReasoningBudget {

    private ReasoningBudget() {}

    public static int resolve(String text, ModelSpec model) {
        String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        int high = model.defaultReasoningBudget();
        switch (value) {
            case "", "default", "high":
                return high;
            case "medium":
                return high / 2;
            case "low":
                return high / 8;
            case "none", "0":
                return 0;
            default:
                break;
        }
        int tokens;
        try {
            tokens = Integer.parseInt(value.replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new PlanException(
                    "--reasoning-budget must be a number of tokens or none, low, medium or high, was '" + text + "'");
        }
        if (tokens < 0) {
            throw new PlanException("--reasoning-budget cannot be negative, was " + tokens);
        }
        if (tokens > 0 && model.reasoningMode() == ReasoningMode.NONE) {
            throw new PlanException(model.name() + " does not reason; use --reasoning-budget none");
        }
        return tokens;
    }
}
