// Shelter intake: the referral inbox, live. The gateway streams the organisation's inbox events as server-sent
// events (GET /api/v1/inbox:watch; ids and states only); each event reloads the list. Should the stream fail or be
// unavailable, the list still refreshes itself by polling. New referrals are announced politely.
// Anonymous capacity questions come only through the stream: it is opened from the start of the kept history, so
// the open questions of the last days are listed with a form to answer each.
import * as api from '../api.js';
import { h, field, select, input, formError, submitting, section, words, when, empty, errorBox, announce } from '../ui.js';
import { languageName } from '../languages.js';
import { referralCard } from './referrals.js';
import { timeframeLabel, ageLabel } from './capacity.js';

const ANSWERS = [['CAPACITY_ANSWER_KIND_CAPACITY', 'Yes, we have capacity'], ['CAPACITY_ANSWER_KIND_NO_CAPACITY', 'No capacity'],
  ['CAPACITY_ANSWER_KIND_WAITLIST', 'Waitlist'], ['CAPACITY_ANSWER_KIND_ASSESSMENT_REQUIRED', 'Assessment needed first']];

async function questionCard(session, check, onAnswered) {
  const id = check.name.substring(check.name.indexOf('/') + 1);
  const needs = await Promise.all((check.needs || []).map((c) => session.termName(c)));
  const facts = [words(check.urgency, 'URGENCY_'), timeframeLabel(check.timeframe), ageLabel(check.ageRange), check.gender,
    (check.languages || []).map(languageName).join(', ')].filter(Boolean).join(' · ');
  const own = (check.answers || [])[0];
  let answerPart;
  if (own) {
    answerPart = h('p', {}, 'Answered: ', h('strong', {}, words(own.answer, 'CAPACITY_ANSWER_KIND_')), own.note ? ` — ${own.note}` : '');
  } else {
    const answer = select(ANSWERS, { name: 'answer' });
    const note = input({ name: 'note', maxlength: '500', autocomplete: 'off' });
    answerPart = h('form', { novalidate: true, class: 'capacity-answer' },
      h('div', { class: 'grid' }, field('Answer', answer, { field: 'answer' }),
        field('Note', note, { field: 'note', hint: 'e.g. "one bed until Friday". Never about a person.' })),
      formError(), h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Send answer')));
    answerPart.addEventListener('submit', (e) => {
      e.preventDefault();
      submitting(answerPart, async () => {
        await api.post(`/api/v1/capacityChecks/${encodeURIComponent(id)}/answers`, { answer: answer.value, note: note.value.trim() });
        announce('Answer sent.');
        onAnswered();
      });
    });
  }
  return h('li', { class: 'card capacity-question', 'data-check': id },
    h('h3', {}, `Could you take someone? ${needs.join(', ')}`),
    h('p', { class: 'meta' }, `${facts} · asked ${when(check.createTime)}`), answerPart);
}

const POLL_MS = 10000;
const POLL_WHILE_LIVE_MS = 60000;

export default async function inbox({ session, navigate }) {
  const list = h('div', { id: 'inbox' });
  const questions = h('div', { id: 'capacity-questions' }, empty('No open capacity questions.'));
  const questionNames = [];
  const updated = h('p', { class: 'meta', id: 'inbox-updated' });
  let known = null;
  let shown = null;
  let stopped = false;
  let timer;
  let live = false;
  let source = null;
  let pending = null;

  const load = async () => {
    try {
      const body = await api.get('/api/v1/referrals', { box: 'BOX_INBOX', pageSize: 50 });
      const referrals = body.referrals || [];
      session.inbox = referrals;
      const ids = new Set(referrals.map((r) => r.id));
      const fresh = known ? referrals.filter((r) => !known.has(r.id)) : [];
      known = ids;
      // an event that changed nothing on this page (or a replay of ones already shown) leaves the list as it is,
      // so nothing under the user's pointer is replaced
      const signature = referrals.map((r) => `${r.id}:${r.state}`).join(',');
      if (signature === shown) {
        updated.textContent = `Updated ${new Date().toLocaleTimeString()}; ${live ? 'live updates are on' : `refreshes every ${POLL_MS / 1000} seconds`}.`;
        return;
      }
      const cards = await Promise.all(referrals.map((r) => referralCard(session, r, 'sender', h('div', { class: 'actions' },
        h('button', { type: 'button', class: ['REFERRAL_STATE_SENT', 'REFERRAL_STATE_RECEIVED'].includes(r.state) ? 'primary' : 'secondary',
          onclick: () => navigate('referral', { id: r.id, from: 'inbox' }) }, ['REFERRAL_STATE_SENT', 'REFERRAL_STATE_RECEIVED'].includes(r.state) ? 'Open and answer' : 'Details')))));
      if (stopped) return;
      list.replaceChildren(referrals.length ? h('ul', { class: 'cards' }, cards) : empty('No referrals yet.'));
      shown = signature;
      updated.textContent = `Updated ${new Date().toLocaleTimeString()}; ${live ? 'live updates are on' : `refreshes every ${POLL_MS / 1000} seconds`}.`;
      if (fresh.length) announce(`${fresh.length} new referral${fresh.length === 1 ? '' : 's'} in the inbox.`);
    } catch (e) {
      if (!stopped) list.replaceChildren(errorBox(e));
    }
  };
  const showQuestions = async () => {
    try {
      const checks = (await Promise.all(questionNames.map((name) => api.get(`/api/v1/capacityChecks/${encodeURIComponent(name.substring(name.indexOf('/') + 1))}`)
        .then((b) => b.capacityCheck).catch(() => null)))).filter((c) => c && !c.expired);
      const cards = await Promise.all(checks.map((c) => questionCard(session, c, showQuestions)));
      if (!stopped) questions.replaceChildren(cards.length ? h('ul', { class: 'cards' }, cards) : empty('No open capacity questions.'));
    } catch (e) {
      if (!stopped) questions.replaceChildren(errorBox(e));
    }
  };
  let pendingQuestions = null;
  const tick = async () => { await load(); if (!stopped) timer = setTimeout(tick, live ? POLL_WHILE_LIVE_MS : POLL_MS); };
  await tick();
  if (window.EventSource) {
    source = new EventSource('/api/v1/inbox:watch?afterSequence=0');
    source.addEventListener('open', () => { live = true; });
    source.addEventListener('message', (e) => {
      const event = (JSON.parse(e.data) || {}).event || {};
      if (event.type === 'INBOX_EVENT_TYPE_CAPACITY_QUESTION' && event.capacityCheck && !questionNames.includes(event.capacityCheck)) {
        questionNames.unshift(event.capacityCheck);
        clearTimeout(pendingQuestions);
        pendingQuestions = setTimeout(() => { if (!stopped) showQuestions(); }, 300);
      }
      // a burst of events reloads once
      clearTimeout(pending);
      pending = setTimeout(() => { if (!stopped) load(); }, 300);
    });
    // a connection failure or an `event: error` frame from the gateway: back to polling only
    source.addEventListener('error', () => {
      live = false;
      source.close();
      clearTimeout(timer);
      if (!stopped) timer = setTimeout(tick, POLL_MS);
    });
  }

  return {
    node: h('div', {}, h('h1', {}, 'Referral inbox'), section('Capacity questions', questions), section('Referrals', updated, list)),
    cleanup: () => { stopped = true; clearTimeout(timer); clearTimeout(pending); clearTimeout(pendingQuestions); if (source) source.close(); },
  };
}
