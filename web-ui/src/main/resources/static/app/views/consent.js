// Caseworker: the survivor view of one consent — who received the survivor's data under it, what each
// organisation may see, the referrals' states, and revocation (which shreds every disclosure made under it).
// There is no "list consents" RPC, so consents are reached from the organisation's sent referrals.
import * as api from '../api.js';
import { h, section, words, when, empty, formError, submitting, announce, field } from '../ui.js';
import { languageName } from '../languages.js';
import { stateBadge } from './referrals.js';

async function chooser(session, navigate) {
  const outbox = (await api.get('/api/v1/referrals', { box: 'BOX_OUTBOX', pageSize: 100 })).referrals || [];
  const consents = [...new Set(outbox.map((r) => r.consent).filter(Boolean).map((c) => c.split('/').pop()))];
  return h('div', {}, h('h1', {}, 'Consent & survivor view'),
    consents.length ? h('ul', { class: 'cards' }, await Promise.all(consents.map(async (id, i) => {
      const refs = outbox.filter((r) => r.consent && r.consent.endsWith(id));
      const names = await Promise.all(refs.map((r) => session.partnerName(r.recipientPartner)));
      return h('li', { class: 'card' }, h('h2', {}, `Consent ${i + 1}`),
        h('p', { class: 'meta' }, `Shared with ${[...new Set(names)].join(', ')} · ${refs.length} referral${refs.length === 1 ? '' : 's'}`),
        h('button', { type: 'button', class: 'secondary', onclick: () => navigate('consent', { id }) }, `Open consent ${i + 1}`));
    }))) : empty('No referral was sent with a consent yet.'));
}

export default async function consentView({ session, navigate, params }) {
  if (!params.id) return chooser(session, navigate);
  const { consent: c } = await api.get(`/api/v1/consents/${encodeURIComponent(params.id)}`);
  const outbox = (await api.get('/api/v1/referrals', { box: 'BOX_OUTBOX', pageSize: 100 })).referrals || [];
  const refs = outbox.filter((r) => r.consent && r.consent.split('/').pop() === c.id);
  const recipients = await Promise.all((c.recipientPartners || []).map((p) => session.partnerName(p)));
  const purposes = await Promise.all((c.purposes || []).map((p) => session.termName(p)));
  const active = c.state === 'CONSENT_STATE_ACTIVE';

  let revoke = null;
  if (active && session.is('caseworker')) {
    const confirm = h('input', { type: 'checkbox', id: 'confirm-revoke', name: 'confirm' });
    const reason = h('input', { type: 'text', name: 'reason', maxlength: '200', value: 'survivor request' });
    const form = h('form', { novalidate: true, id: 'revoke-form' },
      h('p', {}, 'Revoking destroys the personal data every organisation received under this consent. It cannot be undone.'),
      field('Reason (never personal data)', reason, { field: 'reason' }),
      h('div', { class: 'check', 'data-field': 'confirm' }, confirm, h('label', { for: 'confirm-revoke' }, 'The survivor asked to withdraw this consent')),
      formError(),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'danger' }, 'Revoke consent and destroy the shared data')));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      submitting(form, async () => {
        if (!confirm.checked) throw new api.ApiError(400, { message: 'Tick the confirmation first.' });
        const body = await api.post(`/api/v1/consents/${encodeURIComponent(c.id)}:revoke`, { reason: reason.value });
        announce(`Consent revoked; ${body.shreddedReferrals || 0} referrals' data destroyed.`);
        navigate('consent', params);
      });
    });
    revoke = section('Revoke', form);
  }

  return h('div', {},
    h('button', { type: 'button', class: 'secondary', onclick: () => navigate('outbox') }, 'Back to sent referrals'),
    h('h1', {}, 'Consent & survivor view'),
    h('p', {}, h('span', { class: `badge ${active ? 'ok' : 'bad'}`, id: 'consent-state' }, words(c.state, 'CONSENT_STATE_'))),
    h('dl', { class: 'facts' },
      h('dt', {}, 'Shared with'), h('dd', {}, recipients.join(', ')),
      h('dt', {}, 'For'), h('dd', {}, purposes.join(', ')),
      h('dt', {}, 'Data'), h('dd', {}, (c.categories || []).map((x) => words(x, 'DATA_CATEGORY_')).join(', ')),
      h('dt', {}, 'Given'), h('dd', {}, `${when(c.giveTime)} (${words(c.method, 'CONSENT_METHOD_')}, form in ${languageName(c.language)})`),
      h('dt', {}, 'Expires'), h('dd', {}, when(c.expireTime)),
      c.revokeTime ? [h('dt', {}, 'Revoked'), h('dd', {}, when(c.revokeTime))] : null),
    section('Who received the data',
      refs.length ? h('ul', { class: 'cards' }, await Promise.all(refs.map(async (r) => h('li', { class: 'card' },
        h('h3', {}, await session.partnerName(r.recipientPartner)),
        h('p', {}, stateBadge(r.state)),
        h('p', { class: 'meta' }, `Sent ${when(r.createTime)} · categories: ${(r.disclosureCategories || []).map((x) => words(x, 'DATA_CATEGORY_')).join(', ') || 'none'}${r.disclosureShredded ? ' · destroyed' : ''}`),
        h('p', { class: 'meta' }, 'Every read of the data is in the referral\'s audit log, which your partner admin can open.'))))) : empty('No referral used this consent yet.')),
    revoke);
}
