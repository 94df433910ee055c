// Caseworker: the referrals the organisation sent and where each stands.
import * as api from '../api.js';
import { h, empty } from '../ui.js';
import { referralCard } from './referrals.js';

export default async function outbox({ session, navigate, params }) {
  const body = await api.get('/api/v1/referrals', { box: 'BOX_OUTBOX', pageSize: 50 });
  const referrals = body.referrals || [];
  session.outbox = referrals;
  const cards = await Promise.all(referrals.map((r) => referralCard(session, r, 'recipient', h('div', { class: 'actions' },
    h('button', { type: 'button', class: 'secondary', onclick: () => navigate('referral', { id: r.id, from: 'outbox' }) }, 'Details'),
    r.consent ? h('button', { type: 'button', class: 'secondary', onclick: () => navigate('consent', { id: r.consent.split('/').pop() }) }, 'Consent & survivor view') : null))));
  return h('div', {},
    h('h1', {}, 'Sent referrals'),
    params.sent ? h('p', { class: 'notice', role: 'status' }, 'The referral was sent. Its state updates here as the recipient answers.') : null,
    referrals.length ? h('ul', { class: 'cards', id: 'outbox' }, cards) : empty('No referrals sent yet.'),
    h('button', { type: 'button', class: 'secondary', onclick: () => navigate('outbox') }, 'Refresh'));
}
