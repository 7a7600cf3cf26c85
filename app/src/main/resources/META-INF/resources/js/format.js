// Numbers and names as people read them, field errors, and the chart registry.

export const $ = (sel, root = document) => root.querySelector(sel);

export const fmt = (n, digits = 0) => n == null || Number.isNaN(n) ? '—'
  : Number(n).toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
export const usd = (n) => n == null ? '—' : '$' + (n < 1 ? Number(n).toPrecision(3) : fmt(n, 2));
export const gb = (bytes) => bytes == null ? '—' : fmt(bytes / 1e9, 1) + ' GB';
export const pct = (fraction) => fraction == null ? '—' : fmt(fraction * 100) + '%';

export function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

/** A local candidate's fleet in words: "3 servers × 2 RTX 4090, rented"; empty for the cloud. */
export function shapeText(r) {
  if (!r.hardware) { return ''; }
  const n = r.replicas || 1;
  const acquired = r.acquisition === 'rent' ? ', rented' : r.acquisition === 'buy' ? ', bought' : '';
  return `${n} ${n === 1 ? 'server' : 'servers'} × ${r.devicesPerServer || 1} ${r.hardware}${acquired}`;
}

/** A candidate for people: the model, and where a local one runs. */
export const label = (r) => r.hardware ? `${r.model} on ${shapeText(r)}` : r.model;

/**
 * A candidate in a chart, short: the tag and device of a local one; a cloud one keeps its
 * provider, so that OpenAI's and Azure's offerings of one model stay apart.
 */
// a vLLM candidate's model id is a Hugging Face repository, too long for a chart: its name instead
const localName = (r) => r.engine === 'vllm' ? `vLLM ${r.model.replace(/ on vLLM$/, '')}` : r.modelId;

export const shortName = (r) => r.kind === 'local'
  ? `${localName(r)}@${r.hardwareId}${r.replicas > 1 ? ` ×${r.replicas}` : ''}`
  : r.model.replace(/^Azure OpenAI /, 'Azure ');

const charts = {};

export function chart(id) {
  if (!charts[id]) {
    charts[id] = echarts.init(document.getElementById(id), null, { renderer: 'canvas' });
    window.addEventListener('resize', () => charts[id].resize());
  }
  return charts[id];
}

export const resizeCharts = () => Object.values(charts).forEach(c => c.resize());

/** Axis defaults that keep names and labels inside the chart. */
export const axisName = (name, gap = 32) => ({ name, nameLocation: 'middle', nameGap: gap, nameTextStyle: { fontSize: 12 } });

export function clearErrors(form) {
  form.querySelectorAll('.field-error, .field-confirm').forEach(e => e.remove());
  form.querySelectorAll('[aria-invalid]').forEach(e => e.removeAttribute('aria-invalid'));
}

export function fieldError(input, message, className = 'field-error') {
  if (className === 'field-error') { input.setAttribute('aria-invalid', 'true'); }
  const span = document.createElement('span');
  span.className = className;
  span.id = input.id + (className === 'field-error' ? '-error' : '-confirm');
  span.textContent = message;
  input.setAttribute('aria-describedby', span.id);
  input.insertAdjacentElement('afterend', span);
  return span;
}

/** Puts a server 400 next to the field it names (e.g. workload.peakFactor), else above the button. */
export function showServerError(form, err, fallback) {
  const field = err.field || '';
  const input = field && (form.querySelector(`[name="${field}"]`) || form.querySelector('#' + field.split('.').pop().replace(/\[.*$/, '')));
  if (input) { fieldError(input, err.message); input.focus(); } else { fallback.textContent = err.message; }
}
