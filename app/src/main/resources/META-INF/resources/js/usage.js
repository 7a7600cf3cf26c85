// This month's spend against the budget, and measured beside predicted per deployment.
import { api } from './api.js';
import { $, axisName, chart, escapeHtml, fmt, usd } from './format.js';

export async function loadUsage() {
  let u;
  try { u = await api('/api/usage'); } catch (err) { $('#usage-summary').textContent = err.message; return; }
  const spent = Number(u.spentUsd);
  // an empty frame says nothing: the chart appears once there is spend or a budget to show
  $('#chart-spend').closest('figure').hidden = !(spent > 0 || u.budgetUsd);
  $('#usage-summary').innerHTML = `<p>${u.month}: ${fmt(u.requests)} calls, ${usd(spent)} spent${u.budgetUsd != null ? ` of a ${usd(u.budgetUsd)} budget (${usd(u.remainingUsd)} left)` : ', no budget set'}; ledger in ${escapeHtml(u.database)}.</p>`;
  chart('chart-spend').setOption({
    grid: { left: 16, right: 40, top: 16, bottom: 40, containLabel: true }, tooltip: {},
    xAxis: { type: 'value', ...axisName('USD this month', 28), max: u.budgetUsd ? Math.max(u.budgetUsd, spent) : null }, yAxis: { type: 'category', data: ['spend'] },
    series: [{ type: 'bar', barMaxWidth: 40, data: [+spent.toFixed(6)], itemStyle: { color: u.budgetUsd && spent > u.budgetUsd * 0.9 ? '#b3261e' : '#0b5cad' },
      markLine: u.budgetUsd ? { symbol: 'none', data: [{ xAxis: u.budgetUsd, name: 'budget' }], label: { formatter: 'budget' } } : undefined }],
  }, true);
  const pair = (m, p) => `${fmt(m)} / ${p == null ? '—' : fmt(p)} ms`;
  $('#usage-table tbody').innerHTML = u.deployments.map(d => `<tr><td>${escapeHtml(d.deploymentId)}</td><td class="num">${fmt(d.requests)}${d.errors ? ` (${d.errors} failed)` : ''}</td><td class="num">${usd(Number(d.costUsd))}</td>
    <td class="num">${pair(d.measured.p95LatencyMs, d.predicted && d.predicted.p95LatencyMs)}</td><td class="num">${pair(d.measured.p95TimeToFirstTokenMs, d.predicted && d.predicted.p95TimeToFirstTokenMs)}</td>
    <td class="num">${fmt(d.measured.generationTokensPerSecond, 1)}</td></tr>`).join('');
}
