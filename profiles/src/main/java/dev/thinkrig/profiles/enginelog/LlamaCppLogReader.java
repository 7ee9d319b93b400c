package dev.thinkrig.profiles.enginelog;

import dev.thinkrig.profiles.gguf.GgufFileType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * llama.cpp's start-up log (llama-server, llama-cli, and the runner inside Ollama): the buffer lines of
 * src/llama-model.cpp ({@code load_tensors: CUDA0 model buffer size}; {@code llm_load_tensors: ... buffer size} before
 * the 2025 refactor), src/llama-kv-cache*.cpp ({@code KV buffer size}; older {@code llama_kv_cache_init}) and
 * src/llama-context.cpp ({@code compute buffer size}), with the context's {@code n_ctx}, {@code n_seq_max}, {@code
 * flash_attn} and the cache types.
 */
final class LlamaCppLogReader {

    static final Pattern MARKERS = Pattern.compile(
            "model buffer size|KV buffer size|compute buffer size|llama_model_loader:|llm_load_tensors");

    private static final Pattern BUILD = Pattern.compile("^(?:main: )?build: (\\d+) \\(");
    private static final Pattern MODEL_BUFFER =
            Pattern.compile("(?:load_tensors|llm_load_tensors):\\s+(\\S+) (?:model )?buffer size =\\s+([\\d.]+) MiB");
    private static final Pattern KV_BUFFER = Pattern.compile("(\\S+) KV buffer size =\\s+([\\d.]+) MiB");
    private static final Pattern KV_SELF = Pattern.compile("KV self size\\s+=\\s+([\\d.]+) MiB");
    private static final Pattern COMPUTE = Pattern.compile("(\\S+) compute buffer size =\\s+([\\d.]+) MiB");
    private static final Pattern N_CTX = Pattern.compile("\\bn_ctx\\s+=\\s+(\\d+)");
    private static final Pattern N_SEQ = Pattern.compile("\\bn_seq_max\\s+=\\s+(\\d+)");
    private static final Pattern FLASH = Pattern.compile("\\bflash_attn\\s+=\\s+(\\w+)");
    private static final Pattern TYPE_K = Pattern.compile("type_k = '(\\w+)'|\\bK \\((\\w+)\\):");
    private static final Pattern NAME = Pattern.compile("general\\.name\\s+(?:str\\s+)?=\\s+(.+?)\\s*$");
    private static final Pattern FILE_TYPE = Pattern.compile("(?:file type|model ftype)\\s+=\\s+(.+?)\\s*$");
    private static final Pattern FILE_TYPE_ID = Pattern.compile("general\\.file_type\\s+u32\\s+=\\s+(\\d+)");
    private static final Pattern UNIFIED = Pattern.compile("\\bkv_unified\\s+=\\s+(\\w+)");
    private static final Pattern UBATCH = Pattern.compile("\\bn_ubatch\\s+=\\s+(\\d+)");
    private static final Pattern OUTPUTS_MAX = Pattern.compile("\\bn_outputs_max\\s+=\\s+(\\d+)");
    private static final Pattern OFFLOADED = Pattern.compile("offloaded (\\d+)/(\\d+) layers to GPU");

    private LlamaCppLogReader() {}

    static EngineLog read(List<String> lines, LogEngine engine, Optional<String> version) {
        Map<String, Double> model = new LinkedHashMap<>();
        Map<String, Double> kv = new LinkedHashMap<>();
        Map<String, Double> compute = new LinkedHashMap<>();
        int[] firstLine = new int[3];
        double kvSelf = -1;
        int kvSelfLine = 0;
        Optional<String> build = Optional.empty();
        Optional<String> name = Optional.empty();
        Optional<String> fileType = Optional.empty();
        Optional<String> kvType = Optional.empty();
        Optional<Boolean> flash = Optional.empty();
        OptionalInt nCtx = OptionalInt.empty();
        int nCtxLine = 0;
        OptionalInt nSeq = OptionalInt.empty();
        Optional<Boolean> unified = Optional.empty();
        OptionalInt ubatch = OptionalInt.empty();
        OptionalInt outputsMax = OptionalInt.empty();
        Map<String, Double> repacked = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int n = i + 1;
            Matcher m;
            if (build.isEmpty() && (m = BUILD.matcher(line)).find()) {
                build = Optional.of("b" + m.group(1));
            }
            if (name.isEmpty() && (m = NAME.matcher(line)).find()) {
                name = Optional.of(m.group(1));
            }
            if (fileType.isEmpty() && (m = FILE_TYPE.matcher(line)).find()) {
                fileType = Optional.of(m.group(1));
            }
            if (fileType.isEmpty() && (m = FILE_TYPE_ID.matcher(line)).find()) {
                // the metadata dump gives llama_ftype's number (include/llama.h), which GgufFileType names
                fileType = Optional.of(GgufFileType.name(Long.parseLong(m.group(1))));
            }
            if ((m = MODEL_BUFFER.matcher(line)).find() && m.group(1).endsWith("_REPACK")) {
                // the CPU backend's repacked copy of tensors the mapped buffer already holds (ggml-cpu repack.cpp):
                // shown, not counted again
                repacked.merge(m.group(1), Double.parseDouble(m.group(2)), Double::sum);
            } else if ((m = MODEL_BUFFER.matcher(line)).find()) {
                add(model, m.group(1), m.group(2), firstLine, 0, n);
            } else if ((m = KV_BUFFER.matcher(line)).find()) {
                add(kv, m.group(1), m.group(2), firstLine, 1, n);
            } else if ((m = COMPUTE.matcher(line)).find()) {
                add(compute, m.group(1), m.group(2), firstLine, 2, n);
            }
            if (kvSelf < 0 && (m = KV_SELF.matcher(line)).find()) {
                kvSelf = Double.parseDouble(m.group(1));
                kvSelfLine = n;
            }
            if (nCtx.isEmpty() && (m = N_CTX.matcher(line)).find()) {
                nCtx = OptionalInt.of(Integer.parseInt(m.group(1)));
                nCtxLine = n;
            }
            if (nSeq.isEmpty() && (m = N_SEQ.matcher(line)).find()) {
                nSeq = OptionalInt.of(Integer.parseInt(m.group(1)));
            }
            if (unified.isEmpty() && (m = UNIFIED.matcher(line)).find()) {
                unified = Optional.of(m.group(1).equals("true"));
            }
            if (ubatch.isEmpty() && (m = UBATCH.matcher(line)).find()) {
                ubatch = OptionalInt.of(Integer.parseInt(m.group(1)));
            }
            if (outputsMax.isEmpty() && (m = OUTPUTS_MAX.matcher(line)).find()) {
                outputsMax = OptionalInt.of(Integer.parseInt(m.group(1)));
            }
            if (flash.isEmpty() && (m = FLASH.matcher(line)).find()) {
                String v = m.group(1).toLowerCase(Locale.ROOT);
                if (!v.equals("auto")) {
                    flash = Optional.of(v.equals("1") || v.equals("true") || v.equals("enabled"));
                }
            }
            if (kvType.isEmpty() && (m = TYPE_K.matcher(line)).find()) {
                kvType = Optional.of(m.group(1) != null ? m.group(1) : m.group(2));
            }
            if ((m = OFFLOADED.matcher(line)).find() && !m.group(1).equals(m.group(2))) {
                notes.add(String.format("only %s of %s layers were offloaded to the GPU", m.group(1), m.group(2)));
            }
        }
        List<LogFigure> figures = new ArrayList<>();
        figure(figures, LogTerm.WEIGHTS, model, firstLine[0], "model buffers");
        if (!kv.isEmpty()) {
            figure(figures, LogTerm.KV_CACHE, kv, firstLine[1], "KV buffers");
        } else if (kvSelf >= 0) {
            figures.add(new LogFigure(LogTerm.KV_CACHE, mib(kvSelf), kvSelfLine, "KV self size"));
        }
        figure(figures, LogTerm.COMPUTE_BUFFER, compute, firstLine[2], "compute buffers");
        if (nCtx.isPresent()) {
            figures.add(new LogFigure(LogTerm.KV_CAPACITY_TOKENS, nCtx.getAsInt(), nCtxLine, "n_ctx"));
        }
        int seqs = nSeq.orElse(1);
        LogSetup setup = new LogSetup(
                name,
                fileType,
                nCtx.isPresent() ? OptionalInt.of(nCtx.getAsInt() / seqs) : OptionalInt.empty(),
                OptionalInt.empty(),
                java.util.OptionalDouble.empty(),
                nSeq,
                kvType,
                flash,
                java.util.OptionalLong.empty(),
                OptionalInt.empty(),
                unified,
                ubatch,
                outputsMax);
        repacked.forEach((buffer, mib) -> notes.add(String.format(
                Locale.ROOT,
                "%s %.2f MiB is a repacked copy of weights the mapped buffer holds (not counted in weights)",
                buffer,
                mib)));
        return new EngineLog(engine, version.isPresent() ? version : build, setup, figures, Optional.empty(), notes);
    }

    private static void add(Map<String, Double> sums, String device, String mib, int[] first, int slot, int line) {
        sums.merge(device, Double.parseDouble(mib), Double::sum);
        if (first[slot] == 0) {
            first[slot] = line;
        }
    }

    private static void figure(List<LogFigure> figures, LogTerm term, Map<String, Double> sums, int line, String what) {
        if (sums.isEmpty()) {
            return;
        }
        double total = sums.values().stream().mapToDouble(Double::doubleValue).sum();
        StringBuilder detail = new StringBuilder(what).append(" (");
        sums.forEach((device, mib) -> detail.append(detail.charAt(detail.length() - 1) == '(' ? "" : ", ")
                .append(device)
                .append(' ')
                .append(String.format(Locale.ROOT, "%.2f MiB", mib)));
        figures.add(new LogFigure(term, mib(total), line, detail.append(')').toString()));
    }

    private static long mib(double mib) {
        return Math.round(mib * 1024 * 1024);
    }
}
