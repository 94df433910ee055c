// One referral. The recipient's intake sees the anonymous summary first, accepts or declines (with a reason),
// and only after accepting may open the consented personal data (each read is audited by the service); then marks
// the service started, and completed or failed. The sender sees the same summary, can cancel with a reason, and
// forwards a declined or expired referral to another partner: under a new consent that names that partner, which
// the caseworker records here as the survivor gave it.
import * as api from '../api.js';
import { h, field, input, select, formError, submitting, announce, section, words, when, errorBox, uid, invalid } from '../ui.js';
import { PLACES, placeByName } from '../places.js';
import { languageName } from '../languages.js';
import { stateBadge } from './referrals.js';

const OPEN = ['REFERRAL_STATE_SENT', 'REFERRAL_STATE_RECEIVED'];
const ACCEPTED_OR_LATER = ['REFERRAL_STATE_ACCEPTED', 'REFERRAL_STATE_IN_PROGRESS', 'REFERRAL_STATE_COMPLETED', 'REFERRAL_STATE_FAILED'];

function reasonForm(label, buttonLabel, cls, onSubmit) {
  const reason = h('textarea', { name: 'reason', maxlength: '500' });
  const form = h('form', { novalidate: true, hidden: true },
    field(label, reason, { field: 'reason', hint: 'Never personal data.' }), formError(),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: cls }, buttonLabel)));
  form.addEventListener('submit', (e) => { e.preventDefault(); submitting(form, () => onSubmit(reason.value)); });
  return { form, reason };
}

function disclosureView(body) {
  const d = body.disclosure || {};
  const rows = [];
  const add = (label, value) => { if (value && (!Array.isArray(value) || value.length)) rows.push(h('dt', {}, label), h('dd', {}, Array.isArray(value) ? value.join(', ') : value)); };
  if (d.identity) { add('Given name', d.identity.givenName); add('Family name', d.identity.familyName); add('Date of birth', d.identity.dateOfBirth); add('Identifiers', d.identity.identifiers); }
  if (d.contact) { add('Phone', d.contact.phone); add('E-mail', d.contact.email); add('Address', d.contact.address); add('Safe times to call', d.contact.safeContactTimes); }
  if (d.demographics) { add('Gender', d.demographics.gender); add('Nationality', d.demographics.nationality); add('Languages', (d.demographics.languages || []).map(languageName)); }
  if (d.needs) add('Needs', d.needs.notes);
  if (d.safety) add('Safety', d.safety.notes);
  if (d.history) add('History', d.history.notes);
  return h('div', { id: 'disclosure' },
    h('p', { class: 'meta' }, `Consented categories: ${(body.categories || []).map((c) => words(c, 'DATA_CATEGORY_')).join(', ')}. This read was recorded in the audit log.`),
    rows.length ? h('dl', { class: 'facts' }, rows) : h('p', {}, 'No data in the consented categories.'));
}

const placesLabel = (n) => `${n} place${n === 1 ? '' : 's'} free`;

/** One suggested partner as the caseworker compares them: who, which service, free places, how far. */
function suggestionLabel(s) {
  return [s.partnerName, s.serviceName, placesLabel(s.available || 0),
    s.distanceKm !== undefined ? `${Number(s.distanceKm).toFixed(1)} km away` : null].filter(Boolean).join(' · ');
}

/**
 * Forward a declined or expired referral. The new recipient is picked from the partners the referral-service suggests
 * (same service, accepting referrals, capacity now; nearest first from a chosen place) or, by hand, from every partner
 * accepting referrals for the service. A referral with personal data needs a consent naming the new partner.
 */
async function forwardForm(session, r, navigate) {
  const codes = r.requestedServices || [];
  let original = null;
  if (r.consent) {
    try {
      original = (await api.get(`/api/v1/consents/${encodeURIComponent(r.consent.substring(r.consent.indexOf('/') + 1))}`)).consent;
    } catch (e) {
      return section('Forward', errorBox(e));
    }
  }
  const search = await api.get('/api/v1/services:search', { taxonomy: codes[0] || '', acceptingReferrals: true, pageSize: 50 });
  const partners = new Map();
  for (const m of search.matches || []) {
    if (m.partnerId !== r.recipientPartner && m.partnerId !== r.senderPartner && !partners.has(m.partnerId)) partners.set(m.partnerId, m.partnerName);
  }
  const names = new Map(partners);

  const group = uid('forward-to');
  const errorId = uid('err');
  const suggestions = h('div', { class: 'suggestions', 'aria-live': 'polite' });
  const otherChoice = h('input', { type: 'radio', name: group, value: '', id: uid('to') });
  const other = select([['', 'Choose…'], ...partners], { name: 'other_partner' });
  other.addEventListener('change', () => { otherChoice.checked = true; });
  const near = select([['', 'Anywhere (the directory\'s order)'], ...PLACES.map((p) => [p.name, p.name])], { name: 'near' });
  const recipientChoice = h('fieldset', { class: 'recipient-choice', 'data-field': 'recipient_partner', 'aria-describedby': errorId },
    h('legend', {}, 'Forward to'),
    h('p', { class: 'field-error', id: errorId, hidden: true }),
    field('Suggest partners near', near, { hint: 'Where the survivor is, roughly; nearest first.' }),
    suggestions,
    h('div', { class: 'check' }, otherChoice, h('label', { for: otherChoice.id }, 'Another partner, chosen from the list')),
    field('Other partner', other, { hint: 'Every partner accepting referrals for the same service.' }));

  const loadSuggestions = async () => {
    const place = placeByName(near.value);
    try {
      const body = await api.get(`/api/v1/referrals/${encodeURIComponent(r.id)}:suggestPartners`,
        { lat: place && place.lat, lng: place && place.lng, pageSize: 10 });
      const found = body.suggestions || [];
      found.forEach((s) => names.set(s.partner, s.partnerName));
      suggestions.replaceChildren(
        h('p', { class: 'hint' }, found.length
          ? `Suggested: ${found.length} partner${found.length === 1 ? '' : 's'} with capacity for this service now.`
          : 'No other partner reports capacity for this service now; choose one from the list.'),
        ...found.map((s) => {
          const id = uid('to');
          return h('div', { class: 'check suggestion' },
            h('input', { type: 'radio', name: group, value: s.partner, id }), h('label', { for: id }, suggestionLabel(s)));
        }));
    } catch (e) {
      suggestions.replaceChildren(h('p', { class: 'error-box', role: 'alert' }, `No suggestions right now (${e.message}); choose a partner from the list.`));
    }
  };
  near.addEventListener('change', loadSuggestions);
  await loadSuggestions();

  const recipient = () => {
    const chosen = recipientChoice.querySelector(`input[name="${group}"]:checked`);
    return chosen ? chosen.value || other.value : '';
  };
  const reason = input({ name: 'reason', maxlength: '500' });
  const attest = h('input', { type: 'checkbox', id: 'forward-consent', name: 'attest' });
  const form = h('form', { novalidate: true, id: 'forward-form' },
    recipientChoice,
    field('Why (optional, never personal data)', reason, { field: 'reason' }),
    original ? h('div', { class: 'check' }, attest, h('label', { for: 'forward-consent' },
      `The survivor consented to share the same data (${(original.categories || []).map((c) => words(c, 'DATA_CATEGORY_')).join(', ')}) with this partner`)) : null,
    formError(),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Forward referral')));
  let consent = null; // kept while the form is open, so a retry reuses it
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    submitting(form, async () => {
      const to = recipient();
      if (!to) throw invalid('recipient_partner', 'Choose a suggested partner or another one from the list.');
      if (original && (!consent || !(consent.recipientPartners || []).includes(to))) {
        if (!attest.checked) {
          throw new api.ApiError(400, { message: 'Record the survivor\'s consent for the new partner first.' });
        }
        consent = (await api.post('/api/v1/consents', {
          clientId: original.clientId, method: original.method, recipientPartners: [to], purposes: original.purposes,
          categories: original.categories, expireTime: original.expireTime, language: original.language,
        })).consent;
      }
      const body = await api.post(`/api/v1/referrals/${encodeURIComponent(r.id)}:forward`, {
        recipientPartner: to, consent: consent ? consent.name : '', reason: reason.value.trim(),
      });
      announce(`Forwarded to ${names.get(to) || 'the new partner'}.`);
      navigate('referral', { id: body.referral.id });
    });
  });
  return section('Forward to another partner', form);
}

export default async function referralView({ session, navigate, params }) {
  const { referral: r } = await api.get(`/api/v1/referrals/${encodeURIComponent(params.id)}`);
  const refresh = () => navigate('referral', params);
  const recipientSide = session.orgId ? r.recipientPartner === session.orgId : params.from === 'inbox';
  const s = r.summary || {};
  const needs = await Promise.all((s.needs || r.requestedServices || []).map((c) => session.termName(c)));
  const [sender, recipient] = await Promise.all([session.partnerName(r.senderPartner), session.partnerName(r.recipientPartner)]);

  const actions = [];
  if (recipientSide && OPEN.includes(r.state) && (session.is('intake') || session.is('partner-admin'))) {
    const accept = h('form', { class: 'inline' }, formError(), h('button', { type: 'submit', class: 'primary' }, 'Accept referral'));
    accept.addEventListener('submit', (e) => {
      e.preventDefault();
      submitting(accept, async () => { await api.post(`/api/v1/referrals/${encodeURIComponent(r.id)}:accept`, {}); announce('Referral accepted.'); refresh(); });
    });
    const decline = reasonForm('Why you decline', 'Decline referral', 'danger', async (reason) => {
      await api.post(`/api/v1/referrals/${encodeURIComponent(r.id)}:decline`, { reason }); announce('Referral declined.'); refresh();
    });
    actions.push(accept, h('button', { type: 'button', class: 'secondary', 'aria-expanded': 'false', onclick: (e) => {
      decline.form.hidden = !decline.form.hidden; e.target.setAttribute('aria-expanded', String(!decline.form.hidden)); if (!decline.form.hidden) decline.reason.focus();
    } }, 'Decline…'), decline.form);
  }
  if (recipientSide && r.state === 'REFERRAL_STATE_ACCEPTED') {
    const start = h('form', { class: 'inline' }, formError(), h('button', { type: 'submit', class: 'secondary' }, 'Mark service started'));
    start.addEventListener('submit', (e) => { e.preventDefault(); submitting(start, async () => { await api.post(`/api/v1/referrals/${encodeURIComponent(r.id)}:start`, {}); refresh(); }); });
    actions.push(start);
  }
  if (recipientSide && r.state === 'REFERRAL_STATE_IN_PROGRESS' && (session.is('intake') || session.is('partner-admin'))) {
    const complete = reasonForm('Outcome (optional)', 'Mark completed', 'primary', async (reason) => {
      await api.post(`/api/v1/referrals/${encodeURIComponent(r.id)}:complete`, { reason }); announce('Referral completed.'); refresh();
    });
    const fail = reasonForm('What went wrong', 'Mark failed', 'danger', async (reason) => {
      await api.post(`/api/v1/referrals/${encodeURIComponent(r.id)}:fail`, { reason }); announce('Referral marked failed.'); refresh();
    });
    const toggle = (part, label) => h('button', { type: 'button', class: 'secondary', 'aria-expanded': 'false', onclick: (e) => {
      part.form.hidden = !part.form.hidden; e.target.setAttribute('aria-expanded', String(!part.form.hidden)); if (!part.form.hidden) part.reason.focus();
    } }, label);
    actions.push(toggle(complete, 'Completed…'), complete.form, toggle(fail, 'Failed…'), fail.form);
  }
  if (!recipientSide && ['REFERRAL_STATE_DECLINED', 'REFERRAL_STATE_EXPIRED'].includes(r.state) && !r.forwardedTo && session.is('caseworker')) {
    actions.push(await forwardForm(session, r, navigate));
  }
  if (!recipientSide && ['REFERRAL_STATE_SENT', 'REFERRAL_STATE_RECEIVED', 'REFERRAL_STATE_ACCEPTED'].includes(r.state) && session.is('caseworker')) {
    const cancel = reasonForm('Why you withdraw it', 'Cancel referral', 'danger', async (reason) => {
      await api.post(`/api/v1/referrals/${encodeURIComponent(r.id)}:cancel`, { reason }); announce('Referral cancelled.'); refresh();
    });
    actions.push(h('button', { type: 'button', class: 'secondary', 'aria-expanded': 'false', onclick: (e) => {
      cancel.form.hidden = !cancel.form.hidden; e.target.setAttribute('aria-expanded', String(!cancel.form.hidden));
    } }, 'Cancel referral…'), cancel.form);
  }

  let personal = null;
  const canRead = r.consent && !r.disclosureShredded
    && ((recipientSide && ACCEPTED_OR_LATER.includes(r.state) && session.is('intake')) || (!recipientSide && session.is('caseworker')));
  if (canRead) {
    const holder = h('div', { 'aria-live': 'polite' });
    const purpose = h('input', { type: 'text', name: 'purpose', maxlength: '200', value: recipientSide ? 'intake' : 'case follow-up' });
    const open = h('form', { class: 'inline', novalidate: true }, field('Why you open it', purpose, { field: 'purpose' }), formError(),
      h('button', { type: 'submit', class: 'primary' }, 'Show consented personal data'));
    open.addEventListener('submit', (e) => {
      e.preventDefault();
      submitting(open, async () => {
        const body = await api.get(`/api/v1/referrals/${encodeURIComponent(r.id)}/disclosure`, { purpose: purpose.value });
        holder.replaceChildren(disclosureView(body),
          h('button', { type: 'button', class: 'secondary', onclick: () => { holder.replaceChildren(); open.hidden = false; open.querySelector('button').focus(); } }, 'Hide personal data'));
        open.hidden = true;
        holder.querySelector('dl, p')?.setAttribute('tabindex', '-1');
      });
    });
    personal = section('Personal data (consented)', open, holder);
  } else if (r.consent && r.disclosureShredded) {
    personal = section('Personal data', h('p', { class: 'notice' }, 'Consent was revoked or expired: the personal data has been destroyed.'));
  } else if (recipientSide && r.consent && OPEN.includes(r.state)) {
    personal = section('Personal data', h('p', { class: 'notice' }, 'Personal data in the consented categories becomes available after you accept.'));
  }

  return h('div', {},
    h('button', { type: 'button', class: 'secondary', onclick: () => navigate(recipientSide ? 'inbox' : 'outbox') }, recipientSide ? 'Back to the inbox' : 'Back to sent referrals'),
    h('h1', {}, 'Referral'),
    h('p', {}, stateBadge(r.state), ' ', h('span', { class: 'badge warn' }, words(r.urgency, 'URGENCY_'))),
    section('Summary',
      h('dl', { class: 'facts', id: 'summary' },
        h('dt', {}, 'From'), h('dd', {}, sender),
        h('dt', {}, 'To'), h('dd', {}, recipient),
        h('dt', {}, 'Needs'), h('dd', {}, needs.join(', ') || '—'),
        h('dt', {}, 'Age range'), h('dd', {}, s.ageRange ? `${s.ageRange.minAge || '?'}–${s.ageRange.maxAge || '?'}` : 'not given'),
        h('dt', {}, 'Languages'), h('dd', {}, (s.languages || []).map(languageName).join(', ') || '—'),
        h('dt', {}, 'Gender'), h('dd', {}, s.gender || 'not stated'),
        h('dt', {}, 'Sent'), h('dd', {}, when(r.createTime)),
        r.respondBy ? [h('dt', {}, 'Answer by'), h('dd', {}, when(r.respondBy))] : null,
        ...[['Forwarded from', r.forwardedFrom], ['Forwarded to', r.forwardedTo]].filter(([, name]) => name).map(([label, name]) => [
          h('dt', {}, label), h('dd', {}, h('button', { type: 'button', class: 'link-button', onclick: () => navigate('referral', { id: name.split('/').pop(), from: params.from }) }, 'Open that referral'))]),
        h('dt', {}, 'Personal data'), h('dd', {}, r.consent ? (r.disclosureCategories || []).map((c) => words(c, 'DATA_CATEGORY_')).join(', ') || 'none' : 'none (summary only)'))),
    actions.length ? section('Your answer', actions) : null,
    personal,
    section('History', h('ol', {}, (r.history || []).map((c) => h('li', {},
      `${when(c.time)}: ${words(c.toState, 'REFERRAL_STATE_')}${c.reason ? ` — ${c.reason}` : ''}`)))));
}
