// The model explorer: one model at every usual quantization, on a chosen device and on this one.
import { api, commonQuantizations, post } from './api.js';
import { $, axisName, chart, clearErrors, fieldError, fmt, gb } from './format.js';

const estimateAll = (model, quants, hardware, ctx) => Promise.all(quants.map(q => post('/api/estimate',
  { model, quantization: q, hardware, contextTokens: ctx, promptTokens: 512, outputTokens: 128 })));

/** The model the form names: a pasted config, else a pulled Ollama model, else a typed name, else the preset. */
async function chosenModel(quantsIn) {
  let model = $('#model-name').value.trim() || $('#model-preset').value;
  let quants = quantsIn;
  const pulled = $('#model-ollama').value;
  if (pulled) {
    const [dep, name] = pulled.split('|');
    try {
      const detail = await api(`/api/ollama/${encodeURIComponent(dep)}/models/${encodeURIComponent(name)}`);
      if (!detail.architecture) { fieldError($('#model-ollama'), detail.note); return null; }
      model = detail.architecture;
      if (detail.quantization) { quants = [detail.quantization].concat(quants.filter(q => q !== detail.quantization)); }
    } catch (err) { fieldError($('#model-ollama'), err.message); return null; }
  }
  const pasted = $('#model-config').value.trim();
  if (pasted) {
    try { model = JSON.parse(pasted); } catch (e) { fieldError($('#model-config'), 'not valid JSON: ' + e.message); return null; }
  }
  return { model, quants, pasted: Boolean(pasted) };
}

export async function explore(event) {
  event.preventDefault();
  clearErrors(event.target);
  $('#model-error').textContent = '';
  const chosen = await chosenModel(await commonQuantizations());
  if (!chosen) { return; }
  const { model, pasted } = chosen;
  let { quants } = chosen;
  // empty: the estimate sizes the model's default context (Ollama's, capped at the model's own)
  const ctxText = $('#model-context').value.trim();
  const ctx = ctxText === '' ? undefined : Number(ctxText);
  if (ctx !== undefined && !(ctx >= 1)) { fieldError($('#model-context'), 'must be at least 1'); return; }
  const hardware = $('#model-hardware').value;
  let results;
  try {
    results = await estimateAll(model, quants, hardware, ctx).catch(async err => {
      // a tag that names its recipe (llama3.1:8b-instruct-q4_K_M) is sized at that recipe only
      if (err.field !== 'quantization') { throw err; }
      const one = await post('/api/estimate', { model, hardware, contextTokens: ctx, promptTokens: 512, outputTokens: 128 });
      quants = [one.quantization];
      return [one];
    });
  } catch (err) {
    if (err.field && err.field.startsWith('model')) { fieldError(pasted ? $('#model-config') : $('#model-name').value.trim() ? $('#model-name') : $('#model-preset'), err.message); } else { $('#model-error').textContent = err.message; }
    return;
  }
  $('#model-result').hidden = false;
  showHere(hardware === 'local' ? results : null, model, quants, ctx);
  render(results, quants);
}

function render(results, quants) {
  const p = results[0].parameters;
  $('#param-table tbody').innerHTML = Object.entries(p.byComponent).map(([k, v]) => `<tr><td>${k}</td><td class="num">${fmt(v.weights)}</td><td class="num">${fmt(v.biases)}</td><td class="num">${fmt(v.total)}</td></tr>`).join('')
    + `<tr><th scope="row">total</th><td class="num">${fmt(p.weights)}</td><td class="num">${fmt(p.biases)}</td><td class="num">${fmt(p.total)}</td></tr>`;
  const f16 = results[0];
  const q4 = results[quants.indexOf('Q4_K_M')] || results[results.length - 1];
  const q4name = quants[results.indexOf(q4)];
  const hw = f16.hardware;
  $('#model-explain').textContent =
    `${f16.model.name} has ${fmt(p.total / 1e9, 2)} billion parameters: numbers the model multiplies with every token. `
    + `Stored at 16 bits each they take ${gb(f16.memory.weightsBytes)}; llama.cpp's ${q4name} keeps ${fmt(q4.memory.weightsBytes * 8 / p.total, 2)} bits each on average, ${gb(q4.memory.weightsBytes)}. `
    + `Each generated token reads every weight once, so speed is set by memory bandwidth: ${hw.name} moves ${fmt(hw.memoryBandwidthGBps)} GB/s, `
    + `which gives about ${fmt(q4.speed.generationTokensPerSecond)} tokens/s at ${q4name}. The ${fmt(q4.memory.contextTokens)}-token context adds ${gb(q4.memory.kvCacheBytes)} of KV cache `
    + `on top, and everything must fit in the device's ${gb(hw.memoryBytes)} to run at full speed${q4.memory.fits ? '' : ` — at ${q4name} it does not: ` + (q4.memory.totalLayers - q4.memory.gpuLayers) + ' layers would run on the CPU'}.`;
  $('#quant-table tbody').innerHTML = results.map((r, i) => `<tr><td>${quants[i]}</td><td class="num">${gb(r.memory.weightsBytes)}</td><td class="num">${gb(r.memory.totalBytes)}</td><td class="${r.memory.fits ? 'yes' : 'no'}">${r.memory.fits ? 'yes' : r.memory.gpuLayers + ' of ' + r.memory.totalLayers + ' layers'}</td><td class="num">${fmt(r.speed.generationTokensPerSecond, 1)}</td></tr>`).join('');
  const part = (f) => results.map(r => +(f(r.memory) / 1e9).toFixed(2));
  chart('chart-quant').setOption({
    grid: { left: 16, right: 24, top: 44, bottom: 40, containLabel: true }, tooltip: { trigger: 'axis' }, legend: { top: 0 },
    xAxis: { type: 'category', data: quants, ...axisName('quantization') }, yAxis: { type: 'value', name: 'GB', nameTextStyle: { align: 'right' } },
    series: [
      { type: 'bar', stack: 'm', name: 'weights', data: part(m => m.weightsBytes) },
      { type: 'bar', stack: 'm', name: 'KV cache', data: part(m => m.kvCacheBytes) },
      { type: 'bar', stack: 'm', name: 'buffers + reserve', data: part(m => m.computeBufferBytes + m.overheadBytes),
        markLine: { symbol: 'none', data: [{ yAxis: +(f16.memory.deviceCapacityBytes / 1e9).toFixed(1), name: 'device' }], label: { position: 'insideEndTop', formatter: 'device {c} GB' } } },
    ],
  }, true);
}

/**
 * What runs on this machine and how fast: the model at every quantization on "local" (the
 * explorer's own results when it is sizing this machine), in one sentence.
 */
async function showHere(localResults, model, quants, ctx) {
  const here = $('#model-here');
  let results = localResults;
  if (!results) {
    here.textContent = 'On this machine: estimating…';
    try { results = await estimateAll(model, quants, 'local', ctx); } catch (err) { here.textContent = 'On this machine: ' + err.message; return; }
  }
  const hw = results[0].hardware;
  const m = hw.measured;
  const fits = results.map((r, i) => ({ q: quants[i], r })).filter(x => x.r.memory.fits);
  const fastest = fits.reduce((a, x) => (!a || x.r.speed.generationTokensPerSecond > a.r.speed.generationTokensPerSecond ? x : a), null);
  const q4 = results[quants.indexOf('Q4_K_M')];
  const measured = m ? `; ${m.bandwidthMethod} bandwidth measured ${new Date(m.measuredAt).toLocaleString()}: ${fmt(m.bandwidthGBps, 1)} GB/s with ${hw.threads} threads` : '';
  // the memory a model can have here: what is available now, not what is installed
  here.textContent = `On this machine (${hw.name.replace(/^This machine: /, '')}, ${gb(hw.memoryBytes)} RAM available${measured}): `
    + (fits.length
      ? `${results[0].model.name} runs at ${fits.map(x => x.q).join(', ')}; ${q4 && q4.memory.fits ? `about ${fmt(q4.speed.generationTokensPerSecond, 1)} tokens/s at Q4_K_M, ` : ''}fastest ${fastest.q} at about ${fmt(fastest.r.speed.generationTokensPerSecond, 1)} tokens/s generated and ${fmt(fastest.r.speed.promptTokensPerSecond)} tokens/s of prompt.`
      : `${results[0].model.name} does not fit at any quantization: it needs ${gb(results[results.length - 1].memory.totalBytes)} at ${quants[quants.length - 1]}.`);
}
