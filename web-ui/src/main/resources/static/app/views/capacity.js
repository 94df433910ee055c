// Caseworker: the anonymous capacity check, before any personal data moves. The question is made only of
// non-identifying fields (needs, age range, gender, languages, urgency, timeframe) and goes to the partners chosen
// here; their intake staff answer from their inbox. Answers arrive live (the inbox stream carries an event per
// answer; polling is the fallback), and a "yes" leads straight to the referral form for that partner.
// The checks asked in this session are kept in page memory only (the service keeps them for two days).
import * as api from '../api.js';
import { h, field, input, select, checkboxes, checkedValues, formError, submitting, announce, section, words, when, empty, errorBox } from '../ui.js';
import { languageOptions } from '../languages.js';

const POLL_MS = 15000;
const asked = []; // capacity check names asked in this page's life, newest first
const ANSWER_BADGE = {
  CAPACITY_ANSWER_KIND_CAPACITY: ['ok', 'Has capacity'], CAPACITY_ANSWER_KIND_NO_CAPACITY: ['bad', 'No capacity'],
  CAPACITY_ANSWER_KIND_WAITLIST: ['warn', 'Waitlist'], CAPACITY_ANSWER_KIND_ASSESSMENT_REQUIRED: ['info', 'Assessment needed'],
};
const idOf = (name) => name.substring(name.indexOf('/') + 1);
export const TIMEFRAMES = [['tonight', 'Tonight'], ['this-week', 'This week'], ['this-month', 'This month']];
export const timeframeLabel = (code) => (TIMEFRAMES.find(([c]) => c === code) || [code, code || 'any time'])[1];
/** "age 16–17", "age 16 or older", or nothing when no age was given. */
export function ageLabel(range) {
  const min = range && range.minAge;
  const max = range && range.maxAge;
  if (!min && !max) return null;
  return max ? `age ${min || 0}–${max}` : `age ${min} or older`;
}

async function checkCard(session, navigate, check) {
  const answers = new Map((check.answers || []).map((a) => [a.partner, a]));
  const needs = await Promise.all((check.needs || []).map((c) => session.termName(c)));
  const rows = await Promise.all((check.askedPartners || []).map(async (partner) => {
    const name = await session.partnerName(partner);
    const a = answers.get(partner);
    const [cls, label] = a ? ANSWER_BADGE[a.answer] || ['info', words(a.answer, 'CAPACITY_ANSWER_KIND_')] : ['', 'Waiting for an answer'];
    return h('li', { 'data-partner': partner },
      h('strong', {}, name), ' ', h('span', { class: `badge ${cls}` }, label),
      a && a.note ? h('span', { class: 'meta' }, ` “${a.note}”`) : null,
      a && ['CAPACITY_ANSWER_KIND_CAPACITY', 'CAPACITY_ANSWER_KIND_WAITLIST'].includes(a.answer)
        ? h('button', { type: 'button', class: 'primary', onclick: () => navigate('refer', { partnerId: partner, codes: check.needs || [] }) }, `Refer to ${name}`)
        : null);
  }));
  return h('li', { class: 'card capacity-check', 'data-check': idOf(check.name) },
    h('h3', {}, needs.join(', ')),
    h('p', { class: 'meta' }, `${words(check.urgency, 'URGENCY_')} · ${timeframeLabel(check.timeframe)} · asked ${when(check.createTime)}`
      + (check.expired ? ' · expired' : ` · open until ${when(check.expireTime)}`)),
    h('ul', { class: 'answers' }, rows));
}

export default async function capacity({ session, navigate }) {
  const terms = await session.terms();
  const need = select([['', 'Choose…'], ...terms.map((t) => [t.code, `${t.parentCode ? '— ' : ''}${t.name}`])], { name: 'needs' });
  const minAge = input({ type: 'number', min: '0', max: '120', inputmode: 'numeric', name: 'minAge' });
  const maxAge = input({ type: 'number', min: '0', max: '120', inputmode: 'numeric', name: 'maxAge' });
  const gender = select([['', 'Not stated'], ['female', 'Female'], ['male', 'Male'], ['non-binary', 'Non-binary']], { name: 'gender' });
  const language = select(languageOptions([['', 'Any']]), { name: 'languages' });
  const urgency = select([['URGENCY_URGENT', 'Urgent'], ['URGENCY_EMERGENCY', 'Emergency'], ['URGENCY_ROUTINE', 'Routine']], { name: 'urgency' });
  const timeframe = select(TIMEFRAMES, { name: 'timeframe' });
  const partnersHolder = h('div', { id: 'capacity-partners' }, h('p', { class: 'hint' }, 'Choose the need first: the partners offering it are listed here.'));
  const list = h('div', { id: 'capacity-checks' });
  let stopped = false;
  let timer;
  let source;

  need.addEventListener('change', async () => {
    if (!need.value) return;
    try {
      const body = await api.get('/api/v1/services:search', { taxonomy: need.value, acceptingReferrals: true, pageSize: 50 });
      const partners = new Map();
      for (const m of body.matches || []) if (!partners.has(m.partnerId) && m.partnerId !== session.orgId) partners.set(m.partnerId, m.partnerName);
      partnersHolder.replaceChildren(partners.size
        ? checkboxes('Ask these partners (up to 20)', 'asked', [...partners].slice(0, 20), { field: 'capacity_check.asked_partners' })
        : empty('No partner accepting referrals offers this.'));
    } catch (e) {
      partnersHolder.replaceChildren(errorBox(e));
    }
  });

  const render = async () => {
    try {
      const checks = await Promise.all(asked.map((name) => api.get(`/api/v1/capacityChecks/${encodeURIComponent(idOf(name))}`).then((b) => b.capacityCheck)));
      const cards = await Promise.all(checks.map((c) => checkCard(session, navigate, c)));
      if (!stopped) list.replaceChildren(cards.length ? h('ul', { class: 'cards' }, cards) : empty('No capacity checks asked yet.'));
    } catch (e) {
      if (!stopped) list.replaceChildren(errorBox(e));
    }
  };
  const poll = async () => { await render(); if (!stopped) timer = setTimeout(poll, POLL_MS); };

  const form = h('form', { novalidate: true, id: 'capacity-form' },
    h('p', { class: 'notice' }, 'Nothing here may identify the survivor: partners see only these fields.'),
    h('div', { class: 'grid' },
      field('Need', need, { field: 'capacity_check.needs' }),
      field('Urgency', urgency, { field: 'capacity_check.urgency' }),
      field('When', timeframe, { field: 'capacity_check.timeframe' }),
      field('Language', language, { field: 'capacity_check.languages' }),
      field('Age from', minAge, { field: 'capacity_check.age_range.min_age' }),
      field('Age to', maxAge, { field: 'capacity_check.age_range.max_age' }),
      field('Gender', gender, { field: 'capacity_check.gender' })),
    partnersHolder,
    formError(),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Ask about capacity')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    submitting(form, async () => {
      const body = await api.post('/api/v1/capacityChecks', { capacityCheck: {
        needs: need.value ? [need.value] : [], urgency: urgency.value, timeframe: timeframe.value,
        languages: language.value ? [language.value] : [], gender: gender.value || undefined,
        ageRange: minAge.value || maxAge.value ? { minAge: Number(minAge.value || 0), maxAge: Number(maxAge.value || 0) } : undefined,
        askedPartners: checkedValues(partnersHolder, 'asked'),
      } });
      asked.unshift(body.capacityCheck.name);
      announce(`Asked ${(body.capacityCheck.askedPartners || []).length} partners. Answers appear below as they come.`);
      await render();
    });
  });

  await poll();
  if (window.EventSource) {
    source = new EventSource('/api/v1/inbox:watch');
    source.addEventListener('message', (e) => {
      const event = (JSON.parse(e.data) || {}).event || {};
      if (event.type === 'INBOX_EVENT_TYPE_CAPACITY_ANSWERED' && asked.includes(event.capacityCheck)) {
        render();
        announce('A partner answered your capacity check.');
      }
    });
    source.addEventListener('error', () => source.close());
  }
  return {
    node: h('div', {}, h('h1', {}, 'Capacity checks'),
      h('p', {}, 'Ask partners whether they could take someone, without saying who. Refer once a partner says yes.'),
      section('Ask', form), section('Asked', list)),
    cleanup: () => { stopped = true; clearTimeout(timer); if (source) source.close(); },
  };
}
