// Times llama.cpp's CPU engine (through the node-llama-cpp package's prebuilt binaries) on a GGUF
// file: prompt processing of 512 tokens (pp512) and generation of 128 tokens from an empty context
// (tg128), as llama-bench counts them, and again after the prompt; one sequence alone or several
// decoding together with their tokens summed, as llama-batched-bench counts them.
// Generation feeds one token per sequence per step and samples nothing, so the figure is the
// engine's step time, not the sampler's.
//
// Usage: NODE_LLAMA_CPP=/path/to/node_modules/node-llama-cpp/dist/index.js \
//          node bench/llama-cpp-speed.mjs MODEL.gguf THREADS PARALLEL [REPEATS]
const [, , modelPath, threadsArg = "2", parallelArg = "1", repeatsArg = "3"] = process.argv;
const { getLlama } = await import(process.env.NODE_LLAMA_CPP ?? "node-llama-cpp");
const threads = Number(threadsArg), parallel = Number(parallelArg), repeats = Number(repeatsArg);
const PROMPT = Number(process.env.PROMPT ?? 512), GENERATE = Number(process.env.GENERATE ?? 128);

const llama = await getLlama({ gpu: false, logLevel: "error" });
const model = await llama.loadModel({ modelPath, gpuLayers: 0, useMmap: true });
const context = await model.createContext({
  contextSize: parallel * (PROMPT + GENERATE + 16),
  sequences: parallel,
  threads,
  batchSize: PROMPT,
});
const sequences = Array.from({ length: parallel }, () => context.getSequence());
const token = (i) => 259 + (i * 7919) % 31000;

async function generate() {
  const start = process.hrtime.bigint();
  for (let step = 0; step < GENERATE; step++) {
    await Promise.all(sequences.map((s, k) => s.evaluateWithoutGeneratingNewTokens([token(step + k)])));
  }
  return (GENERATE * parallel) / (Number(process.hrtime.bigint() - start) / 1e9);
}

const results = [];
for (let r = 0; r < repeats; r++) {
  // tg as llama-bench counts it: from an empty context
  for (const s of sequences) await s.clearHistory();
  const tg = await generate();
  for (const s of sequences) await s.clearHistory();
  const promptStart = process.hrtime.bigint();
  await sequences[0].evaluateWithoutGeneratingNewTokens(Array.from({ length: PROMPT }, (_, i) => token(i)));
  const promptSeconds = Number(process.hrtime.bigint() - promptStart) / 1e9;
  results.push({ pp: PROMPT / promptSeconds, tg, tgAfterPrompt: await generate() });
}
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(JSON.stringify({
  model: modelPath.split("/").pop(),
  threads,
  parallel,
  ppTokensPerSecond: +median(results.map((x) => x.pp)).toFixed(2),
  aggregateTgTokensPerSecond: +median(results.map((x) => x.tg)).toFixed(2),
  aggregateTgAfterPromptTokensPerSecond: +median(results.map((x) => x.tgAfterPrompt)).toFixed(2),
  runs: results.map((x) => ({ pp: +x.pp.toFixed(2), tg: +x.tg.toFixed(2), tgAfterPrompt: +x.tgAfterPrompt.toFixed(2) })),
}));
await context.dispose();
await model.dispose();
