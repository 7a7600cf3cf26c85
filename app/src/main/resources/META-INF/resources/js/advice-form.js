// The advisor's form: presets, checks a person would want before asking, owned hardware, request.
import { post } from './api.js';
import { $, clearErrors, escapeHtml, fieldError, showServerError } from './format.js';
import { renderAdvice } from './advice-table.js';
import { drawAdviceCharts } from './advice-charts.js';

// Each preset has a quality floor: without one the cheapest toy model heads the list. None sets
// parallel slots: the advisor chooses them per candidate unless the person types a number.
const PRESETS = {
  team: { requestsPerDay: 1000, activeHoursPerDay: 8, peakFactor: 3, inputTokens: 400, outputTokens: 250, p95InputTokens: 1200, p95OutputTokens: 600, latencyTargetMs: 10000, monthlyBudgetUsd: 100, qualityFloor: 45 },
  summarizer: { requestsPerDay: 5000, activeHoursPerDay: 10, peakFactor: 2, inputTokens: 3000, outputTokens: 400, p95InputTokens: 7000, p95OutputTokens: 800, latencyTargetMs: 30000, monthlyBudgetUsd: 300, qualityFloor: 50 },
  api: { requestsPerDay: 2000000, activeHoursPerDay: 24, peakFactor: 1.5, inputTokens: 300, outputTokens: 150, p95InputTokens: 800, p95OutputTokens: 400, latencyTargetMs: 5000, monthlyBudgetUsd: 20000, qualityFloor: 45 },
};

/** Below this a p95 target is more likely seconds typed as milliseconds than a real target. */
const LATENCY_TO_QUESTION_MS = 100;

export function applyPreset(name) {
  $('#parallel').value = '';
  Object.entries(PRESETS[name]).forEach(([k, v]) => { const el = document.getElementById(k); if (el) { el.value = v; } });
}

function num(id) {
  const v = document.getElementById(id).value.trim();
  return v === '' ? null : Number(v);
}

function validate(form) {
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
  const parallel = num('parallel');
  if (parallel != null && (!Number.isInteger(parallel) || parallel < 1)) {
    fieldError($('#parallel'), 'a whole number of slots, at least 1; leave it empty to let the advisor choose');
    ok = false;
  }
  const floor = num('qualityFloor');
  if (floor != null && floor > 0 && floor <= 1) {
    fieldError($('#qualityFloor'), `did you mean ${Math.round(floor * 100)}%? The floor is an MMLU score in percent, 0 to 100.`);
    ok = false;
  }
  return ok;
}

/** A target under 100 ms is asked about once; advising again with the same value keeps it. */
function latencyConfirmed() {
  const input = $('#latencyTargetMs');
  const ms = num('latencyTargetMs');
  if (ms == null || ms >= LATENCY_TO_QUESTION_MS || input.dataset.confirmed === String(ms)) { return true; }
  input.dataset.confirmed = String(ms);
  const note = fieldError(input, `${ms} ms is faster than any model answers; did you mean ${ms} seconds (${ms * 1000} ms)? Press Advise again to keep ${ms} ms.`, 'field-confirm');
  note.setAttribute('role', 'alert');
  input.focus();
  return false;
}

/** The ticked devices: an id, or {id, count} where the team owns more than one. */
function owned() {
  return Array.from(document.querySelectorAll('#hardware input[type=checkbox]:checked')).map(c => {
    const n = Number(c.closest('.owned-item').querySelector('.owned-number').value);
    return n > 1 ? { id: c.value, count: n } : c.value;
  });
}

function body() {
  const hardware = owned();
  const b = {
    workload: {
      requestsPerDay: num('requestsPerDay'), activeHoursPerDay: num('activeHoursPerDay'), peakFactor: num('peakFactor'),
      inputTokens: num('inputTokens'), outputTokens: num('outputTokens'), p95InputTokens: num('p95InputTokens'),
      p95OutputTokens: num('p95OutputTokens'), parallel: num('parallel'),
    },
    latencyTargetMs: num('latencyTargetMs'), latencyTarget: $('#latencyTarget').value,
    monthlyBudgetUsd: num('monthlyBudgetUsd'), qualityFloor: num('qualityFloor'),
    dataMustStayLocal: $('#dataMustStayLocal').checked,
    allowRentedHardware: $('#allowRentedHardware').checked,
    thisMachine: $('#thisMachine').value,
  };
  // empty: the advisor chooses the slots; a null would read as a value the person gave
  if (b.workload.parallel == null) { delete b.workload.parallel; }
  // "only" is this machine alone: a device list would contradict it
  if (hardware.length && b.thisMachine !== 'only') { b.hardware = hardware; }
  return b;
}

/** The devices we own, as ticks in a list a person can see whole, this machine first. */
export function fillOwnedHardware(hardware) {
  const rows = [{ id: 'local', name: 'This machine (detecting…)' }].concat(hardware);
  $('#hardware').innerHTML = rows.map(h => `<label class="check owned-item" data-name="${escapeHtml(h.name.toLowerCase())}">`
    + `<input type="checkbox" value="${escapeHtml(h.id)}"> <span class="owned-name">${escapeHtml(h.name)}</span>`
    + ` <input type="number" class="owned-number" min="1" max="64" value="1" aria-label="how many ${escapeHtml(h.name)}" title="how many you own">`
    + ' <span class="owned-count" data-id="' + escapeHtml(h.id) + '"></span></label>').join('');
  $('#hardware').addEventListener('change', countOwned);
  $('#hardware-filter').addEventListener('input', e => {
    const q = e.target.value.trim().toLowerCase();
    document.querySelectorAll('#hardware .owned-item').forEach(l => { l.hidden = q !== '' && !l.dataset.name.includes(q) && !l.querySelector('input').checked; });
  });
  countOwned();
}

function countOwned() {
  const n = owned().reduce((sum, d) => sum + (d.count || 1), 0);
  $('#hardware-count').textContent = n === 0 ? 'none ticked: every device with a price is considered' : `${n} ${n === 1 ? 'device' : 'devices'} ticked`;
}

/** Per device, how many candidates of the last answer run on it. */
function countCandidates(advice) {
  const per = {};
  advice.recommendations.forEach(r => { if (r.hardwareId) { per[r.hardwareId] = (per[r.hardwareId] || 0) + 1; } });
  document.querySelectorAll('#hardware .owned-count').forEach(s => {
    const n = per[s.dataset.id] || 0;
    s.textContent = n ? `(${n} ${n === 1 ? 'candidate' : 'candidates'})` : '';
  });
}

export async function advise(event) {
  event.preventDefault();
  const form = event.target;
  clearErrors(form);
  $('#form-error').textContent = '';
  if (!validate(form)) { form.querySelector('[aria-invalid]').focus(); return; }
  if (!latencyConfirmed()) { return; }
  const request = body();
  let advice;
  try {
    advice = await post('/api/advice', request);
  } catch (err) {
    showServerError(form, err, $('#form-error'));
    return;
  }
  renderAdvice(advice, request);
  countCandidates(advice);
  drawAdviceCharts(advice, request);
}
