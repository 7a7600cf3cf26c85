// The chat playground: one message to /v1/chat/completions, streamed, with its measurements.
import { api, authorizedFetch } from './api.js';
import { $, clearErrors, escapeHtml, fieldError, fmt } from './format.js';

export async function loadChatModels() {
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

function entry(className, who) {
  const li = document.createElement('li');
  li.className = className;
  li.innerHTML = `<span class="who">${who}</span><div class="text"></div><div class="meta"></div>`;
  $('#chat-log').appendChild(li);
  return li;
}

/** A refusal is the server's word, not the model's: it replaces the reply with an error entry. */
function failed(reply, message) {
  reply.className = 'error';
  reply.setAttribute('role', 'alert');
  reply.querySelector('.who').textContent = 'Not answered';
  reply.querySelector('.text').textContent = message;
  reply.querySelector('.meta').textContent = '';
}

/** Reads the server-sent events into the reply; answers what was counted. */
async function stream(res, reply) {
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  const started = performance.now();
  const seen = { first: null, tokens: 0, cost: null, error: null };
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) { break; }
    buffer += decoder.decode(value, { stream: true });
    let cut;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const event = buffer.slice(0, cut).trim();
      buffer = buffer.slice(cut + 2);
      const data = event.startsWith('data:') ? event.slice(5).trim() : '[DONE]';
      if (data === '[DONE]') { continue; }
      const chunk = JSON.parse(data);
      if (chunk.error) { seen.error = chunk.error.message; continue; }
      const delta = chunk.choices && chunk.choices[0] && chunk.choices[0].delta && chunk.choices[0].delta.content;
      if (delta) {
        if (seen.first == null) { seen.first = performance.now() - started; }
        reply.querySelector('.text').textContent += delta;
      }
      if (chunk.usage) { seen.tokens = chunk.usage.completion_tokens; }
      if (chunk.advisor) { seen.cost = chunk.advisor.costUsd; }
    }
  }
  seen.total = performance.now() - started;
  return seen;
}

export async function chat(event) {
  event.preventDefault();
  clearErrors(event.target);
  $('#chat-error').textContent = '';
  const input = $('#chat-input');
  if (!input.value.trim()) { fieldError(input, 'write a message'); input.focus(); return; }
  entry('you', 'You').querySelector('.text').textContent = input.value;
  const reply = entry('reply', 'Reply');
  reply.querySelector('.meta').textContent = 'waiting…';
  let res;
  try {
    res = await authorizedFetch('/v1/chat/completions', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ model: $('#chat-model').value, stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: input.value }] }) });
  } catch (err) { failed(reply, err.message); return; }
  input.value = '';
  if (!res.ok) {
    const body = await res.json().catch(() => ({ error: { message: res.statusText } }));
    failed(reply, body.error.message);
    return;
  }
  const deployment = res.headers.get('x-advisor-deployment') || '';
  const s = await stream(res, reply);
  if (s.error && !reply.querySelector('.text').textContent) { failed(reply, s.error); return; }
  const rate = s.first != null && s.tokens > 1 && s.total > s.first ? (s.tokens - 1) / ((s.total - s.first) / 1000) : null;
  reply.querySelector('.meta').textContent = `${deployment} · first token ${fmt(s.first)} ms · ${rate ? fmt(rate, 1) + ' tokens/s' : s.tokens + ' tokens'} · cost ${s.cost == null ? '—' : '$' + s.cost}`
    + (s.error ? ` · stopped: ${s.error}` : '');
}
