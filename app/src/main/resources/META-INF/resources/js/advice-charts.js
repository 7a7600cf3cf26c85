// The advice's four charts. Every figure comes from the answer; the charts only lay them out.
import { post } from './api.js';
import { chart, fmt, shortName } from './format.js';

// names sit inside the grid, labels are counted in it (containLabel), so nothing is cut off
const GRID = { left: 16, right: 48, top: 40, bottom: 40, containLabel: true };
// rotated labels reach left of their tick, past what containLabel counts: a truncated 150 px
// label at 30 degrees ends about 130 px left of the first tick, which sits half a band in
const CATEGORY_GRID = { ...GRID, left: 88, bottom: 16 };
const compact = new Intl.NumberFormat('en-US', { notation: 'compact' });
const Y = (name) => ({ type: 'value', name, nameTextStyle: { align: 'left', fontSize: 12 } });
const X = (name, type = 'value') => ({ type, name, nameLocation: 'middle', nameGap: 30, nameTextStyle: { fontSize: 12 },
  axisLabel: { hideOverlap: true, formatter: v => compact.format(v) } });
const CATEGORY_LABEL = { rotate: 30, fontSize: 10, width: 150, overflow: 'truncate', interval: 0 };

/**
 * A local fleet's cost against volume, in steps of one server at its share of the fixed cost. A
 * fleet of several servers was sized as the fewest that meet the latency target at the asked
 * volume, so each carries that volume's share and no more; a single server takes load until it is
 * 80% busy at the peak (where the advisor starts sizing fleets), at the busy share the answer gives.
 */
function fleetLine(r, volume, maxV) {
  const servers = r.replicas || 1;
  const utilization = Math.max(0.005, r.predicted.serverUtilization == null ? 0.8 : r.predicted.serverUtilization);
  const perServer = servers > 1 ? volume / servers : volume * Math.max(1, 0.8 / utilization);
  const fixedPerServer = r.cost.fixedMonthlyUsd / servers;
  const cost = (n, v) => +(fixedPerServer * n + r.cost.usdPerRequest * v).toFixed(2);
  const steps = perServer > 0 ? Math.ceil(maxV / perServer) : 1;
  if (steps > 60) {
    // too many steps to see: the straight line of the shape as recommended
    return { type: 'line', name: shortName(r), showSymbol: false, data: [[0, cost(servers, 0)], [Math.round(maxV), cost(servers, maxV)]] };
  }
  const data = [[0, cost(1, 0)]];
  const marks = [];
  for (let n = 1; n <= steps; n++) {
    const end = Math.min(n * perServer, maxV);
    data.push([Math.round(end), cost(n, end)]);
    if (n < steps) {
      data.push([Math.round(end), cost(n + 1, end)]);
      marks.push({ coord: [Math.round(end), cost(n + 1, end)], value: String(n + 1) });
    }
  }
  return {
    type: 'line', name: `${shortName(r)} (one more server per ${fmt(perServer)} requests)`, showSymbol: false, data,
    markPoint: marks.length <= 12 ? { symbol: 'pin', symbolSize: 30, label: { fontSize: 9 }, data: marks } : undefined,
  };
}

function latencyChart(a, target) {
  const top = a.recommendations.filter(r => r.predicted.p95LatencyMs != null).slice(0, 10);
  chart('chart-latency').setOption({
    grid: CATEGORY_GRID,
    tooltip: {},
    xAxis: { type: 'category', data: top.map(shortName), axisLabel: CATEGORY_LABEL },
    yAxis: Y('p95, ms'),
    series: [{ type: 'bar', data: top.map(r => ({ value: Math.round(r.predicted.p95LatencyMs), itemStyle: { color: r.predicted.p95LatencyMs <= target ? '#1a7f37' : '#b3261e' } })),
      markLine: { symbol: 'none', data: [{ yAxis: target, name: 'target' }], label: { position: 'insideEndTop', formatter: 'target {c} ms' } } }],
  }, true);
}

/**
 * Which points get a name: the best scores first, then each one only where no named point is
 * near it (within 5 MMLU points and a third of a decade of cost); the rest are named on hover.
 */
function named(points) {
  const shown = [];
  [...points].sort((x, y) => y.quality - x.quality).forEach(p => {
    const near = shown.some(q => Math.abs(q.quality - p.quality) < 5
      && Math.abs(Math.log10(q.costPerMillionTokensUsd) - Math.log10(p.costPerMillionTokensUsd)) < 0.34);
    if (!near) { shown.push(p); }
  });
  return new Set(shown);
}

function qualityChart(a) {
  const points = a.qualityCurve.filter(p => p.costPerMillionTokensUsd > 0);
  const labelled = named(points);
  chart('chart-quality').setOption({
    grid: { ...GRID, right: 110 },
    tooltip: { formatter: p => `${p.value[2]}<br>MMLU ${p.value[1]}<br>$${p.value[0]} per 1M tokens` },
    xAxis: X('$ per 1M tokens (log scale)', 'log'),
    yAxis: { ...Y('MMLU %'), min: 20, max: 100 },
    series: [{ type: 'scatter', symbolSize: 10,
      data: points.map(p => ({ value: [p.costPerMillionTokensUsd, p.quality, p.model], label: { show: labelled.has(p) } })),
      label: { show: true, position: 'right', fontSize: 9, formatter: p => p.value[2].replace(/ (Chat|Instruct)/, '') },
      // a name reaches about 100 px right of its point, further than named() can judge on the
      // data's scales: where two still collide, the chart drops the later one (named on hover)
      labelLayout: { hideOverlap: true } }],
  }, true);
}

function costChart(a) {
  const local = a.recommendations.find(r => r.kind === 'local' && r.meetsCapacity) || a.recommendations.find(r => r.kind === 'local');
  const cloud = a.recommendations.find(r => r.kind === 'cloud' && r.predicted.p95LatencyMs != null) || a.recommendations.find(r => r.kind === 'cloud');
  const volume = a.workload.requestsPerMonth;
  const be = a.breakEven[0] && a.breakEven[0].requestsPerMonth;
  const maxV = Math.max(volume * 2, be ? be * 1.5 : 0, 1000);
  const xs = Array.from({ length: 41 }, (_, i) => maxV * i / 40);
  const line = (r) => xs.map(v => [Math.round(v), +(r.cost.fixedMonthlyUsd + r.cost.usdPerRequest * v).toFixed(2)]);
  const series = [local, cloud].filter(Boolean).map(r => r.kind === 'local' ? fleetLine(r, volume, maxV) : { type: 'line', name: shortName(r), showSymbol: false, data: line(r) });
  if (series.length) {
    series[0].markLine = { symbol: 'none', data: [{ xAxis: Math.round(volume), name: 'your volume' }].concat(be ? [{ xAxis: Math.round(be), name: 'break-even' }] : []),
      label: { position: 'insideEndTop', formatter: p => p.name, fontSize: 10 } };
  }
  chart('chart-cost').setOption({
    // a plain legend wraps onto a second line rather than paging a series out of sight
    grid: { ...GRID, bottom: 84 }, tooltip: { trigger: 'axis' },
    legend: { bottom: 0, textStyle: { fontSize: 11 } },
    xAxis: X('requests a month'), yAxis: Y('USD a month'), series,
  }, true);
}

/** The memory of the leading local options, each estimated at the context it was sized for. */
async function memoryChart(a, request) {
  const locals = a.recommendations.filter(r => r.kind === 'local')
    .filter((r, i, all) => all.findIndex(x => x.preset === r.preset && x.quantization === r.quantization && x.hardwareId === r.hardwareId) === i).slice(0, 6);
  const estimates = await Promise.all(locals.map(r => post('/api/estimate', {
    model: r.preset, quantization: r.quantization, hardware: r.hardwareId, parallel: r.parallelSlots || request.workload.parallel || 1,
    contextTokens: r.contextTokens,
    promptTokens: Math.round(request.workload.inputTokens), outputTokens: Math.max(1, Math.round(request.workload.outputTokens)),
  }).catch(() => null)));
  const part = (f) => estimates.map(e => e ? +(f(e.memory) / 1e9).toFixed(2) : 0);
  chart('chart-memory').setOption({
    grid: { ...CATEGORY_GRID, top: 64 }, tooltip: { trigger: 'axis' }, legend: { top: 0, textStyle: { fontSize: 11 } },
    xAxis: { type: 'category', data: locals.map(shortName), axisLabel: CATEGORY_LABEL },
    yAxis: { ...Y('GB'), nameTextStyle: { align: 'right', fontSize: 12 } },
    series: [
      { type: 'bar', stack: 'm', name: 'weights', data: part(m => m.weightsBytes) },
      { type: 'bar', stack: 'm', name: 'KV cache', data: part(m => m.kvCacheBytes) },
      { type: 'bar', stack: 'm', name: 'buffers + reserve', data: part(m => m.computeBufferBytes + m.overheadBytes) },
      { type: 'scatter', name: 'device memory', symbol: 'rect', symbolSize: [26, 3], itemStyle: { color: '#b3261e' }, data: part(m => m.deviceCapacityBytes) },
    ],
  }, true);
}

export function drawAdviceCharts(a, request) {
  latencyChart(a, request.latencyTargetMs);
  qualityChart(a);
  costChart(a);
  return memoryChart(a, request);
}
