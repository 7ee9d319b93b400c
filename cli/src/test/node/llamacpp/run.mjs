// Loads one GGUF in the real llama.cpp (node-llama-cpp's prebuilt CPU build, no GPU, no download) and creates one
// context per setup of the job file, writing what llama.cpp logged for the model load and that context to
// OUT/<setup id>.log. With "decodeTokens" it also decodes that many tokens after a short prompt and writes
// OUT/decode.json with the wall time of the decoding alone. Usage: node run.mjs JOB.json OUT
import {getLlama, LlamaLogLevel} from "node-llama-cpp";
import {readFileSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import {availableParallelism} from "node:os";

const [jobFile, out] = process.argv.slice(2);

// llama.cpp's log reaches the logger through node's event queue, after the call that printed it may have returned:
// wait (at most 10 s) until the line a step ends with has arrived, so that each log file holds its own lines
async function arrived(pattern) {
    for (let waited = 0; waited < 10000 && !lines.some(l => pattern.test(l)); waited += 20) {
        await new Promise(resolve => setTimeout(resolve, 20));
    }
}
const job = JSON.parse(readFileSync(jobFile, "utf8"));
let lines = [];
const llama = await getLlama({
    gpu: false,
    build: "never",
    logLevel: LlamaLogLevel.info,
    logger: (level, message) => lines.push(String(message).replace(/\n$/, "")),
});
// mmap, as llama.cpp loads by default: the holes read as zero pages (llama.cpp populates the mapping, so a file
// costs its size in page cache for a moment; the shapes are chosen to fit)
let model;
try {
    model = await llama.loadModel({modelPath: job.model, useMmap: true, ignoreMemorySafetyChecks: true});
} catch (e) {
    // what llama.cpp said about the file is the useful part of the failure
    process.stderr.write(lines.slice(-40).join("\n") + "\n");
    throw e;
}
await arrived(/model buffer size/);
const load = lines;
for (const setup of job.setups) {
    lines = [];
    let context;
    try {
        context = await model.createContext({
            contextSize: setup.contextSize,
            sequences: setup.sequences,
            flashAttention: setup.flashAttention,
            batchSize: 512,
            // one thread per core: node-llama-cpp's default left both cores of a 2-core machine spinning at
            // 3.4 s per token on a 1.5B model (47 ms with this)
            threads: availableParallelism(),
            experimentalKvCacheKeyType: setup.kvType,
            experimentalKvCacheValueType: setup.kvType,
            ignoreMemorySafetyChecks: true,
        });
        await arrived(/compute buffer size/);
    } catch (e) {
        // a setup llama.cpp refuses (a quantized V cache without flash attention): its log and the refusal
        writeFileSync(join(out, setup.id + ".log"), [...load, ...lines, "error: " + e.message].join("\n") + "\n");
        continue;
    }
    if (setup.decodeTokens) {
        const sequence = context.getSequence();
        const prompt = model.tokenize("The sum of 17 and 25 is");
        await sequence.evaluateWithoutGeneratingNewTokens(prompt);
        // one token per forward pass, as llama-bench's tg test: the weights and the KV cache read once each
        const token = prompt[prompt.length - 1];
        const started = process.hrtime.bigint();
        for (let i = 0; i < setup.decodeTokens; i++) {
            await sequence.evaluateWithoutGeneratingNewTokens([token]);
        }
        const decoded = setup.decodeTokens;
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        writeFileSync(join(out, setup.id + ".decode.json"), JSON.stringify({tokens: decoded, seconds}) + "\n");
    }
    await context.dispose();
    writeFileSync(join(out, setup.id + ".log"), [...load, ...lines].join("\n") + "\n");
}
await model.dispose();
await llama.dispose();
