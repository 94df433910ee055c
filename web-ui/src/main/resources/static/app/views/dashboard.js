// Coordinator dashboard: aggregates only. Referral counts come from GetReferralAnalytics (counts under 5 arrive
// suppressed and are shown as "fewer than 5"); unmet needs and capacity freshness are counts over directory and
// exchange data, never a single referral or a person.
import * as api from '../api.js';
import { h, svg, section, words, table, empty, errorBox } from '../ui.js';

/** A horizontal bar chart with a data table beside it (the table is what screen readers use). */
function barChart(title, rows) {
  const max = Math.max(1, ...rows.map((r) => r.value));
  const barHeight = 22;
  const labelWidth = 170;
  const width = 520;
  const height = rows.length * (barHeight + 8) + 10;
  const chart = svg('svg', { class: 'chart', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': `${title} (chart; the same numbers are in the table below)` },
    rows.map((r, i) => {
      const y = 5 + i * (barHeight + 8);
      const w = Math.max(2, ((width - labelWidth - 60) * r.value) / max);
      return svg('g', {},
        svg('text', { x: 0, y: y + 15 }, r.label),
        svg('rect', { x: labelWidth, y, width: w, height: barHeight, fill: r.suppressed ? '#8a94a6' : '#17457a' }),
        svg('text', { x: labelWidth + w + 6, y: y + 15 }, r.suppressed ? '<5' : String(r.value)));
    }));
  const data = table(title, ['', 'Count'], rows.map((r) => h('tr', {}, h('th', { scope: 'row' }, r.label),
    h('td', {}, r.suppressed ? 'fewer than 5' : String(r.value)))));
  return section(title, rows.length ? [chart, h('div', { class: 'table-wrap' }, data)] : empty('No data yet.'));
}

async function referrals() {
  const body = await api.get('/api/v1/referralAnalytics');
  const byState = new Map();
  const byUrgency = new Map();
  for (const c of body.counts || []) {
    for (const [map, key] of [[byState, words(c.state, 'REFERRAL_STATE_')], [byUrgency, words(c.urgency, 'URGENCY_')]]) {
      const row = map.get(key) || { label: key, value: 0, suppressed: false };
      row.value += Number(c.count || 0);
      row.suppressed = row.suppressed || (c.suppressed && !row.value);
      map.set(key, row);
    }
  }
  const total = body.total || {};
  return [
    h('p', { class: 'notice', id: 'referral-total' }, total.suppressed ? 'Referrals in total: fewer than 5.'
      : `Referrals in total: ${Number(total.count || 0)}.`),
    barChart('Referrals by state', [...byState.values()]),
    barChart('Referrals by urgency', [...byUrgency.values()]),
  ];
}

async function unmetNeeds() {
  const body = await api.get('/api/v1/needs', { 'filter.statuses': ['RESOURCE_STATUS_OPEN', 'RESOURCE_STATUS_PARTLY_CLAIMED'], pageSize: 100 });
  const counts = new Map();
  for (const n of body.needs || []) counts.set(words(n.kind, 'RESOURCE_KIND_'), (counts.get(words(n.kind, 'RESOURCE_KIND_')) || 0) + 1);
  return barChart('Unmet needs by kind', [...counts].map(([label, value]) => ({ label, value })));
}

async function capacityFreshness() {
  const body = await api.get('/api/v1/services:search', { orderBy: 'capacity_update_time', pageSize: 50 });
  const now = Date.now();
  const buckets = [['Reported today', 0], ['1–7 days ago', 0], ['Over a week ago', 0]];
  for (const m of body.matches || []) {
    const t = m.service && m.service.capacity && m.service.capacity.updateTime;
    if (!t) continue;
    const age = (now - new Date(t).getTime()) / 86400000;
    buckets[age < 1 ? 0 : age <= 7 ? 1 : 2][1] += 1;
  }
  return barChart('Capacity freshness (services reporting capacity)', buckets.map(([label, value]) => ({ label, value })));
}

const guarded = async (part) => { try { return await part(); } catch (e) { return errorBox(e); } };

export default async function dashboard() {
  const [refs, needs, fresh] = await Promise.all([guarded(referrals), guarded(unmetNeeds), guarded(capacityFreshness)]);
  return h('div', {}, h('h1', {}, 'Network dashboard'),
    h('p', {}, 'Aggregates only: no single referral and no personal data is ever shown here. Time to accept is not published by the API yet.'),
    refs, needs, fresh);
}
