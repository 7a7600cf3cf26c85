// The ranked answer: summary, candidates grouped by model, and applying one as the plan.
import { post } from './api.js';
import { $, escapeHtml, fmt, label, pct, usd } from './format.js';

let request = null;

/** A constraint whose figure no source gives is unknown, which is not the same as missed. */
function unknownFor(r, n) {
  const u = r.unknown || [];
  if (n === 'quality') { return u.includes('quality'); }
  return n === 'latency' && (u.includes('timeToFirstToken') || u.includes('outputSpeed')) && !r.meetsLatency;
}

function meets(r) {
  const parts = [['latency', r.meetsLatency], ['budget', r.meetsBudget], ['quality', r.meetsQuality], ['data', r.meetsDataLocality], ['capacity', r.meetsCapacity]];
  return parts.map(([n, ok]) => unknownFor(r, n)
    ? `<span class="unknown" title="${n}: no published figure">? ${n} unknown</span>`
    : `<span class="${ok ? 'yes' : 'no'}" title="${n}">${ok ? '✓' : '✗'} ${n}</span>`).join(' ');
}

/** The model a candidate runs: the Ollama tag of a local one, the offering of a cloud one. */
const modelKey = (r) => r.kind === 'local' ? `${r.engine || 'ollama'}/${r.modelId}` : r.id;

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

function summary(a) {
  const best = a.recommendations.find(r => r.id === a.best);
  const lines = a.summary.map(s => `<p>${escapeHtml(s)}</p>`);
  lines.push(best ? `<p><strong>Best fit:</strong> ${escapeHtml(label(best))}, ${usd(best.predicted.monthlyCostUsd)} a month, p95 ${fmt(best.predicted.p95LatencyMs)} ms.</p>`
    : '<p><strong>Nothing meets every constraint.</strong></p>');
  a.relax.forEach(x => lines.push(`<p class="no">${escapeHtml(x.message)}</p>`));
  a.breakEven.forEach(b => lines.push(`<p>${escapeHtml(b.message)}</p>`));
  if (request && request.dataMustStayLocal) { lines.push('<p>No cloud break-even: data must stay on the premises, so cloud offerings are excluded.</p>'); }
  return lines.join('');
}

/** The serving setup the advisor chose for a local candidate (or kept, when the request gave it). */
function slots(r) {
  if (r.parallelSlots == null) { return ''; }
  const ctx = r.contextPerSlot == null ? '' : ` × ${fmt(r.contextPerSlot)} tokens`;
  return `<br><small class="slots">${r.parallelSlots} parallel ${r.parallelSlots === 1 ? 'slot' : 'slots'}${ctx} per server</small>`;
}

function row(a, { r, rank }, first, more) {
  const m = a.measured && a.measured[r.id];
  const measured = m ? `<li><strong>Measured</strong> on ${escapeHtml(m.deploymentId)}: p95 ${fmt(m.p95LatencyMs)} ms over ${m.requests} calls</li>` : '';
  const toggle = first && more > 0
    ? `<br><button type="button" class="group-toggle link" aria-expanded="false">${more} more ${more === 1 ? 'option' : 'options'} for this model</button>` : '';
  const load = r.predicted.serverUtilization == null ? '' : `<br><small>${pct(r.predicted.serverUtilization)} busy at peak</small>`;
  return `<tr class="${r.id === a.best ? 'best' : ''}${first ? '' : ' more'}"${first ? '' : ' hidden'}>
    <td class="num">${rank}</td>
    <td>${first ? '' : '<span class="indent" aria-hidden="true">↳ </span>'}${escapeHtml(label(r))}<br><small>${escapeHtml(r.id)}</small>${slots(r)}${toggle}</td>
    <td class="num">${r.predicted.p95LatencyMs == null ? '—' : fmt(r.predicted.p95LatencyMs) + ' ms'}${load}</td>
    <td class="num">${usd(r.predicted.monthlyCostUsd)}</td>
    <td class="num">${usd(r.predicted.costPerMillionTokensUsd)}</td>
    <td>${meets(r)}</td>
    <td><details><summary>reasons</summary><ul>${measured}${r.reasons.map(x => `<li>${escapeHtml(x)}</li>`).join('')}</ul></details></td>
    <td><button type="button" class="apply-btn" data-id="${escapeHtml(r.id)}" aria-label="Apply ${escapeHtml(label(r))}">Apply</button></td>
  </tr>`;
}

export function renderAdvice(a, req) {
  request = req;
  $('#advice-result').hidden = false;
  $('#advice-summary').innerHTML = summary(a);
  // one body per model: its best shape shows, the other devices and shapes behind a toggle; room
  // for every Ollama file and vLLM repository of the catalog (about 50 models)
  const bodies = groupByModel(a.recommendations, a.best).slice(0, 60).map(g => {
    const members = g.slice(0, 25);
    return `<tbody class="model-group">${members.map((m, i) => row(a, m, i === 0, members.length - 1)).join('')}</tbody>`;
  });
  const table = $('#advice-table');
  table.querySelectorAll('tbody').forEach(b => b.remove());
  table.insertAdjacentHTML('beforeend', bodies.join(''));
}

async function applyRecommendation(id) {
  const box = $('#apply-status');
  box.hidden = false;
  $('#apply-label').textContent = 'Applying ' + id;
  $('#apply-progress').value = 0;
  $('#apply-detail').textContent = '';
  $('#apply-detail').className = '';
  try {
    await post('/api/plan', { recommendationId: id, latencyTargetMs: request.latencyTargetMs, monthlyBudgetUsd: request.monthlyBudgetUsd });
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

export function onTableClick(e) {
  const b = e.target.closest('.apply-btn');
  if (b) { applyRecommendation(b.dataset.id); return; }
  const t = e.target.closest('.group-toggle');
  if (t) {
    const open = t.getAttribute('aria-expanded') !== 'true';
    t.setAttribute('aria-expanded', String(open));
    t.closest('tbody').querySelectorAll('tr.more').forEach(tr => { tr.hidden = !open; });
  }
}
