package dev.thinkrig.deploy.smoke;

import dev.thinkrig.deploy.api.ChatEngine;
import dev.thinkrig.deploy.api.ChatResult;
import dev.thinkrig.deploy.api.StreamEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reasoning prompt with a checkable answer, sent the engine's way: passes when the final answer is right and a
 * reasoning trace came back.
 */
public final class SmokeTest {

    /** Short enough that a small distill thinks in seconds, with one unambiguous answer. */
    public static final String PROMPT =
            "A warehouse has 17 shelves with 23 boxes on each shelf. How many boxes are there"
                    + " in total? Think it through, then give the final answer as a single number.";

    public static final String EXPECTED = "391";

    /** Room for a small model's thinking on a two-digit multiplication, with a margin. */
    public static final int MAX_TOKENS = 4096;

    private static final Pattern NUMBER = Pattern.compile("-?\\d[\\d,]*(?:\\.\\d+)?");

    private SmokeTest() {}

    public static SmokeReport run(ChatEngine engine, String model, Duration timeout) {
        return judge(model, engine.chat(model, PROMPT, MAX_TOKENS, timeout));
    }

    /** Checks a finished chat: the answer, where the trace came from, and the speed the stream showed. */
    static SmokeReport judge(String model, ChatResult chat) {
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        String reasoning = chat.reasoning();
        String content = chat.content();
        SmokeReport.Trace trace;
        long thinkingTokens;
        String answer;
        int close = content.indexOf("</think>");
        if (!reasoning.isBlank()) {
            trace = switch (chat.reasoningField()) {
                case "thinking" -> SmokeReport.Trace.THINKING_FIELD;
                case "reasoning" -> SmokeReport.Trace.REASONING_FIELD;
                default -> SmokeReport.Trace.REASONING_CONTENT_FIELD;
            };
            thinkingTokens = chat.reasoningTokens()
                    .orElse(chat.events().stream()
                            .filter(e -> !e.reasoning().isEmpty())
                            .count());
            answer = close >= 0 ? content.substring(close + "</think>".length()) : content;
        } else if (close >= 0) {
            // R1 distills without a reasoning parser put the whole trace in content, often without the opening tag
            trace = SmokeReport.Trace.INLINE_THINK_TAGS;
            warnings.add(
                    "the reasoning trace came inline in the answer between <think> tags: the server runs without a "
                            + "reasoning parser for this model (vLLM: --reasoning-parser deepseek_r1 or qwen3)");
            thinkingTokens = countUntilClose(chat.events());
            answer = content.substring(close + "</think>".length());
        } else {
            trace = SmokeReport.Trace.NONE;
            thinkingTokens = 0;
            answer = content;
            problems.add("no reasoning trace came back (no thinking / reasoning field and no <think> tags): the model "
                    + "did not think, or thinking is switched off");
        }
        answer = answer.strip();
        boolean correct = false;
        if (answer.isEmpty()) {
            problems.add("the answer is empty"
                    + (chat.events().isEmpty()
                            ? " (the engine streamed nothing)"
                            : "" + " (the model may have spent its " + MAX_TOKENS + " tokens thinking)"));
        } else if (hasControlCharacters(answer)) {
            // an answer that clears the screen or retitles the window around the right number is not a right answer
            problems.add("the answer holds control characters (terminal escape sequences), which no model's answer "
                    + "should: the endpoint may not be the engine it claims to be");
        } else {
            String last = lastNumber(answer);
            correct = EXPECTED.equals(last);
            if (!correct) {
                problems.add("wrong answer: expected " + EXPECTED + ", got "
                        + (last == null ? "no number in '" + shorten(answer) + "'" : last));
            }
        }
        OptionalDouble ttft = chat.events().isEmpty()
                ? OptionalDouble.empty()
                : OptionalDouble.of((chat.events().get(0).nanos() - chat.requestNanos()) / 1e9);
        return new SmokeReport(
                model, EXPECTED, answer, correct, trace, thinkingTokens, ttft, decodeRate(chat), problems, warnings);
    }

    /** The engine's own decode rate where it reports one, else generated pieces over the streaming time. */
    private static OptionalDouble decodeRate(ChatResult chat) {
        if (chat.engineDecodeTokensPerSecond().isPresent()) {
            return chat.engineDecodeTokensPerSecond();
        }
        List<StreamEvent> events = chat.events();
        if (events.size() < 2) {
            return OptionalDouble.empty();
        }
        double seconds = (events.get(events.size() - 1).nanos() - events.get(0).nanos()) / 1e9;
        long tokens = chat.completionTokens().orElse(events.size());
        return seconds <= 0 ? OptionalDouble.empty() : OptionalDouble.of((tokens - 1) / seconds);
    }

    private static long countUntilClose(List<StreamEvent> events) {
        StringBuilder seen = new StringBuilder();
        long n = 0;
        for (StreamEvent e : events) {
            seen.append(e.content());
            if (seen.indexOf("</think>") >= 0) {
                break;
            }
            n++;
        }
        return n;
    }

    /** C0 controls other than tab and line breaks, DEL, and C1 controls (ESC and CSI start escape sequences). */
    static boolean hasControlCharacters(String text) {
        return text.chars()
                .anyMatch(c -> (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7f && c <= 0x9f));
    }

    static String lastNumber(String text) {
        Matcher m = NUMBER.matcher(text);
        String last = null;
        while (m.find()) {
            last = m.group().replace(",", "");
        }
        return last;
    }

    private static String shorten(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
