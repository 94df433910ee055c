// The home page leads with the journey of the signed-in user's roles.
import * as api from '../api.js';
import { h, section, select, field, input, formError, submitting, announce, empty, words, errorBox } from '../ui.js';
import { bedCounts } from './beds.js';

const go = (navigate, view, label, cls = 'secondary') =>
  h('button', { type: 'button', class: cls, onclick: () => navigate(view) }, label);

const list = (text) => text.split(',').map((x) => x.trim()).filter(Boolean);

const KINDS = ['SHELTER', 'NGO', 'LEGAL', 'HEALTHCARE', 'FAITH_BASED', 'SCHOOL', 'BUSINESS', 'LAW_ENFORCEMENT',
  'GOVERNMENT', 'OTHER'].map((k) => [`PARTNER_KIND_${k}`, words(k)]);

/** A signed-up person with no organisation yet registers theirs; a coordinator reviews it. */
async function registration(session) {
  const terms = await session.terms();
  const name = input({ name: 'name', maxlength: '200', required: true, autocomplete: 'organization' });
  const kind = select([['', 'Choose…'], ...KINDS], { name: 'kind' });
  const description = h('textarea', { name: 'description', maxlength: '4000' });
  const website = input({ type: 'url', name: 'website' });
  const email = input({ type: 'email', name: 'email' });
  const languages = input({ name: 'languages', value: 'en' });
  const areas = input({ name: 'service_areas' });
  const serviceName = input({ name: 'service_name', maxlength: '200' });
  const serviceType = select([['', 'Choose…'], ...terms.map((t) => [t.code, `${t.parentCode ? '— ' : ''}${t.name}`])], { name: 'service_type' });
  const done = h('div', { 'aria-live': 'polite' });
  const form = h('form', { novalidate: true, id: 'register-form' },
    field('Name of the organisation', name, { field: 'partner.name' }),
    h('div', { class: 'grid' },
      field('Kind', kind, { field: 'partner.kind' }),
      field('Website', website, { field: 'partner.website' }),
      field('General e-mail', email, { field: 'partner.email', hint: 'An address of the organisation, not of a person.' })),
    field('What you do', description, { field: 'partner.description' }),
    h('div', { class: 'grid' },
      field('Languages spoken', languages, { field: 'partner.languages', hint: 'Codes separated by commas, e.g. en, es' }),
      field('Areas served', areas, { field: 'partner.service_areas', hint: 'Separated by commas' })),
    h('fieldset', {}, h('legend', {}, 'Your first service (add more after approval)'),
      h('div', { class: 'grid' },
        field('Service name', serviceName, { field: 'partner.services[0].name' }),
        field('Type of service', serviceType, { field: 'partner.services[0].taxonomy_codes' }))),
    formError(),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Register the organisation')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    submitting(form, async () => {
      const service = serviceName.value.trim() || serviceType.value
        ? [{ name: serviceName.value.trim(), taxonomyCodes: serviceType.value ? [serviceType.value] : [], acceptingReferrals: false }] : [];
      const body = await api.post('/api/v1/partners', { partner: {
        name: name.value.trim(), kind: kind.value || undefined, description: description.value.trim(),
        website: website.value.trim(), email: email.value.trim(), languages: list(languages.value),
        serviceAreas: list(areas.value), services: service,
      } });
      form.hidden = true;
      done.replaceChildren(h('p', { class: 'notice', id: 'registered' },
        `${body.partner.name} is registered and waits for a coordinator's review. Once it is approved, sign out and `
        + 'sign in again: you will then manage it as its partner admin.'));
      announce('Organisation registered.');
    });
  });
  return section('Register your organisation',
    h('p', {}, 'Your account does not belong to an organisation yet. If your organisation is already a partner, ask its admin to add you; otherwise register it here.'),
    form, done);
}

export default async function home({ session, navigate }) {
  const journey = session.journey();
  const parts = [];
  if (journey === 'coordinator') {
    const [pending, due] = await Promise.all([
      api.get('/api/v1/partners', { status: 'PARTNER_STATUS_PENDING', pageSize: 100 }),
      api.get('/api/v1/partners', { dueForReview: true, pageSize: 100 }),
    ]);
    parts.push(h('h1', {}, 'Coordinator home'),
      h('ul', { class: 'cards' },
        h('li', { class: 'card' }, h('h2', {}, `${(pending.partners || []).length} registrations waiting`),
          go(navigate, 'vetting', 'Review registrations', 'primary')),
        h('li', { class: 'card' }, h('h2', {}, `${(due.partners || []).length} partners due for re-verification`),
          go(navigate, 'vetting', 'See who is due')),
        h('li', { class: 'card' }, h('h2', {}, 'Network health'), h('p', {}, 'Referrals by state and urgency, aggregates only.'),
          go(navigate, 'dashboard', 'Open the dashboard'))));
  } else if (journey === 'caseworker') {
    const outbox = session.outbox || [];
    parts.push(h('h1', {}, 'Caseworker home'),
      h('ul', { class: 'cards' },
        h('li', { class: 'card' }, h('h2', {}, 'Find the right service'),
          h('p', {}, 'Search by need, place, language and free capacity, then refer with the survivor\'s consent.'),
          go(navigate, 'search', 'Find services', 'primary')),
        h('li', { class: 'card' }, h('h2', {}, 'Ask before you refer'),
          h('p', {}, 'Ask partners whether they could take someone tonight, without saying who.'),
          go(navigate, 'capacity', 'Ask about capacity')),
        h('li', { class: 'card' }, h('h2', {}, `${outbox.length} referrals sent`),
          go(navigate, 'outbox', 'See their state')),
        h('li', { class: 'card' }, h('h2', {}, 'Consent'),
          h('p', {}, 'Show a survivor who received their data and revoke it.'), go(navigate, 'consent', 'Open the survivor view'))));
  } else if (journey === 'intake') {
    const waiting = (session.inbox || []).filter((r) => ['REFERRAL_STATE_SENT', 'REFERRAL_STATE_RECEIVED'].includes(r.state));
    parts.push(h('h1', {}, `${session.org ? session.org.name : 'Intake'}: intake home`),
      section('Referrals waiting for an answer',
        h('p', {}, waiting.length ? `${waiting.length} referral${waiting.length === 1 ? '' : 's'} to answer.` : 'Nothing waiting right now.'),
        go(navigate, 'inbox', 'Open the inbox', 'primary')),
      bedCounts(session));
  } else {
    const kind = session.org ? words(session.org.kind, 'PARTNER_KIND_') : '';
    parts.push(h('h1', {}, session.org ? `${session.org.name}` : 'Welcome to PartnerNet'),
      session.org ? h('p', { class: 'meta' }, kind) : null);
    if (journey === 'newcomer') {
      try { parts.push(await registration(session)); } catch (e) { parts.push(errorBox(e)); }
      return h('div', {}, parts);
    }
    const cards = [];
    if (journey === 'school') {
      cards.push(h('li', { class: 'card' }, h('h2', {}, 'Awareness trainings'),
        h('p', {}, 'Find trainings for students, teachers and parents, request a session, give feedback afterwards.'),
        go(navigate, 'trainings', 'Find trainings', 'primary')));
    }
    cards.push(h('li', { class: 'card' }, h('h2', {}, 'Offers and needs'),
      h('p', {}, 'Offer jobs, space, volunteers or goods; post what you need; claim and confirm.'),
      go(navigate, 'exchange', 'Open offers & needs', journey === 'school' ? 'secondary' : 'primary')));
    if (journey !== 'school') {
      cards.push(h('li', { class: 'card' }, h('h2', {}, 'Trainings'), go(navigate, 'trainings', 'Trainings & bookings')));
    }
    cards.push(h('li', { class: 'card' }, h('h2', {}, 'Organisation profile'),
      h('p', {}, 'Keep your description, services and locations current.'), go(navigate, 'profile', 'Edit our profile')));
    if (session.is('partner-admin') && session.org && (session.org.services || []).some((s) => s.capacity)) {
      parts.push(bedCounts(session));
    }
    parts.push(h('ul', { class: 'cards' }, cards));
    if (journey === 'none') parts.push(empty('Your account has no PartnerNet role yet. Ask your coordinator.'));
  }
  return h('div', {}, parts);
}
