// Shared pieces of the inbox and outbox lists.
import { h, words, when } from '../ui.js';

export function stateBadge(state) {
  const s = words(state, 'REFERRAL_STATE_');
  const cls = /ACCEPTED|IN_PROGRESS|COMPLETED/.test(state) ? 'ok'
    : /DECLINED|FAILED|CANCELLED|EXPIRED|REVOKED/.test(state) ? 'bad' : 'info';
  return h('span', { class: `badge ${cls} state` }, s);
}

export async function referralCard(session, r, otherSide, actions) {
  const names = await Promise.all((r.requestedServices || []).map((c) => session.termName(c)));
  const other = await session.partnerName(otherSide === 'recipient' ? r.recipientPartner : r.senderPartner);
  return h('li', { class: 'card referral', 'data-referral': r.id },
    h('h3', {}, `${otherSide === 'recipient' ? 'To' : 'From'} ${other}: ${names.join(', ') || 'referral'}`),
    h('p', {}, stateBadge(r.state), ' ', h('span', { class: 'badge warn' }, words(r.urgency, 'URGENCY_'))),
    h('p', { class: 'meta' }, `Sent ${when(r.createTime)}` + (r.respondBy ? ` · answer by ${when(r.respondBy)}` : '')
      + (r.consent ? ` · with consent (${(r.disclosureCategories || []).map((c) => words(c, 'DATA_CATEGORY_')).join(', ') || 'no data'})` : ' · summary only')
      + (r.disclosureShredded ? ' · personal data shredded' : '')),
    actions);
}
