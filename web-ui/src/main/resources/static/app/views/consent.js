// Caseworker: the survivor view. For one client (the pseudonymous id the organisation recorded consents under) it
// shows, from POST /api/v1/consents:survivorView, every consent with its state, every organisation that received data
// under it, when and which categories, and every read of that data as the audit log recorded it; an active consent is
// revoked from here, which destroys every disclosure made under it. The client id travels in a request body and lives
// in this page's memory only: never in the URL, the history, the title or browser storage (the field is not
// remembered by the browser either). It is opened by typing the id, or from a consent of a sent referral.
import * as api from '../api.js';
import { h, field, input, section, words, when, empty, formError, submitting, announce, uid, invalid } from '../ui.js';
import { languageName } from '../languages.js';
import { stateBadge } from './referrals.js';

const categoryWords = (list) => (list || []).map((c) => words(c, 'DATA_CATEGORY_')).join(', ');

/** The survivor view of a client; a client the organisation has no consent for is an error on the client field. */
async function survivorData(clientId) {
  try {
    return await api.post('/api/v1/consents:survivorView', { clientId });
  } catch (e) {
    if (e.status === 404) {
      throw invalid('client_id', 'Your organisation recorded no consent under this client reference. Check it in your case system.');
    }
    throw e;
  }
}

function lookupForm(navigate) {
  const client = input({ name: 'clientId', maxlength: '100', autocomplete: 'off', spellcheck: 'false' });
  const form = h('form', { novalidate: true, id: 'survivor-lookup' },
    field('Client reference', client, { field: 'client_id', hint: 'The pseudonymous id the consent was recorded under, from your own case system. Never a name.' }),
    formError(),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Show the survivor view')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    submitting(form, async () => {
      const clientId = client.value.trim();
      const data = await survivorData(clientId);
      navigate('consent', { clientId, data });
    });
  });
  return form;
}

/** The first page: open a client's view by their reference, or from a consent that a sent referral carried. */
async function chooser(session, navigate) {
  const outbox = (await api.get('/api/v1/referrals', { box: 'BOX_OUTBOX', pageSize: 100 })).referrals || [];
  const consents = [...new Set(outbox.map((r) => r.consent).filter(Boolean).map((c) => c.split('/').pop()))];
  const cards = await Promise.all(consents.map(async (id, i) => {
    const refs = outbox.filter((r) => r.consent && r.consent.endsWith(id));
    const names = await Promise.all(refs.map((r) => session.partnerName(r.recipientPartner)));
    return h('li', { class: 'card' }, h('h3', {}, `Consent ${i + 1}`),
      h('p', { class: 'meta' }, `Shared with ${[...new Set(names)].join(', ')} · ${refs.length} referral${refs.length === 1 ? '' : 's'}`),
      h('button', { type: 'button', class: 'secondary', onclick: () => navigate('consent', { id }) }, `Open consent ${i + 1}`));
  }));
  return h('div', {}, h('h1', {}, 'Survivor view'),
    h('p', {}, 'Show a survivor, on one page, every organisation that received their data, what it saw and when, and withdraw a consent with them.'),
    section('Open by client reference', lookupForm(navigate)),
    section('Consents of your sent referrals', cards.length ? h('ul', { class: 'cards' }, cards) : empty('No referral was sent with a consent yet.')));
}

function revokeForm(consent, onRevoked) {
  const confirmId = uid('confirm-revoke');
  const confirm = h('input', { type: 'checkbox', id: confirmId, name: 'confirm' });
  const reason = h('input', { type: 'text', name: 'reason', maxlength: '200', value: 'survivor request' });
  const form = h('form', { novalidate: true, class: 'revoke-form' },
    h('p', {}, 'Revoking destroys the personal data every organisation received under this consent. It cannot be undone.'),
    field('Reason (never personal data)', reason, { field: 'reason' }),
    h('div', { class: 'check', 'data-field': 'confirm' }, confirm, h('label', { for: confirmId }, 'The survivor asked to withdraw this consent')),
    formError(),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'danger' }, 'Revoke consent and destroy the shared data')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    submitting(form, async () => {
      if (!confirm.checked) throw new api.ApiError(400, { message: 'Tick the confirmation first.' });
      const body = await api.post(`/api/v1/consents/${encodeURIComponent(consent.id)}:revoke`, { reason: reason.value });
      onRevoked(body.shreddedReferrals || 0);
    });
  });
  return form;
}

async function sharedCard(session, s) {
  const recipient = await session.partnerName(s.recipientPartner);
  const reads = await Promise.all((s.reads || []).map(async (r) => h('li', { class: 'read' },
    `${when(r.readTime)}: ${await session.partnerName(r.partner)} saw ${categoryWords(r.categories) || 'no data'}`,
    r.purpose ? ` (purpose given: ${r.purpose})` : '')));
  return h('li', { class: 'card shared', 'data-referral': (s.referral || '').split('/').pop() },
    h('h4', {}, recipient),
    h('p', {}, stateBadge(s.state), s.shredded ? [' ', h('span', { class: 'badge bad' }, 'Data destroyed')] : null),
    h('p', { class: 'meta' }, `Sent ${when(s.sendTime)} · data: ${categoryWords(s.categories) || 'none'}`),
    reads.length
      ? [h('p', {}, `Opened ${reads.length} time${reads.length === 1 ? '' : 's'}, as the audit log recorded:`), h('ol', { class: 'reads' }, reads)]
      : h('p', { class: 'reads-none' }, 'Nobody has opened this data yet.'));
}

async function consentSection(session, sc, onRevoked) {
  const c = sc.consent;
  const active = c.state === 'CONSENT_STATE_ACTIVE';
  const [recipients, purposes, shared] = await Promise.all([
    Promise.all((c.recipientPartners || []).map((p) => session.partnerName(p))),
    Promise.all((c.purposes || []).map((p) => session.termName(p))),
    Promise.all((sc.shared || []).map((s) => sharedCard(session, s))),
  ]);
  const headingId = uid('h');
  return h('section', { class: 'consent', 'aria-labelledby': headingId, 'data-consent': c.id },
    h('h2', { id: headingId }, `Consent for ${recipients.join(', ') || 'another organisation'}`),
    h('p', {}, h('span', { class: `badge ${active ? 'ok' : 'bad'} consent-state` }, words(c.state, 'CONSENT_STATE_'))),
    h('dl', { class: 'facts' },
      h('dt', {}, 'For'), h('dd', {}, purposes.join(', ')),
      h('dt', {}, 'Data'), h('dd', {}, categoryWords(c.categories)),
      h('dt', {}, 'Given'), h('dd', {}, `${when(c.giveTime)} (${words(c.method, 'CONSENT_METHOD_')}, form in ${languageName(c.language)})`),
      h('dt', {}, 'Expires'), h('dd', {}, when(c.expireTime)),
      c.revokeTime ? [h('dt', {}, 'Revoked'), h('dd', {}, when(c.revokeTime))] : null),
    h('h3', {}, 'Who received the data'),
    shared.length ? h('ul', { class: 'cards' }, shared) : empty('No referral carried data under this consent yet.'),
    active && session.is('caseworker') ? [h('h3', {}, 'Withdraw this consent'), revokeForm(c, onRevoked)] : null);
}

export default async function consentView({ session, navigate, params }) {
  let { clientId, data } = params;
  if (!clientId && params.id) {
    // opened from a sent referral: the consent names its client
    clientId = (await api.get(`/api/v1/consents/${encodeURIComponent(params.id)}`)).consent.clientId;
  }
  if (!clientId) return chooser(session, navigate);
  data = data || await survivorData(clientId);

  const onRevoked = (shredded) => {
    announce(`Consent revoked; the data of ${shredded} referral${shredded === 1 ? '' : 's'} destroyed.`);
    navigate('consent', { clientId, revoked: shredded });
  };
  const consents = await Promise.all((data.consents || []).map((sc) => consentSection(session, sc, onRevoked)));
  return h('div', {},
    h('button', { type: 'button', class: 'secondary', onclick: () => navigate('consent') }, 'Close this survivor view'),
    h('h1', {}, 'Survivor view'),
    params.revoked !== undefined ? h('p', { class: 'notice', role: 'status' },
      `The consent is revoked and the personal data shared under it is destroyed (${params.revoked} referral${params.revoked === 1 ? '' : 's'}).`) : null,
    h('dl', { class: 'facts' }, h('dt', {}, 'Client reference'), h('dd', { id: 'client-reference' }, clientId),
      h('dt', {}, 'Consents'), h('dd', {}, String(consents.length))),
    h('p', { class: 'notice' }, 'Every consent your organisation recorded for this client, newest first: who received the data, what they could see, and every time it was opened.'),
    consents);
}
