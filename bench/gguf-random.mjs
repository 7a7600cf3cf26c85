// Writes a GGUF file of TinyLlama 1.1B's shapes with random weights, already quantized, so that a
// llama.cpp engine can be timed on this machine without downloading a model. Speed does not depend
// on the weights' values, only on their types and shapes; the scales are kept small so that the
// logits stay finite.
//
// Usage: node bench/gguf-random.mjs q4_0|q8_0 OUT.gguf
//   q4_0: every matrix Q4_0 and the output matrix Q6_K (what llama-quantize makes for Q4_0)
//   q8_0: every matrix Q8_0
import { openSync, writeSync, closeSync } from "node:fs";
import { randomFillSync } from "node:crypto";

const [, , recipe, out] = process.argv;
if (!["q4_0", "q8_0"].includes(recipe) || !out) {
  console.error("usage: node gguf-random.mjs q4_0|q8_0 OUT.gguf");
  process.exit(2);
}

const LAYERS = 22, HIDDEN = 2048, HEADS = 32, KV_HEADS = 4, FFN = 5632, VOCAB = 32000;
const HEAD_DIM = HIDDEN / HEADS;
const ALIGN = 32;

// ggml type ids, block sizes and bytes per block (ggml.h, ggml-common.h)
const T = {
  F32: { id: 0, block: 1, bytes: 4 },
  Q4_0: { id: 2, block: 32, bytes: 18 },
  Q8_0: { id: 8, block: 32, bytes: 34 },
  Q6_K: { id: 14, block: 256, bytes: 210 },
};
const matrix = recipe === "q4_0" ? T.Q4_0 : T.Q8_0;
const outputType = recipe === "q4_0" ? T.Q6_K : T.Q8_0;
const fileType = recipe === "q4_0" ? 2 : 7; // LLAMA_FTYPE_MOSTLY_Q4_0 / _Q8_0

const tensors = [];
const add = (name, dims, type) => tensors.push({ name, dims, type });
add("token_embd.weight", [HIDDEN, VOCAB], matrix);
add("output_norm.weight", [HIDDEN], T.F32);
add("output.weight", [HIDDEN, VOCAB], outputType);
for (let i = 0; i < LAYERS; i++) {
  const b = `blk.${i}.`;
  add(b + "attn_norm.weight", [HIDDEN], T.F32);
  add(b + "attn_q.weight", [HIDDEN, HIDDEN], matrix);
  add(b + "attn_k.weight", [HIDDEN, KV_HEADS * HEAD_DIM], matrix);
  add(b + "attn_v.weight", [HIDDEN, KV_HEADS * HEAD_DIM], matrix);
  add(b + "attn_output.weight", [HIDDEN, HIDDEN], matrix);
  add(b + "ffn_norm.weight", [HIDDEN], T.F32);
  add(b + "ffn_gate.weight", [HIDDEN, FFN], matrix);
  add(b + "ffn_up.weight", [HIDDEN, FFN], matrix);
  add(b + "ffn_down.weight", [FFN, HIDDEN], matrix);
}

const chunks = [];
const u32 = (v) => { const b = Buffer.alloc(4); b.writeUInt32LE(v); chunks.push(b); };
const i32 = (v) => { const b = Buffer.alloc(4); b.writeInt32LE(v); chunks.push(b); };
const u64 = (v) => { const b = Buffer.alloc(8); b.writeBigUInt64LE(BigInt(v)); chunks.push(b); };
const f32 = (v) => { const b = Buffer.alloc(4); b.writeFloatLE(v); chunks.push(b); };
const str = (s) => { const b = Buffer.from(s, "utf8"); u64(b.length); chunks.push(b); };
// gguf value types
const V = { U32: 4, I32: 5, F32: 6, STRING: 8, ARRAY: 9 };
const kvs = [];
const kv = (key, type, write) => kvs.push({ key, type, write });
kv("general.architecture", V.STRING, () => str("llama"));
kv("general.name", V.STRING, () => str(`tinyllama-shape-random-${recipe}`));
kv("general.file_type", V.U32, () => u32(fileType));
kv("general.alignment", V.U32, () => u32(ALIGN));
kv("llama.context_length", V.U32, () => u32(2048));
kv("llama.embedding_length", V.U32, () => u32(HIDDEN));
kv("llama.block_count", V.U32, () => u32(LAYERS));
kv("llama.feed_forward_length", V.U32, () => u32(FFN));
kv("llama.rope.dimension_count", V.U32, () => u32(HEAD_DIM));
kv("llama.attention.head_count", V.U32, () => u32(HEADS));
kv("llama.attention.head_count_kv", V.U32, () => u32(KV_HEADS));
kv("llama.attention.layer_norm_rms_epsilon", V.F32, () => f32(1e-5));
kv("llama.rope.freq_base", V.F32, () => f32(10000));
// A SentencePiece vocabulary of the right size: unknown, BOS, EOS, the 256 byte tokens, then fillers.
const token = (i) => (i === 0 ? "<unk>" : i === 1 ? "<s>" : i === 2 ? "</s>"
  : i < 259 ? `<0x${(i - 3).toString(16).toUpperCase().padStart(2, "0")}>` : `t${i}`);
const tokenType = (i) => (i === 0 ? 2 : i < 3 ? 3 : i < 259 ? 6 : 1);
kv("tokenizer.ggml.model", V.STRING, () => str("llama"));
kv("tokenizer.ggml.tokens", V.ARRAY, () => { u32(V.STRING); u64(VOCAB); for (let i = 0; i < VOCAB; i++) str(token(i)); });
kv("tokenizer.ggml.scores", V.ARRAY, () => { u32(V.F32); u64(VOCAB); for (let i = 0; i < VOCAB; i++) f32(-i); });
kv("tokenizer.ggml.token_type", V.ARRAY, () => { u32(V.I32); u64(VOCAB); for (let i = 0; i < VOCAB; i++) i32(tokenType(i)); });
kv("tokenizer.ggml.unknown_token_id", V.U32, () => u32(0));
kv("tokenizer.ggml.bos_token_id", V.U32, () => u32(1));
kv("tokenizer.ggml.eos_token_id", V.U32, () => u32(2));

const pad = (n) => (n + ALIGN - 1) - ((n + ALIGN - 1) % ALIGN);
let offset = 0;
for (const t of tensors) {
  const elements = t.dims.reduce((a, b) => a * b, 1);
  t.size = (elements / t.type.block) * t.type.bytes;
  t.offset = offset;
  offset = pad(offset + t.size);
}

chunks.push(Buffer.from("GGUF"));
u32(3);
u64(tensors.length);
u64(kvs.length);
for (const e of kvs) { str(e.key); u32(e.type); e.write(); }
for (const t of tensors) {
  str(t.name);
  u32(t.dims.length);
  t.dims.forEach((d) => u64(d));
  u32(t.type.id);
  u64(t.offset);
}
let header = Buffer.concat(chunks);
header = Buffer.concat([header, Buffer.alloc(pad(header.length) - header.length)]);

const fd = openSync(out, "w");
writeSync(fd, header);
const F16_SMALL = 0x1800; // 2^-9 ≈ 0.002 as IEEE half
for (const t of tensors) {
  const data = Buffer.alloc(t.size);
  if (t.type === T.F32) {
    for (let i = 0; i < t.size; i += 4) data.writeFloatLE(1, i);
  } else {
    randomFillSync(data);
    const blocks = t.size / t.type.bytes;
    for (let b = 0; b < blocks; b++) {
      const base = b * t.type.bytes;
      if (t.type === T.Q6_K) {
        for (let s = 0; s < 16; s++) data[base + 192 + s] = data[base + 192 + s] & 0x0f; // small scales
        data.writeUInt16LE(F16_SMALL, base + 208);
      } else {
        data.writeUInt16LE(F16_SMALL, base);
      }
    }
  }
  writeSync(fd, data);
  const padding = pad(t.size) - t.size;
  if (padding) writeSync(fd, Buffer.alloc(padding));
}
closeSync(fd);
console.log(`${out}: ${header.length + offset} bytes, ${tensors.length} tensors`);
