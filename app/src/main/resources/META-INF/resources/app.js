'use strict';
// The web UI: plain modules over the app's own API; charts by ECharts (served from its WebJar).

const $ = (sel, root = document) => root.querySelector(sel);
const fmt = (n, digits = 0) => n == null || Number.isNaN(n) ? '—' : Number(n).toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const usd = (n) => n == null ? '—' : '$' + (n < 1 ? Number(n).toPrecision(3) : fmt(n, 2));
const gb = (bytes) => bytes == null ? '—' : fmt(bytes / 1e9, 1) + ' GB';
const charts = {};

function chart(id) {
  if (!charts[id]) {
    charts[id] = echarts.init(document.getElementById(id), null, { renderer: 'canvas' });
    window.addEventListener('resize', () => charts[id].resize());
  }
  return charts[id];
}

// With access keys configured the server answers 401 to usage, deployments, plan changes and
// chat: the key is asked for once and kept for this browser session only (never in a URL).
const KEY = 'advisor-api-key';
function authHeaders(extra = {}) {
  const key = sessionStorage.getItem(KEY);
  return key ? { ...extra, Authorization: 'Bearer ' + key } : extra;
}

async function authorizedFetch(path, options = {}) {
  const call = () => fetch(path, { ...options, headers: authHeaders(options.headers || {}) });
  let res = await call();
  if (res.status === 401) {
    const key = window.prompt('This server needs an API key (one of ADVISOR_API_KEYS):');
    if (key) {
      sessionStorage.setItem(KEY, key.trim());
      res = await call();
    }
  }
  return res;
}

async function api(path, options = {}) {
  const res = await authorizedFetch(path, { ...options, headers: { 'Content-Type': 'application/json', ...(options.headers || {}) } });
  const text = await res.text();
  const body = text ? JSON.parse(text) : null;
  if (!res.ok) {
    const err = new Error(body && body.error ? body.error.message : res.statusText);
    err.field = body && body.error ? (body.error.field || body.error.param) : null;
    err.status = res.status;
    throw err;
  }
  return body;
}

// ---- navigation -------------------------------------------------------------------------
function show(page) {
  document.querySelectorAll('.page').forEach(p => { p.hidden = p.id !== 'page-' + page; });
  document.querySelectorAll('.tab').forEach(t => {
    if (t.dataset.page === page) { t.setAttribute('aria-current', 'page'); } else { t.removeAttribute('aria-current'); }
  });
  if (page === 'usage') { loadUsage(); }
  if (page === 'chat') { loadChatModels(); }
  Object.values(charts).forEach(c => c.resize());
  history.replaceState(null, '', '#' + page);
}

// ---- field errors -----------------------------------------------------------------------
function clearErrors(form) {
  form.querySelectorAll('.field-error').forEach(e => e.remove());
  form.querySelectorAll('[aria-invalid]').forEach(e => e.removeAttribute('aria-invalid'));
}

function fieldError(input, message) {
  input.setAttribute('aria-invalid', 'true');
  const span = document.createElement('span');
  span.className = 'field-error';
  span.id = input.id + '-error';
  span.textContent = message;
  input.setAttribute('aria-describedby', span.id);
  input.insertAdjacentElement('afterend', span);
}

/** Puts a server 400 next to the field it names (e.g. workload.peakFactor), else above the button. */
function showServerError(form, err, fallback) {
  const field = err.field || '';
  const input = field && (form.querySelector(`[name="${field}"]`) || form.querySelector('#' + field.split('.').pop().replace(/\[.*$/, '')));
  if (input) { fieldError(input, err.message); input.focus(); } else { fallback.textContent = err.message; }
}

// ---- advisor ----------------------------------------------------------------------------
const PRESETS = {
  team: { requestsPerDay: 1000, activeHoursPerDay: 8, peakFactor: 3, inputTokens: 400, outputTokens: 250, p95InputTokens: 1200, p95OutputTokens: 600, parallel: 4, latencyTargetMs: 10000, monthlyBudgetUsd: 100, qualityFloor: '' },
  summarizer: { requestsPerDay: 5000, activeHoursPerDay: 10, peakFactor: 2, inputTokens: 3000, outputTokens: 400, p95InputTokens: 7000, p95OutputTokens: 800, parallel: 4, latencyTargetMs: 30000, monthlyBudgetUsd: 300, qualityFloor: 50 },
  api: { requestsPerDay: 2000000, activeHoursPerDay: 24, peakFactor: 1.5, inputTokens: 300, outputTokens: 150, p95InputTokens: 800, p95OutputTokens: 400, parallel: 32, latencyTargetMs: 5000, monthlyBudgetUsd: 20000, qualityFloor: 45 },
};

function applyPreset(name) {
  const p = PRESETS[name];
  Object.entries(p).forEach(([k, v]) => { const el = document.getElementById(k); if (el) { el.value = v; } });
}

function num(id) {
  const v = document.getElementById(id).value.trim();
  return v === '' ? null : Number(v);
}

function validateAdvice(form) {
  let ok = true;
  form.querySelectorAll('input[required]').forEach(input => {
    if (input.value.trim() === '' || Number.isNaN(Number(input.value))) {
      fieldError(input, 'required: a number');
      ok = false;
    } else if (input.min !== '' && Number(input.value) < Number(input.min)) {
      fieldError(input, `must be at least ${input.min}`);
      ok = false;
    }
  });
  return ok;
}

function adviceBody() {
  const hardware = Array.from(document.getElementById('hardware').selectedOptions).map(o => o.value);
  const body = {
    workload: {
      requestsPerDay: num('requestsPerDay'), activeHoursPerDay: num('activeHoursPerDay'), peakFactor: num('peakFactor'),
      inputTokens: num('inputTokens'), outputTokens: num('outputTokens'), p95InputTokens: num('p95InputTokens'),
      p95OutputTokens: num('p95OutputTokens'), parallel: num('parallel'),
    },
    latencyTargetMs: num('latencyTargetMs'), latencyTarget: document.getElementById('latencyTarget').value,
    monthlyBudgetUsd: num('monthlyBudgetUsd'), qualityFloor: num('qualityFloor'),
    dataMustStayLocal: document.getElementById('dataMustStayLocal').checked,
    allowRentedHardware: document.getElementById('allowRentedHardware').checked,
  };
  body.thisMachine = document.getElementById('thisMachine').value;
  // "only" is this machine alone: a device list would contradict it
  if (hardware.length && body.thisMachine !== 'only') { body.hardware = hardware; }
  return body;
}

let lastAdvice = null;
let lastRequest = null;

async function advise(event) {
  event.preventDefault();
  const form = event.target;
  clearErrors(form);
  $('#form-error').textContent = '';
  if (!validateAdvice(form)) { form.querySelector('[aria-invalid]').focus(); return; }
  lastRequest = adviceBody();
  try {
    lastAdvice = await api('/api/advice', { method: 'POST', body: JSON.stringify(lastRequest) });
  } catch (err) {
    showServerError(form, err, $('#form-error'));
    return;
  }
  renderAdvice(lastAdvice);
}

function meets(r) {
  const parts = [['latency', r.meetsLatency], ['budget', r.meetsBudget], ['quality', r.meetsQuality], ['data', r.meetsDataLocality], ['capacity', r.meetsCapacity]];
  return parts.map(([n, ok]) => `<span class="${ok ? 'yes' : 'no'}" title="${n}">${ok ? '✓' : '✗'} ${n}</span>`).join(' ');
}

function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

/** A local candidate's fleet in words: "3 servers × 2 RTX 4090, rented"; empty for the cloud. */
function shapeText(r) {
  if (!r.hardware) { return ''; }
  const n = r.replicas || 1;
  const acquired = r.acquisition === 'rent' ? ', rented' : r.acquisition === 'buy' ? ', bought' : '';
  return `${n} ${n === 1 ? 'server' : 'servers'} × ${r.devicesPerServer || 1} ${r.hardware}${acquired}`;
}

function label(r) {
  return r.hardware ? `${r.model} on ${shapeText(r)}` : r.model;
}

/** The model a candidate runs: the Ollama tag of a local one, the offering of a cloud one. */
function modelKey(r) {
  const m = /^ollama\/([^@]+)@/.exec(r.id);
  return m ? 'ollama/' + m[1] : r.id;
}

/**
 * Candidates grouped by model, groups in rank order of their first member; in each group the
 * overall best fit (if it is there) comes first, then the rest in rank order.
 */
function groupByModel(recommendations, bestId) {
  const groups = new Map();
  recommendations.forEach((r, i) => {
    const key = modelKey(r);
    if (!groups.has(key)) { groups.set(key, []); }
    groups.get(key).push({ r, rank: i + 1 });
  });
  return Array.from(groups.values()).map(g => g.sort((a, b) => (b.r.id === bestId) - (a.r.id === bestId) || a.rank - b.rank));
}

function renderAdvice(a) {
  $('#advice-result').hidden = false;
  const best = a.recommendations.find(r => r.id === a.best);
  const lines = [];
  a.summary.forEach(s => lines.push(`<p>${escapeHtml(s)}</p>`));
  lines.push(best ? `<p><strong>Best fit:</strong> ${escapeHtml(label(best))}, ${usd(best.predicted.monthlyCostUsd)} a month, p95 ${fmt(best.predicted.p95LatencyMs)} ms.</p>`
    : '<p><strong>Nothing meets every constraint.</strong></p>');
  a.relax.forEach(x => lines.push(`<p class="no">${escapeHtml(x.message)}</p>`));
  a.breakEven.forEach(b => lines.push(`<p>${escapeHtml(b.message)}</p>`));
  $('#advice-summary').innerHTML = lines.join('');

  const row = ({ r, rank }, first, more) => {
    const measured = a.measured && a.measured[r.id] ? `<li><strong>Measured</strong> on ${escapeHtml(a.measured[r.id].deploymentId)}: p95 ${fmt(a.measured[r.id].p95LatencyMs)} ms over ${a.measured[r.id].requests} calls</li>` : '';
    const toggle = first && more > 0
      ? `<br><button type="button" class="group-toggle link" aria-expanded="false">${more} more ${more === 1 ? 'option' : 'options'} for this model</button>` : '';
    return `<tr class="${r.id === a.best ? 'best' : ''}${first ? '' : ' more'}"${first ? '' : ' hidden'}>
      <td class="num">${rank}</td>
      <td>${first ? '' : '<span class="indent" aria-hidden="true">↳ </span>'}${escapeHtml(label(r))}<br><small>${escapeHtml(r.id)}</small>${toggle}</td>
      <td class="num">${r.predicted.p95LatencyMs == null ? '—' : fmt(r.predicted.p95LatencyMs) + ' ms'}</td>
      <td class="num">${usd(r.predicted.monthlyCostUsd)}</td>
      <td class="num">${usd(r.predicted.costPerMillionTokensUsd)}</td>
      <td>${meets(r)}</td>
      <td><details><summary>reasons</summary><ul>${measured}${r.reasons.map(x => `<li>${escapeHtml(x)}</li>`).join('')}</ul></details></td>
      <td><button type="button" class="apply-btn" data-id="${escapeHtml(r.id)}" aria-label="Apply ${escapeHtml(label(r))}">Apply</button></td>
    </tr>`;
  };
  // one body per model: its best shape shows, the other devices and shapes behind a toggle
  const bodies = groupByModel(a.recommendations, a.best).slice(0, 40).map(g => {
    const members = g.slice(0, 25);
    return `<tbody class="model-group">${members.map((m, i) => row(m, i === 0, members.length - 1)).join('')}</tbody>`;
  });
  const table = $('#advice-table');
  table.querySelectorAll('tbody').forEach(b => b.remove());
  table.insertAdjacentHTML('beforeend', bodies.join(''));
  drawAdviceCharts(a);
}

/**
 * A local fleet's cost against volume, in steps of one server at its share of the fixed cost. A
 * fleet of several servers was sized as the fewest that meet the latency target at the asked
 * volume, so each carries that volume's share and no more; a single server takes load until it is
 * 80% busy at the peak (where the advisor starts sizing fleets), how busy it is now being read
 * from the candidate's reasons.
 */
function fleetLine(r, volume, maxV) {
  const servers = r.replicas || 1;
  const busy = r.reasons.map(x => /(\d+)(?:-(\d+))?% busy/.exec(x)).find(Boolean);
  const utilization = busy ? Math.max(0.005, Number(busy[2] || busy[1]) / 100) : 0.8;
  const perServer = servers > 1 ? volume / servers : volume * Math.max(1, 0.8 / utilization);
  const fixedPerServer = r.cost.fixedMonthlyUsd / servers;
  const cost = (n, v) => +(fixedPerServer * n + r.cost.usdPerRequest * v).toFixed(2);
  const steps = perServer > 0 ? Math.ceil(maxV / perServer) : 1;
  if (steps > 60) {
    // too many steps to see: the straight line of the shape as recommended
    return { type: 'line', name: label(r), showSymbol: false, data: [[0, cost(servers, 0)], [Math.round(maxV), cost(servers, maxV)]] };
  }
  const data = [[0, cost(1, 0)]];
  const marks = [];
  for (let n = 1; n <= steps; n++) {
    const end = Math.min(n * perServer, maxV);
    data.push([Math.round(end), cost(n, end)]);
    if (n < steps) {
      data.push([Math.round(end), cost(n + 1, end)]);
      marks.push({ coord: [Math.round(end), cost(n + 1, end)], value: (n + 1) + ' servers' });
    }
  }
  return {
    type: 'line', name: `${label(r)}: one more server per ${fmt(perServer)} requests a month`, showSymbol: false, data,
    markPoint: marks.length <= 12 ? { symbol: 'pin', symbolSize: 34, label: { fontSize: 8, formatter: p => p.value.replace(' servers', '') }, data: marks } : undefined,
  };
}

/** The window a workload's longest requests need, when more than the default 4,096 tokens; else undefined. */
function contextBeyondDefault(w) {
  const needed = (w.p95InputTokens || w.inputTokens) + (w.p95OutputTokens || w.outputTokens);
  return needed > 4096 ? Math.ceil(needed / 1024) * 1024 : undefined;
}

async function drawAdviceCharts(a) {
  const target = lastRequest.latencyTargetMs;
  const top = a.recommendations.filter(r => r.predicted.p95LatencyMs != null).slice(0, 10);
  chart('chart-latency').setOption({
    grid: { left: 60, right: 20, top: 20, bottom: 90 },
    tooltip: {},
    xAxis: { type: 'category', data: top.map(r => r.modelId + (r.hardwareId ? '@' + r.hardwareId : '')), axisLabel: { rotate: 35, fontSize: 10 } },
    yAxis: { type: 'value', name: 'ms' },
    series: [{ type: 'bar', data: top.map(r => ({ value: Math.round(r.predicted.p95LatencyMs), itemStyle: { color: r.predicted.p95LatencyMs <= target ? '#1a7f37' : '#b3261e' } })),
      markLine: { symbol: 'none', data: [{ yAxis: target, name: 'target' }], label: { position: 'insideEndTop', formatter: 'target {c} ms' } } }],
  }, true);

  const points = a.qualityCurve.filter(p => p.costPerMillionTokensUsd > 0);
  chart('chart-quality').setOption({
    grid: { left: 60, right: 30, top: 20, bottom: 50 },
    tooltip: { formatter: p => `${p.data[2]}<br>MMLU ${p.data[1]}<br>$${p.data[0]} per 1M tokens` },
    xAxis: { type: 'log', name: '$ / 1M tokens', nameLocation: 'middle', nameGap: 28 },
    yAxis: { type: 'value', name: 'MMLU %', min: 20, max: 100 },
    series: [{ type: 'scatter', symbolSize: 11, data: points.map(p => [p.costPerMillionTokensUsd, p.quality, p.model]),
      label: { show: true, position: 'right', fontSize: 9, formatter: p => p.data[2].replace(/ (Chat|Instruct)/, '') } }],
  }, true);

  const local = a.recommendations.find(r => r.kind === 'local' && r.meetsCapacity) || a.recommendations.find(r => r.kind === 'local');
  const cloud = a.recommendations.find(r => r.kind === 'cloud' && r.predicted.p95LatencyMs != null) || a.recommendations.find(r => r.kind === 'cloud');
  const volume = lastRequest.workload.requestsPerDay * 365.25 / 12;
  const be = a.breakEven[0] && a.breakEven[0].requestsPerMonth;
  const maxV = Math.max(volume * 2, be ? be * 1.5 : 0, 1000);
  const xs = Array.from({ length: 41 }, (_, i) => maxV * i / 40);
  const line = (r) => xs.map(v => [Math.round(v), +(r.cost.fixedMonthlyUsd + r.cost.usdPerRequest * v).toFixed(2)]);
  const series = [];
  [local, cloud].filter(Boolean).forEach(r => series.push(r.kind === 'local' ? fleetLine(r, volume, maxV) : { type: 'line', name: label(r), showSymbol: false, data: line(r) }));
  if (series.length) {
    series[0].markLine = { symbol: 'none', data: [{ xAxis: Math.round(volume), name: 'your volume' }].concat(be ? [{ xAxis: Math.round(be), name: 'break-even' }] : []),
      label: { position: 'insideEndTop', formatter: p => p.name } };
  }
  chart('chart-cost').setOption({
    grid: { left: 70, right: 20, top: 70, bottom: 50 }, tooltip: { trigger: 'axis' }, legend: { top: 0, orient: 'vertical', textStyle: { fontSize: 10 } },
    xAxis: { type: 'value', name: 'requests / month', nameLocation: 'middle', nameGap: 28 }, yAxis: { type: 'value', name: 'USD / month' }, series,
  }, true);

  // memory breakdown comes from /api/estimate of the leading local options
  const locals = a.recommendations.filter(r => r.kind === 'local').filter((r, i, all) => all.findIndex(x => x.preset === r.preset && x.quantization === r.quantization && x.hardwareId === r.hardwareId) === i).slice(0, 6);
  const estimates = await Promise.all(locals.map(r => api('/api/estimate', { method: 'POST', body: JSON.stringify({
    model: r.preset, quantization: r.quantization, hardware: r.hardwareId, parallel: lastRequest.workload.parallel,
    // requests that fit the default window leave it to the server (Ollama's, capped at the model's own)
    contextTokens: contextBeyondDefault(lastRequest.workload),
    promptTokens: Math.round(lastRequest.workload.inputTokens), outputTokens: Math.max(1, Math.round(lastRequest.workload.outputTokens)) }) }).catch(() => null)));
  const names = locals.map(r => r.modelId + '@' + r.hardwareId);
  const part = (k) => estimates.map(e => e ? +(e.memory[k] / 1e9).toFixed(2) : 0);
  chart('chart-memory').setOption({
    // labels are rotated and cut to a fixed width, and the grid makes room for them, so none is clipped
    grid: { left: 50, right: 20, top: 60, bottom: 10, containLabel: true }, tooltip: { trigger: 'axis' }, legend: { top: 0, textStyle: { fontSize: 10 } },
    xAxis: { type: 'category', data: names, axisLabel: { rotate: 35, fontSize: 10, width: 140, overflow: 'truncate' } }, yAxis: { type: 'value', name: 'GB' },
    series: [
      { type: 'bar', stack: 'm', name: 'weights', data: part('weightsBytes') },
      { type: 'bar', stack: 'm', name: 'KV cache', data: part('kvCacheBytes') },
      { type: 'bar', stack: 'm', name: 'buffers + reserve', data: estimates.map(e => e ? +((e.memory.computeBufferBytes + e.memory.overheadBytes) / 1e9).toFixed(2) : 0) },
      { type: 'scatter', name: 'device memory', symbol: 'rect', symbolSize: [26, 3], itemStyle: { color: '#b3261e' }, data: estimates.map(e => e ? +(e.memory.deviceCapacityBytes / 1e9).toFixed(2) : 0) },
    ],
  }, true);
}

async function applyRecommendation(id) {
  const box = $('#apply-status');
  box.hidden = false;
  $('#apply-label').textContent = 'Applying ' + id;
  $('#apply-progress').value = 0;
  $('#apply-detail').textContent = '';
  try {
    await api('/api/plan', { method: 'POST', body: JSON.stringify({ recommendationId: id, latencyTargetMs: lastRequest.latencyTargetMs, monthlyBudgetUsd: lastRequest.monthlyBudgetUsd }) });
  } catch (err) {
    $('#apply-detail').textContent = err.message;
    $('#apply-detail').className = 'no';
    return;
  }
  const events = new EventSource('/api/plan/status');
  events.onmessage = (m) => {
    const s = JSON.parse(m.data);
    const steps = s.steps || [];
    const progress = steps.length ? steps.reduce((t, x) => t + x.progress, 0) / steps.length : 0;
    $('#apply-progress').value = s.state === 'active' ? 100 : Math.round(progress * 100);
    $('#apply-detail').textContent = s.detail;
    $('#apply-detail').className = s.state === 'failed' ? 'no' : s.state === 'active' ? 'yes' : '';
    if (s.state !== 'preparing') { events.close(); }
  };
  events.onerror = () => events.close();
}

// ---- model explorer ---------------------------------------------------------------------
const QUANTS = ['F16', 'Q8_0', 'Q6_K', 'Q5_K_M', 'Q4_K_M', 'Q4_0', 'Q3_K_M', 'Q2_K'];

async function explore(event) {
  event.preventDefault();
  const form = event.target;
  clearErrors(form);
  $('#model-error').textContent = '';
  let model = $('#model-preset').value;
  const local = $('#model-ollama').value;
  let quants = QUANTS;
  if (local) {
    const [dep, name] = local.split('|');
    try {
      const detail = await api(`/api/ollama/${encodeURIComponent(dep)}/models/${encodeURIComponent(name)}`);
      if (!detail.architecture) { fieldError($('#model-ollama'), detail.note); return; }
      model = detail.architecture;
      if (detail.quantization) { quants = [detail.quantization].concat(QUANTS.filter(q => q !== detail.quantization)); }
    } catch (err) { fieldError($('#model-ollama'), err.message); return; }
  }
  const pasted = $('#model-config').value.trim();
  if (pasted) {
    try { model = JSON.parse(pasted); } catch (e) { fieldError($('#model-config'), 'not valid JSON: ' + e.message); return; }
  }
  // empty: the estimate sizes the model's default context (Ollama's, capped at the model's own)
  const ctxText = $('#model-context').value.trim();
  const ctx = ctxText === '' ? undefined : Number(ctxText);
  if (ctx !== undefined && !(ctx >= 1)) { fieldError($('#model-context'), 'must be at least 1'); return; }
  const hardware = $('#model-hardware').value;
  let results;
  try {
    results = await Promise.all(quants.map(q => api('/api/estimate', { method: 'POST', body: JSON.stringify({ model, quantization: q, hardware, contextTokens: ctx, promptTokens: 512, outputTokens: 128 }) })));
  } catch (err) {
    if (err.field && err.field.startsWith('model')) { fieldError(pasted ? $('#model-config') : $('#model-preset'), err.message); } else { $('#model-error').textContent = err.message; }
    return;
  }
  $('#model-result').hidden = false;
  showHere(hardware === 'local' ? results : null, model, quants, ctx);
  const p = results[0].parameters;
  $('#param-table tbody').innerHTML = Object.entries(p.byComponent).map(([k, v]) => `<tr><td>${k}</td><td class="num">${fmt(v.weights)}</td><td class="num">${fmt(v.biases)}</td><td class="num">${fmt(v.total)}</td></tr>`).join('')
    + `<tr><th scope="row">total</th><td class="num">${fmt(p.weights)}</td><td class="num">${fmt(p.biases)}</td><td class="num">${fmt(p.total)}</td></tr>`;
  const f16 = results[0];
  const q4 = results[quants.indexOf('Q4_K_M')];
  const hw = f16.hardware;
  $('#model-explain').textContent =
    `${f16.model.name} has ${fmt(p.total / 1e9, 2)} billion parameters: numbers the model multiplies with every token. `
    + `Stored at 16 bits each they take ${gb(f16.memory.weightsBytes)}; llama.cpp's Q4_K_M keeps ${fmt(q4.memory.weightsBytes * 8 / p.total, 2)} bits each on average, ${gb(q4.memory.weightsBytes)}. `
    + `Each generated token reads every weight once, so speed is set by memory bandwidth: ${hw.name} moves ${fmt(hw.memoryBandwidthGBps)} GB/s, `
    + `which gives about ${fmt(q4.speed.generationTokensPerSecond)} tokens/s at Q4_K_M. The ${fmt(q4.memory.contextTokens)}-token context adds ${gb(q4.memory.kvCacheBytes)} of KV cache `
    + `on top, and everything must fit in the device's ${gb(hw.memoryBytes)} to run at full speed${q4.memory.fits ? '' : ' — at Q4_K_M it does not: ' + (q4.memory.totalLayers - q4.memory.gpuLayers) + ' layers would run on the CPU'}.`;
  $('#quant-table tbody').innerHTML = results.map((r, i) => `<tr><td>${quants[i]}</td><td class="num">${gb(r.memory.weightsBytes)}</td><td class="num">${gb(r.memory.totalBytes)}</td><td class="${r.memory.fits ? 'yes' : 'no'}">${r.memory.fits ? 'yes' : r.memory.gpuLayers + ' of ' + r.memory.totalLayers + ' layers'}</td><td class="num">${fmt(r.speed.generationTokensPerSecond, 1)}</td></tr>`).join('');
  chart('chart-quant').setOption({
    grid: { left: 50, right: 20, top: 40, bottom: 40 }, tooltip: { trigger: 'axis' }, legend: { top: 0 },
    xAxis: { type: 'category', data: quants }, yAxis: { type: 'value', name: 'GB' },
    series: [
      { type: 'bar', stack: 'm', name: 'weights', data: results.map(r => +(r.memory.weightsBytes / 1e9).toFixed(2)) },
      { type: 'bar', stack: 'm', name: 'KV cache', data: results.map(r => +(r.memory.kvCacheBytes / 1e9).toFixed(2)) },
      { type: 'bar', stack: 'm', name: 'buffers + reserve', data: results.map(r => +((r.memory.computeBufferBytes + r.memory.overheadBytes) / 1e9).toFixed(2)),
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
    try {
      results = await Promise.all(quants.map(q => api('/api/estimate', { method: 'POST', body: JSON.stringify({ model, quantization: q, hardware: 'local', contextTokens: ctx, promptTokens: 512, outputTokens: 128 }) })));
    } catch (err) { here.textContent = 'On this machine: ' + err.message; return; }
  }
  const hw = results[0].hardware;
  const m = hw.measured;
  const fits = results.map((r, i) => ({ q: quants[i], r })).filter(x => x.r.memory.fits);
  const fastest = fits.reduce((a, x) => (!a || x.r.speed.generationTokensPerSecond > a.r.speed.generationTokensPerSecond ? x : a), null);
  const q4 = results[quants.indexOf('Q4_K_M')];
  const measured = m ? `; ${m.bandwidthMethod} bandwidth measured ${new Date(m.measuredAt).toLocaleString()}: ${fmt(m.bandwidthGBps, 1)} GB/s with ${hw.threads} threads` : '';
  here.textContent = `On this machine (${hw.name.replace(/^This machine: /, '')}, ${gb(hw.memoryBytes)} RAM${measured}): `
    + (fits.length
      ? `${results[0].model.name} runs at ${fits.map(x => x.q).join(', ')}; ${q4 && q4.memory.fits ? `about ${fmt(q4.speed.generationTokensPerSecond, 1)} tokens/s at Q4_K_M, ` : ''}fastest ${fastest.q} at about ${fmt(fastest.r.speed.generationTokensPerSecond, 1)} tokens/s generated and ${fmt(fastest.r.speed.promptTokensPerSecond)} tokens/s of prompt.`
      : `${results[0].model.name} does not fit at any quantization: it needs ${gb(results[results.length - 1].memory.totalBytes)} at ${quants[quants.length - 1]}.`);
}

// ---- this machine ---------------------------------------------------------------------------
/** What detection and measurement found, in one line, and the name of the "This machine" options. */
async function loadThisMachine() {
  let s;
  try { s = await api('/api/system'); } catch (err) {
    document.querySelectorAll('.this-machine').forEach(p => { p.textContent = 'This machine could not be detected: ' + err.message; });
    return;
  }
  const gpus = s.gpus.length ? s.gpus.map(g => `${g.name} (${gb(g.memoryBytes)})`).join(', ') : 'no GPU';
  const name = `This machine: ${s.cpu.model}, ${s.cpu.cores} cores, ${gb(s.memory.totalBytes)} RAM, ${fmt(s.memory.bandwidthGBps, 1)} GB/s measured`;
  document.querySelectorAll('option[value="local"]').forEach(o => { o.textContent = name; });
  document.querySelectorAll('.this-machine').forEach(p => {
    p.textContent = `This machine as detected: ${s.cpu.model}, ${s.cpu.cores} cores / ${s.cpu.threads} threads, ${gb(s.memory.totalBytes)} RAM (${gb(s.memory.availableBytes)} free), ${gpus}. `
      + `Measured ${new Date(s.memory.measuredAt).toLocaleString()}: ${fmt(s.memory.bandwidthGBps, 1)} GB/s reading a token's layers with ${s.measurement.tokenReadThreads} threads (${s.memory.bandwidthMethod}, what speeds use), `
      + `${fmt(s.measurement.readBandwidthGBps, 1)} GB/s of plain reads.`;
  });
}

// ---- chat ---------------------------------------------------------------------------------
async function loadChatModels() {
  const sel = $('#chat-model');
  if (sel.options.length) { return; }
  try {
    const [models, planned] = await Promise.all([api('/v1/models'), fetch('/api/plan').then(r => r.ok, () => false)]);
    const ids = models.data.map(m => m.id);
    const configured = ids.filter(id => id !== 'auto');
    // "auto" goes to the applied plan: without one it would refuse the first message, so a
    // configured deployment comes first and "auto" says what it needs
    const order = planned ? ids : [...configured, ...ids.filter(id => id === 'auto')];
    sel.innerHTML = order.map(id => `<option value="${escapeHtml(id)}">${escapeHtml(id === 'auto' && !planned ? 'auto (apply a plan first)' : id)}</option>`).join('');
    $('#chat-hint').textContent = planned ? '' : configured.length
      ? 'No plan is applied: messages go to the deployment you pick. Apply a recommendation on the Advisor tab to use "auto".'
      : 'No deployment is configured: set advisor.deployments.<id>.* (see the README) and restart, or apply a recommendation.';
  } catch (err) { $('#chat-error').textContent = err.message; }
}

async function chat(event) {
  event.preventDefault();
  const form = event.target;
  clearErrors(form);
  $('#chat-error').textContent = '';
  const input = $('#chat-input');
  if (!input.value.trim()) { fieldError(input, 'write a message'); input.focus(); return; }
  const log = $('#chat-log');
  const you = document.createElement('li');
  you.innerHTML = `<span class="who">You</span><div></div>`;
  you.querySelector('div').textContent = input.value;
  log.appendChild(you);
  const reply = document.createElement('li');
  reply.className = 'reply';
  reply.innerHTML = `<span class="who">Assistant</span><div class="text"></div><div class="meta">waiting…</div>`;
  log.appendChild(reply);
  const started = performance.now();
  let first = null;
  let tokens = 0;
  let deployment = '';
  let cost = null;
  const res = await authorizedFetch('/v1/chat/completions', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ model: $('#chat-model').value, stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: input.value }] }) });
  input.value = '';
  if (!res.ok) {
    const body = await res.json().catch(() => ({ error: { message: res.statusText } }));
    reply.querySelector('.meta').textContent = body.error.message;
    reply.querySelector('.meta').className = 'meta no';
    return;
  }
  deployment = res.headers.get('x-advisor-deployment') || '';
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) { break; }
    buffer += decoder.decode(value, { stream: true });
    let cut;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const event = buffer.slice(0, cut).trim();
      buffer = buffer.slice(cut + 2);
      if (!event.startsWith('data:')) { continue; }
      const data = event.slice(5).trim();
      if (data === '[DONE]') { continue; }
      const chunk = JSON.parse(data);
      if (chunk.error) { reply.querySelector('.meta').textContent = chunk.error.message; continue; }
      const delta = chunk.choices && chunk.choices[0] && chunk.choices[0].delta && chunk.choices[0].delta.content;
      if (delta) {
        if (first == null) { first = performance.now() - started; }
        reply.querySelector('.text').textContent += delta;
      }
      if (chunk.usage) { tokens = chunk.usage.completion_tokens; }
      if (chunk.advisor) { cost = chunk.advisor.costUsd; }
    }
  }
  const total = performance.now() - started;
  const rate = first != null && tokens > 1 && total > first ? (tokens - 1) / ((total - first) / 1000) : null;
  reply.querySelector('.meta').textContent = `${deployment} · first token ${fmt(first)} ms · ${rate ? fmt(rate, 1) + ' tokens/s' : tokens + ' tokens'} · cost ${cost == null ? '—' : '$' + cost}`;
}

// ---- usage -------------------------------------------------------------------------------
async function loadUsage() {
  let u;
  try { u = await api('/api/usage'); } catch (err) { $('#usage-summary').textContent = err.message; return; }
  const spent = Number(u.spentUsd);
  // an empty frame says nothing: the chart appears once there is spend or a budget to show
  $('#chart-spend').closest('figure').hidden = !(spent > 0 || u.budgetUsd);
  $('#usage-summary').innerHTML = `<p>${u.month}: ${fmt(u.requests)} calls, ${usd(spent)} spent${u.budgetUsd != null ? ` of a ${usd(u.budgetUsd)} budget (${usd(u.remainingUsd)} left)` : ', no budget set'}; ledger in ${u.database}.</p>`;
  chart('chart-spend').setOption({
    grid: { left: 70, right: 30, top: 10, bottom: 40 }, tooltip: {},
    xAxis: { type: 'value', name: 'USD', nameLocation: 'middle', nameGap: 24, max: u.budgetUsd ? Math.max(u.budgetUsd, spent) : null }, yAxis: { type: 'category', data: ['spend'] },
    series: [{ type: 'bar', data: [+spent.toFixed(6)], itemStyle: { color: u.budgetUsd && spent > u.budgetUsd * 0.9 ? '#b3261e' : '#0b5cad' },
      markLine: u.budgetUsd ? { symbol: 'none', data: [{ xAxis: u.budgetUsd, name: 'budget' }], label: { formatter: 'budget' } } : undefined }],
  }, true);
  const pair = (m, p) => `${fmt(m)} / ${p == null ? '—' : fmt(p)} ms`;
  $('#usage-table tbody').innerHTML = u.deployments.map(d => `<tr><td>${escapeHtml(d.deploymentId)}</td><td class="num">${fmt(d.requests)}${d.errors ? ` (${d.errors} failed)` : ''}</td><td class="num">${usd(Number(d.costUsd))}</td>
    <td class="num">${pair(d.measured.p95LatencyMs, d.predicted && d.predicted.p95LatencyMs)}</td><td class="num">${pair(d.measured.p95TimeToFirstTokenMs, d.predicted && d.predicted.p95TimeToFirstTokenMs)}</td>
    <td class="num">${fmt(d.measured.generationTokensPerSecond, 1)}</td></tr>`).join('');
}

// ---- start -------------------------------------------------------------------------------
async function init() {
  document.querySelectorAll('.tab').forEach(t => t.addEventListener('click', () => show(t.dataset.page)));
  document.querySelectorAll('.preset').forEach(b => b.addEventListener('click', () => applyPreset(b.dataset.preset)));
  $('#advice-form').addEventListener('submit', advise);
  $('#model-form').addEventListener('submit', explore);
  $('#chat-form').addEventListener('submit', chat);
  $('#advice-table').addEventListener('click', e => {
    const b = e.target.closest('.apply-btn');
    if (b) { applyRecommendation(b.dataset.id); return; }
    const t = e.target.closest('.group-toggle');
    if (t) {
      const open = t.getAttribute('aria-expanded') !== 'true';
      t.setAttribute('aria-expanded', String(open));
      t.closest('tbody').querySelectorAll('tr.more').forEach(tr => { tr.hidden = !open; });
    }
  });
  applyPreset('team');
  const [models, hardware] = await Promise.all([api('/api/catalog/models'), api('/api/catalog/hardware')]);
  $('#model-preset').innerHTML = models.map(m => `<option value="${escapeHtml(m.id)}"${m.id === 'llama-2-7b' ? ' selected' : ''}>${escapeHtml(m.name)}</option>`).join('');
  // this machine first; its name follows once /api/system answers (the first answer measures)
  const hwOptions = '<option value="local">This machine (detecting…)</option>'
    + hardware.map(h => `<option value="${escapeHtml(h.id)}">${escapeHtml(h.name)}</option>`).join('');
  $('#hardware').innerHTML = hwOptions;
  $('#model-hardware').innerHTML = hwOptions;
  $('#model-hardware').value = 'rtx-4090';
  loadThisMachine();
  api('/api/ollama/models').then(list => {
    $('#model-ollama').innerHTML = '<option value="">(none)</option>' + list.map(m => `<option value="${escapeHtml(m.deploymentId + '|' + m.name)}">${escapeHtml(m.name)} on ${escapeHtml(m.deploymentId)}</option>`).join('');
  }).catch(() => { /* no Ollama configured or reachable: the list stays empty */ });
  document.body.dataset.ready = 'true';
  const fromHash = () => {
    const page = location.hash.replace('#', '');
    if (['advisor', 'models', 'chat', 'usage'].includes(page)) { show(page); }
  };
  window.addEventListener('hashchange', fromHash);
  fromHash();
}

init();
