// Parses each DIR/*.gguf with @huggingface/gguf and compares it with what thinkrig read (DIR/NAME.thinkrig.json):
// version, data offset, metadata values and array lengths, and per tensor name, ggml type, shape, offset and bytes.
// Bytes come from the library's own GGML_QUANT_SIZES (bits per weight per type), so they check thinkrig's block table
// independently. Exits 1 on the first file that differs. Usage: node crosscheck.mjs DIR
import { gguf } from "@huggingface/gguf";
import { readdirSync, readFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { pathToFileURL, fileURLToPath } from "node:url";

// GGML_QUANT_SIZES is not in the package's export map; it lives in a bundled chunk of the pinned version
const dist = join(dirname(fileURLToPath(import.meta.url)), "node_modules", "@huggingface", "gguf", "dist");
let QUANT_BITS = null;
for (const f of readdirSync(dist).filter((f) => f.startsWith("chunk-") && f.endsWith(".mjs"))) {
  const m = await import(pathToFileURL(join(dist, f)));
  if (m.GGML_QUANT_SIZES) QUANT_BITS = m.GGML_QUANT_SIZES;
}
if (!QUANT_BITS) throw new Error("GGML_QUANT_SIZES not found in @huggingface/gguf's dist (version changed?)");

// Where thinkrig deliberately differs, with the reason. Q8_1 (type 9): ggml-common.h's block_q8_1 is two fp16 and 32
// int8 (static_assert: 2 * sizeof(ggml_half) + QK8_1 = 36 bytes); @huggingface/gguf and gguf-py still have the
// float layout of early 2023 (4 + 4 + 32 = 40). ggml uses Q8_1 for activations; model files do not store it.
const KNOWN = { 9: { ours: 36 / 32, reason: "Q8_1: thinkrig follows ggml-common.h (36 bytes per 32), the package the old float layout (40)" } };

const dir = process.argv[2];
let failures = 0;
const fail = (file, what) => {
  console.log(`  MISMATCH ${file}: ${what}`);
  failures++;
};
const plain = (v) => (typeof v === "bigint" ? Number(v) : v);

for (const name of readdirSync(dir).filter((f) => f.endsWith(".gguf")).sort()) {
  const start = failures;
  const ours = JSON.parse(readFileSync(join(dir, name.replace(/\.gguf$/, ".thinkrig.json")), "utf8"));
  const theirs = await gguf(join(dir, name), { allowLocalFile: true });
  const md = theirs.metadata;
  if (md.version !== ours.version) fail(name, `version ${md.version} vs ${ours.version}`);
  if (Number(theirs.tensorDataOffset) !== ours.dataOffset)
    fail(name, `data offset ${theirs.tensorDataOffset} vs ${ours.dataOffset}`);
  let keys = 0;
  for (const [key, value] of Object.entries(ours.metadata)) {
    keys++;
    const t = md[key];
    if (value && typeof value === "object" && "arrayLength" in value) {
      if (!Array.isArray(t) || t.length !== value.arrayLength) fail(name, `${key}: array length ${t?.length} vs ${value.arrayLength}`);
    } else if (typeof value === "number" && !Number.isInteger(value)) {
      if (Math.abs(plain(t) - value) > 1e-6) fail(name, `${key}: ${t} vs ${value}`);
    } else if (plain(t) !== value) {
      fail(name, `${key}: ${t} vs ${value}`);
    }
  }
  if (theirs.tensorInfos.length !== ours.tensors.length)
    fail(name, `${theirs.tensorInfos.length} tensors vs ${ours.tensors.length}`);
  let total = 0n;
  theirs.tensorInfos.forEach((t, i) => {
    const o = ours.tensors[i];
    const elements = t.shape.reduce((a, b) => a * b, 1n);
    const bytes = (Number(elements) * QUANT_BITS[t.dtype]) / 8; // exact: every bits-per-weight is a dyadic fraction
    total += BigInt(bytes);
    if (t.name !== o.name) fail(name, `tensor ${i}: name ${t.name} vs ${o.name}`);
    if (t.dtype !== o.type) fail(name, `${t.name}: type ${t.dtype} vs ${o.type}`);
    if (t.shape.map(Number).join("x") !== o.shape.join("x")) fail(name, `${t.name}: shape ${t.shape} vs ${o.shape}`);
    if (Number(t.offset) !== o.offset) fail(name, `${t.name}: offset ${t.offset} vs ${o.offset}`);
    const known = KNOWN[t.dtype];
    if (known && o.bytes === Number(elements) * known.ours && bytes !== o.bytes) {
      console.log(`  known difference ${t.name}: ${bytes} bytes (package) vs ${o.bytes} (thinkrig): ${known.reason}`);
    } else if (bytes !== o.bytes) {
      fail(name, `${t.name}: ${bytes} bytes vs ${o.bytes}`);
    }
  });
  console.log(
    `${name}: GGUF v${md.version}, ${keys} metadata keys, ${theirs.tensorInfos.length} tensors, ${total} bytes of tensor data (package's sizes): ` +
      (failures > start ? "DIFFERS" : "same names, types, shapes, offsets, sizes and metadata as thinkrig"),
  );
}
if (failures) {
  console.log(`${failures} mismatches`);
  process.exit(1);
}
