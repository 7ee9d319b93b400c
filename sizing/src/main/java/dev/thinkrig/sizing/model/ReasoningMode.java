package dev.thinkrig.sizing.model;

/** Whether and how a model thinks before it answers. */
public enum ReasoningMode {
    /** Always emits a reasoning trace (DeepSeek-R1 and its distills, QwQ). */
    ALWAYS,
    /** Thinking can be switched on and off per request (Qwen3's enable_thinking). */
    HYBRID,
    /** An instruct model without a reasoning trace (Llama-3.3-70B-Instruct). */
    NONE
}
