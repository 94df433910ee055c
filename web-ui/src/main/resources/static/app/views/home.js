// The home page leads with the journey of the signed-in user's roles.
import * as api from '../api.js';
import { h, section, select, field, empty, words, errorBox } from '../ui.js';
import { bedCounts } from './beds.js';

const go = (navigate, view, label, cls = 'secondary') =>
  h('button', { type: 'button', class: cls, onclick: () => navigate(view) }, label);

async function orgPicker(session, navigate) {
  const body = await api.get('/api/v1/partners', { pageSize: 100 });
  const control = select([['', 'Choose…'], ...(body.partners || []).map((p) => [p.id, p.name])], { name: 'org' });
  const form = h('form', { class: 'inline' }, field('Your organisation', control),
    h('button', { type: 'submit', class: 'primary' }, 'Use it'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!control.value) return;
    await session.useOrganisation(control.value, true);
    document.getElementById('account-label').textContent = `Signed in as ${session.roleLabel()} · ${session.org.name}`;
    navigate('home');
  });
  return section('Which organisation are you with?',
    h('p', { class: 'notice' }, 'PartnerNet could not tell your organisation from your account yet. Pick it to edit its profile; the server still checks every change against your account.'),
    form);
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
    parts.push(h('h1', {}, session.org ? `${session.org.name}` : 'Partner home'),
      session.org ? h('p', { class: 'meta' }, kind) : null);
    if (!session.org) {
      try { parts.push(await orgPicker(session, navigate)); } catch (e) { parts.push(errorBox(e)); }
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
