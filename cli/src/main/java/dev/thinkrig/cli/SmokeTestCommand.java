package dev.thinkrig.cli;

import dev.thinkrig.cli.render.Formats;
import dev.thinkrig.cli.render.Style;
import dev.thinkrig.cli.render.Text;
import dev.thinkrig.deploy.api.ChatEngine;
import dev.thinkrig.deploy.api.EngineApiException;
import dev.thinkrig.deploy.api.OllamaApi;
import dev.thinkrig.deploy.api.OpenAiApi;
import dev.thinkrig.deploy.smoke.SmokeReport;
import dev.thinkrig.deploy.smoke.SmokeTest;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code thinkrig smoke-test --endpoint URL}: a reasoning prompt with a checkable answer against a running engine. */
@Command(
        name = "smoke-test",
        mixinStandardHelpOptions = true,
        description = {
            "Send a reasoning prompt with a checkable answer to a running Ollama, vLLM or NIM endpoint.",
            "Passes when the answer is right and a reasoning trace came back; reports time to first token, thinking "
                    + "tokens and decode speed."
        })
public final class SmokeTestCommand implements Callable<Integer> {

    /** Which API to speak. */
    enum Api {
        AUTO,
        OLLAMA,
        OPENAI
    }

    private final Environment environment;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--endpoint",
            required = true,
            paramLabel = "URL",
            description =
                    "Base URL of the engine: http://127.0.0.1:11434 (Ollama) or http://127.0.0.1:8000 (vLLM, NIM)")
    URI endpoint;

    @Option(
            names = "--model",
            paramLabel = "NAME",
            description = "Model name as the engine knows it (default: the only model it serves)")
    String model;

    @Option(
            names = "--api",
            paramLabel = "API",
            defaultValue = "auto",
            description = "auto, ollama or openai (default: ${DEFAULT-VALUE}: Ollama when /api/version answers)")
    Api api;

    @Option(
            names = "--api-key-env",
            paramLabel = "VAR",
            description = "Environment variable holding the API key (vLLM --api-key); the key is never printed")
    String apiKeyEnv;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            defaultValue = "600",
            description = "How long the whole test may take, from the first probe to the answer's last token, model "
                    + "loading included: 1 to 86400 (default: ${DEFAULT-VALUE})")
    long timeoutSeconds;

    /** The longest --timeout: a day. A smoke test's answer takes seconds to minutes; a day means "no limit". */
    static final long MAX_TIMEOUT_SECONDS = 86_400;

    /** The most time a probe of the API (its version, its model list) may take, within the --timeout. */
    private static final Duration PROBE = Duration.ofSeconds(10);

    @Mixin
    FormatMixin output;

    public SmokeTestCommand(Environment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        if (timeoutSeconds < 1 || timeoutSeconds > MAX_TIMEOUT_SECONDS) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--timeout " + timeoutSeconds + ": must be 1 to " + MAX_TIMEOUT_SECONDS + " seconds");
        }
        String key = apiKeyEnv == null ? null : environment.env().get(apiKeyEnv);
        if (apiKeyEnv != null && (key == null || key.isBlank())) {
            throw new IllegalArgumentException("--api-key-env " + apiKeyEnv + ": that variable is not set");
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
        PrintWriter out = spec.commandLine().getOut();
        SmokeReport report;
        boolean ollama = api == Api.OLLAMA;
        try {
            ollama = switch (api) {
                case OLLAMA -> true;
                case OPENAI -> false;
                case AUTO -> isOllama(probe(deadline));
            };
            ChatEngine engine;
            String name = model;
            if (ollama) {
                OllamaApi o = new OllamaApi(endpoint);
                name = name != null ? name : only(o.tags(probe(deadline)), "/api/tags");
                engine = o;
            } else {
                OpenAiApi o = new OpenAiApi(endpoint, key);
                name = name != null ? name : only(o.models(probe(deadline)), "/v1/models");
                engine = o;
            }
            report = SmokeTest.run(engine, name, remaining(deadline));
        } catch (EngineApiException caught) {
            EngineApiException e = caught.kind() == EngineApiException.Kind.TIMEOUT
                    ? new EngineApiException(
                            caught.kind(),
                            caught.getMessage() + ": the whole test had --timeout " + timeoutSeconds + " s",
                            caught)
                    : caught;
            if (!output.table()) {
                // a script reading stdout gets an answer it can parse; stderr and the exit code say the same
                out.println(Formats.write(new Unreachable(endpoint.toString(), false, e.getMessage()), output.format));
                out.flush();
            }
            throw e;
        }
        if (!output.table()) {
            out.println(Formats.write(report, output.format));
        } else {
            render(
                    out,
                    new Style(environment.colour()),
                    report,
                    endpoint.toString(),
                    ollama ? "Ollama API" : "OpenAI-compatible API");
        }
        out.flush();
        return report.passed() ? ExitCode.OK.code : ExitCode.SMOKE_TEST_FAILED.code;
    }

    /** What {@code --format json|yaml} prints when the endpoint could not be asked: no report, and why. */
    record Unreachable(String endpoint, boolean passed, String error) {}

    /** What is left of the --timeout; the engine call that finds none left times out at once. */
    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
    }

    private static Duration probe(long deadline) {
        Duration left = remaining(deadline);
        return left.compareTo(PROBE) < 0 ? left : PROBE;
    }

    private boolean isOllama(Duration probe) {
        try {
            new OllamaApi(endpoint).version(probe);
            return true;
        } catch (EngineApiException e) {
            if (e.kind() == EngineApiException.Kind.UNREACHABLE) {
                throw e;
            }
            return false;
        }
    }

    private String only(List<String> models, String listing) {
        if (models.size() == 1) {
            return models.get(0);
        }
        throw new IllegalArgumentException((models.isEmpty()
                        ? endpoint + listing + " lists no model"
                        : endpoint + listing + " lists " + String.join(", ", models))
                + "; name one with --model");
    }

    static void render(PrintWriter out, Style style, SmokeReport r, String endpoint, String apiName) {
        out.printf("Smoke test of %s at %s (%s)%n%n", style.bold(r.model()), endpoint, apiName);
        out.printf(
                "  %s  answer '%s' (expected %s); reasoning trace: %s%n",
                r.passed() ? style.good("PASS") : style.bad("FAIL"),
                r.answer().length() > 60 ? r.answer().substring(0, 60) + "..." : r.answer(),
                r.expectedAnswer(),
                switch (r.trace()) {
                    case THINKING_FIELD -> "message.thinking";
                    case REASONING_FIELD -> "reasoning";
                    case REASONING_CONTENT_FIELD -> "reasoning_content";
                    case INLINE_THINK_TAGS -> "inline <think> tags";
                    case NONE -> "none";
                });
        r.problems().forEach(p -> out.printf("        - %s%n", p));
        r.warnings().forEach(w -> out.printf("  warning: %s%n", w));
        out.printf(
                "  time to first token  %s%n",
                r.timeToFirstTokenSeconds().isPresent()
                        ? Text.duration(r.timeToFirstTokenSeconds().getAsDouble())
                        : "none: nothing was streamed");
        out.printf("  thinking             %s%n", Text.count(r.thinkingTokens(), "token"));
        out.printf(
                "  decode               %s%n",
                r.decodeTokensPerSecond().isPresent()
                        ? Text.rate(r.decodeTokensPerSecond().getAsDouble())
                        : "not measured: fewer than two pieces streamed and no rate from the engine");
    }
}
