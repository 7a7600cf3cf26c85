// The web UI: plain ES modules over the app's own API; charts by ECharts (served from its WebJar).
import { api } from './api.js';
import { $, escapeHtml, fmt, gb, resizeCharts } from './format.js';
import { advise, applyPreset, fillOwnedHardware } from './advice-form.js';
import { onTableClick } from './advice-table.js';
import { explore } from './explorer.js';
import { chat, loadChatModels } from './chat.js';
import { loadUsage } from './usage.js';

const PAGES = ['advisor', 'models', 'chat', 'usage'];

function show(page) {
  document.querySelectorAll('.page').forEach(p => { p.hidden = p.id !== 'page-' + page; });
  document.querySelectorAll('.tab').forEach(t => {
    if (t.dataset.page === page) { t.setAttribute('aria-current', 'page'); } else { t.removeAttribute('aria-current'); }
  });
  if (page === 'usage') { loadUsage(); }
  if (page === 'chat') { loadChatModels(); }
  resizeCharts();
  history.replaceState(null, '', '#' + page);
}

/** What detection and measurement found, in one line, and the name of the "This machine" options. */
async function loadThisMachine() {
  let s;
  try { s = await api('/api/system'); } catch (err) {
    document.querySelectorAll('.this-machine').forEach(p => { p.textContent = 'This machine could not be detected: ' + err.message; });
    return;
  }
  const gpus = s.gpus.length ? s.gpus.map(g => `${g.name} (${gb(g.memoryBytes)})`).join(', ') : 'no GPU';
  const name = `This machine: ${s.cpu.model}, ${s.cpu.cores} cores, ${gb(s.memory.totalBytes)} RAM, ${fmt(s.memory.bandwidthGBps, 1)} GB/s measured`;
  document.querySelectorAll('option[value="local"], #hardware input[value="local"] ~ .owned-name').forEach(o => { o.textContent = name; });
  document.querySelectorAll('.this-machine').forEach(p => {
    p.textContent = `This machine as detected: ${s.cpu.model}, ${s.cpu.cores} cores / ${s.cpu.threads} threads, ${gb(s.memory.totalBytes)} RAM (${gb(s.memory.availableBytes)} free), ${gpus}. `
      + `Measured ${new Date(s.memory.measuredAt).toLocaleString()}: ${fmt(s.memory.bandwidthGBps, 1)} GB/s reading a token's layers with ${s.measurement.tokenReadThreads} threads (${s.memory.bandwidthMethod}, what speeds use), `
      + `${fmt(s.measurement.readBandwidthGBps, 1)} GB/s of plain reads.`;
  });
}

async function init() {
  document.querySelectorAll('.tab').forEach(t => t.addEventListener('click', () => show(t.dataset.page)));
  document.querySelectorAll('.preset').forEach(b => b.addEventListener('click', () => applyPreset(b.dataset.preset)));
  $('#advice-form').addEventListener('submit', advise);
  $('#model-form').addEventListener('submit', explore);
  $('#chat-form').addEventListener('submit', chat);
  $('#advice-table').addEventListener('click', onTableClick);
  applyPreset('team');
  const [models, hardware] = await Promise.all([api('/api/catalog/models'), api('/api/catalog/hardware')]);
  $('#model-preset').innerHTML = models.map(m => `<option value="${escapeHtml(m.id)}"${m.id === 'llama-2-7b' ? ' selected' : ''}>${escapeHtml(m.name)}</option>`).join('');
  // this machine first; its name follows once /api/system answers (the first answer measures)
  fillOwnedHardware(hardware);
  $('#model-hardware').innerHTML = '<option value="local">This machine (detecting…)</option>'
    + hardware.map(h => `<option value="${escapeHtml(h.id)}">${escapeHtml(h.name)}</option>`).join('');
  $('#model-hardware').value = 'rtx-4090';
  loadThisMachine();
  api('/api/ollama/models').then(list => {
    $('#model-ollama').innerHTML = '<option value="">(none)</option>' + list.map(m => `<option value="${escapeHtml(m.deploymentId + '|' + m.name)}">${escapeHtml(m.name)} on ${escapeHtml(m.deploymentId)}</option>`).join('');
  }).catch(() => { /* no Ollama configured or reachable: the list stays empty */ });
  document.body.dataset.ready = 'true';
  const fromHash = () => {
    const page = location.hash.replace('#', '');
    if (PAGES.includes(page)) { show(page); }
  };
  window.addEventListener('hashchange', fromHash);
  fromHash();
}

init();
