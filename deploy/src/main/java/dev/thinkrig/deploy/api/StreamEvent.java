package dev.thinkrig.deploy.api;

/**
 * One piece of a streamed chat answer, stamped with when it arrived.
 *
 * @param reasoning text of the reasoning trace in this piece (Ollama {@code thinking}, vLLM {@code reasoning} or
 *     {@code reasoning_content}); empty when none
 * @param content text of the answer in this piece
 * @param nanos {@link System#nanoTime()} when the piece was read
 */
public record StreamEvent(String reasoning, String content, long nanos) {}
