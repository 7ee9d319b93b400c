package dev.thinkrig.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Every exit code thinkrig returns, with the two texts that describe it: the line {@code thinkrig --help} prints and
 * the row of docs/cli.md's table. Both are generated from here ({@link #helpFooter}, {@link #markdownTable}); a test
 * holds docs/cli.md to the generated table, and {@code ExitCodeCasesTest} runs a case for every code.
 */
public enum ExitCode {
    OK(0, "success (plan: a configuration fits)", "success (`plan`: a configuration fits)"),

    INTERNAL_ERROR(
            1,
            "unexpected error (run with --verbose for the stack trace)",
            "unexpected error (a bug): the message says what failed; `--verbose` shows the stack trace"),

    USAGE(
            2,
            "usage error: no command, unknown option, bad value or one out of range, contradictory options",
            "usage error: no command, unknown option, bad value or one outside its range (the message gives the range),"
                    + " contradictory options (`--engine vllm --kv-cache-type q8_0`, a budget that does not fit the"
                    + " context)"),

    DOES_NOT_FIT(
            3,
            "plan, compose: nothing fits on this hardware (the output says why; compose writes nothing)",
            "`plan`: nothing fits; the output says why and shows the closest configuration. `compose`: nothing fits,"
                    + " nothing written"),

    UNKNOWN_NAME(
            4,
            "unknown model or hardware preset (closest names suggested)",
            "unknown model or hardware preset; the closest names are suggested"),

    BAD_PROFILE(
            5,
            "malformed catalog, preset, user, model or support-bundle file (file:line:column, or file: at byte N)",
            "malformed catalog, preset or user file, reported as `file:line:column: message` (a number outside its"
                    + " range, a duplicate key, a size without a unit); a user template override that does not render;"
                    + " a support bundle (`detect --replay`) whose manifest is missing, corrupt or names files it lacks;"
                    + " or a model file thinkrig cannot read or plan (wrong magic, truncated, corrupt header, unknown"
                    + " architecture or quantization), reported as `file: at byte N: message`"),

    DETECTION_FAILED(
            6,
            "detection failed: a hardware tool's output could not be read (use --hardware)",
            "detection failed: a hardware tool answered something thinkrig cannot read; `--hardware PRESET` plans"
                    + " without detecting"),

    ENGINE_UNREACHABLE(
            7,
            "an engine endpoint or the Docker engine does not answer, answers with an error, or too slowly",
            "an engine endpoint, or the Docker engine (`deploy`, `status`, `logs`, `down`), does not answer, answers"
                    + " with an HTTP or engine error, or does not finish its answer within `--timeout`; DOCKER_HOST that"
                    + " is no Docker address (`ssh://`, `http://`, malformed) or points at something other than a Docker"
                    + " engine, with what to write instead"),

    SMOKE_TEST_FAILED(
            8,
            "smoke test failed: wrong or empty answer, or no reasoning trace",
            "smoke test failed: the answer is wrong, empty or holds control characters, or no reasoning trace came"
                    + " back"),

    OUTPUT_REFUSED(
            9,
            "compose, detect --record: the output directory is not thinkrig's to write, or cannot be written",
            "`compose`: the output directory holds files thinkrig did not write (or that were changed since); nothing"
                    + " written, `--force` overrides. `detect --record DIR`: DIR exists (a support bundle goes into a"
                    + " new directory). Also when the file system refuses the write, part-way included: nothing of the new output is"
                    + " left, an earlier output directory is as it was"),

    DOCKER_PERMISSION_DENIED(
            10,
            "deploy, status, logs, down: permission denied on the Docker socket",
            "`deploy`, `status`, `logs`, `down`: permission denied on the Docker socket (join the `docker` group or use"
                    + " rootless Docker); the message names the socket. Tested for real by `DockerPermissionIT`, which"
                    + " runs the packaged jar as `nobody` (needs root; it must run under `CI=true`)"),

    NO_GPU_ACCESS(
            11,
            "deploy: the plan needs NVIDIA GPUs and Docker has no GPU access (nvidia runtime or CDI)",
            "`deploy`: the plan needs NVIDIA GPUs and the Docker engine has no GPU access (no `nvidia` runtime, no"
                    + " `nvidia.com/gpu` CDI devices); nothing was pulled"),

    PULL_FAILED(
            12,
            "deploy: the engine image or the model could not be pulled",
            "`deploy`: the engine image could not be pulled (unknown or refused), or Ollama could not pull the model"),

    PORT_TAKEN(
            13,
            "deploy: the port to publish is already taken",
            "`deploy`: the port to publish is already taken on this machine"),

    EXITED_AT_START(
            14,
            "deploy: the engine container exited during start-up, model pull or smoke test (its log shown)",
            "`deploy`: the engine container (or the native `ollama serve`) exited during start-up, the model pull or"
                    + " the smoke test (killed for memory when the model loads, say); its last log lines are shown, read"
                    + " before it is removed, CUDA out of memory and vLLM's maximum model length messages with advice"),

    READINESS_TIMEOUT(
            15,
            "deploy: the engine did not become ready in time",
            "`deploy`: the engine did not answer its readiness endpoint in time (Ollama 5 min, vLLM and NIM 60 min); the"
                    + " message says what was last seen"),

    DISK_TOO_SMALL(
            16,
            "deploy: not enough free disk space for the model's weights (nothing pulled or created)",
            "`deploy`: the planned model weights need more disk space than is free where they are downloaded (Docker's"
                    + " data root for Ollama's volume, the host cache directory for vLLM and NIM); the message gives"
                    + " both figures; nothing was pulled or created"),

    REGISTRY_AUTH_FAILED(
            17,
            "deploy: registry authentication failed (nvcr.io: NGC_API_KEY missing or refused)",
            "`deploy`: registry authentication failed: the image's registry answered 401 (credentials missing or"
                    + " refused; for `nvcr.io`, `NGC_API_KEY`); nothing was created"),

    ENGINE_NOT_INSTALLED(
            18,
            "deploy: the plan runs the native Ollama (a Mac) and it is not installed (the message says how)",
            "`deploy`: the plan runs the native Ollama (a Mac) and no `ollama` is on `PATH` or in"
                    + " `/Applications/Ollama.app`; the message says how to install it (`brew install ollama`, or the"
                    + " app from https://ollama.com/download); nothing was started"),

    UNREADABLE_LOG(
            19,
            "check-log: the input is not a vLLM, Ollama or llama.cpp start-up log (the expected lines named)",
            "`check-log`: the input is not a start-up log of vLLM, Ollama or llama.cpp; the message names the lines it"
                    + " looked for. A corrupt or foreign calibration file is exit 5, naming the file"),

    DEPLOYMENT_BUSY(
            20,
            "deploy, down: another deploy or down of the same deployment is running",
            "`deploy`, `down`: another thinkrig `deploy` or `down` of the same deployment is running on this machine"
                    + " (its pid named); nothing was changed. The lock is a file in `$XDG_RUNTIME_DIR/thinkrig/locks`"
                    + " (else the temporary directory), released when that process ends, however it ends");

    /** The width --help's footer is wrapped to, its continuation lines indented under the text. */
    static final int HELP_WIDTH = 80;

    public final int code;
    private final String summary;
    private final String description;

    ExitCode(int code, String summary, String description) {
        this.code = code;
        this.summary = summary;
        this.description = description;
    }

    /** The footer of {@code thinkrig --help}: a line a code, wrapped under its text, never past {@link #HELP_WIDTH}. */
    static String[] helpFooter() {
        List<String> lines = new ArrayList<>(List.of("", "Exit codes:"));
        for (ExitCode c : values()) {
            String lead = String.format("  %-4d", c.code);
            StringBuilder line = new StringBuilder(lead);
            for (String word : c.summary.split(" ")) {
                if (line.length() > lead.length() && line.length() + 1 + word.length() > HELP_WIDTH) {
                    lines.add(line.toString());
                    line = new StringBuilder(" ".repeat(lead.length()));
                }
                if (line.length() > lead.length() && !line.toString().isBlank()) {
                    line.append(' ');
                }
                line.append(word);
            }
            lines.add(line.toString());
        }
        return lines.toArray(String[]::new);
    }

    /** docs/cli.md's exit-code table, one row a code. */
    static String markdownTable() {
        StringBuilder s = new StringBuilder("| code | meaning |\n|---|---|\n");
        for (ExitCode c : values()) {
            s.append("| ").append(c.code).append(" | ").append(c.description).append(" |\n");
        }
        return s.toString();
    }
}
