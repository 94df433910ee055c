// A partner's public profile (confidential locations arrive already coarsened from the API).
import { h, section, words, empty } from '../ui.js';
import { languageName } from '../languages.js';
import { capacityBadge } from './search.js';

export function address(l) {
  const a = l.address || {};
  return [...(a.lines || []), a.locality, a.region, a.postalCode].filter(Boolean).join(', ');
}

export default async function partnerView({ session, navigate, params }) {
  const p = await session.partner(params.id, true);
  const back = h('button', { type: 'button', class: 'secondary', onclick: () => navigate('search') }, 'Back to results');
  const contacts = (p.contacts || []).map((c) => h('li', {}, `${words(c.purpose, 'CONTACT_PURPOSE_')}: ${[c.name, c.phone, c.email].filter(Boolean).join(' · ')}`));
  const intake = p.intake || {};
  return h('div', {},
    back,
    h('h1', {}, p.name),
    h('p', { class: 'meta' }, `${words(p.kind, 'PARTNER_KIND_')} · ${words(p.status, 'PARTNER_STATUS_')}`),
    p.description ? h('p', {}, p.description) : null,
    h('dl', { class: 'facts' },
      h('dt', {}, 'Languages'), h('dd', {}, (p.languages || []).map(languageName).join(', ') || '—'),
      h('dt', {}, 'Areas served'), h('dd', {}, (p.serviceAreas || []).join(', ') || '—'),
      h('dt', {}, 'Referral intake'), h('dd', {}, intake.aroundTheClock ? 'Around the clock' : 'See hours', intake.notes ? ` — ${intake.notes}` : ''),
      p.website ? [h('dt', {}, 'Website'), h('dd', {}, p.website)] : null),
    section('Services', (p.services || []).length ? h('ul', { class: 'cards' }, p.services.map((s) => h('li', { class: 'card' },
      h('h3', {}, s.name),
      s.description ? h('p', {}, s.description) : null,
      h('p', {}, capacityBadge(s.capacity), ' ', s.acceptingReferrals ? h('span', { class: 'badge info' }, 'Accepting referrals') : null),
      session.is('caseworker') && s.acceptingReferrals
        ? h('button', { type: 'button', class: 'primary', onclick: () => navigate('refer', { partnerId: p.id, serviceId: s.id, codes: s.taxonomyCodes || [] }) }, `Refer for ${s.name}`)
        : null))) : empty('No services listed.')),
    section('Locations', (p.locations || []).length ? h('ul', {}, p.locations.map((l) => h('li', {},
      `${l.name || 'Location'}: ${address(l) || 'area only'}${l.redacted ? ' (confidential: area only)' : ''}`))) : empty('No locations listed.')),
    contacts.length ? section('Contacts', h('ul', {}, contacts)) : null);
}
