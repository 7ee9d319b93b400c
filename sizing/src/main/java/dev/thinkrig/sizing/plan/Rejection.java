package dev.thinkrig.sizing.plan;

/** A family of configurations that cannot serve the request ({@code vllm BF16}, {@code nim}), and why. */
public record Rejection(String what, String why) {}
