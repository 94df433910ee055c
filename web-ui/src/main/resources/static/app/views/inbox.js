// Shelter intake: the referral inbox, live. The gateway streams the organisation's inbox events as server-sent
// events (GET /api/v1/inbox:watch; ids and states only); each event reloads the list. Should the stream fail or be
// unavailable, the list still refreshes itself by polling. New referrals are announced politely.
import * as api from '../api.js';
import { h, empty, errorBox, announce } from '../ui.js';
import { referralCard } from './referrals.js';

const POLL_MS = 10000;
const POLL_WHILE_LIVE_MS = 60000;

export default async function inbox({ session, navigate }) {
  const list = h('div', { id: 'inbox' });
  const updated = h('p', { class: 'meta', id: 'inbox-updated' });
  let known = null;
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
      const cards = await Promise.all(referrals.map((r) => referralCard(session, r, 'sender', h('div', { class: 'actions' },
        h('button', { type: 'button', class: ['REFERRAL_STATE_SENT', 'REFERRAL_STATE_RECEIVED'].includes(r.state) ? 'primary' : 'secondary',
          onclick: () => navigate('referral', { id: r.id, from: 'inbox' }) }, ['REFERRAL_STATE_SENT', 'REFERRAL_STATE_RECEIVED'].includes(r.state) ? 'Open and answer' : 'Details')))));
      if (stopped) return;
      list.replaceChildren(referrals.length ? h('ul', { class: 'cards' }, cards) : empty('No referrals yet.'));
      updated.textContent = `Updated ${new Date().toLocaleTimeString()}; ${live ? 'live updates are on' : `refreshes every ${POLL_MS / 1000} seconds`}.`;
      if (fresh.length) announce(`${fresh.length} new referral${fresh.length === 1 ? '' : 's'} in the inbox.`);
    } catch (e) {
      if (!stopped) list.replaceChildren(errorBox(e));
    }
  };
  const tick = async () => { await load(); if (!stopped) timer = setTimeout(tick, live ? POLL_WHILE_LIVE_MS : POLL_MS); };
  await tick();
  if (window.EventSource) {
    source = new EventSource('/api/v1/inbox:watch');
    source.addEventListener('open', () => { live = true; });
    source.addEventListener('message', () => {
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
    node: h('div', {}, h('h1', {}, 'Referral inbox'), updated, list),
    cleanup: () => { stopped = true; clearTimeout(timer); clearTimeout(pending); if (source) source.close(); },
  };
}
