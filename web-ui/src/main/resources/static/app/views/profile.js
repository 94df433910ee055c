// Partner admin: the organisation's profile, services (accepting referrals) and locations (with the confidential
// flag: a confidential address is only ever shown to the organisation itself).
import * as api from '../api.js';
import { h, field, input, formError, submitting, announce, section, words, empty } from '../ui.js';

const list = (text) => text.split(',').map((s) => s.trim()).filter(Boolean);

export default async function profile({ session, navigate }) {
  if (!session.orgId) {
    return h('div', {}, h('h1', {}, 'Our organisation'), empty('Your account does not belong to an organisation yet: register it on the home page.'),
      h('button', { type: 'button', class: 'secondary', onclick: () => navigate('home') }, 'Go to the home page'));
  }
  const p = await session.partner(session.orgId, true);
  const name = input({ name: 'name', value: p.name, maxlength: '200', required: true });
  const description = h('textarea', { name: 'description', maxlength: '4000' }, p.description || '');
  const website = input({ type: 'url', name: 'website', value: p.website || '' });
  const email = input({ type: 'email', name: 'email', value: p.email || '' });
  const languages = input({ name: 'languages', value: (p.languages || []).join(', ') });
  const areas = input({ name: 'service_areas', value: (p.serviceAreas || []).join(', ') });

  const services = (p.services || []).map((s, i) => {
    const accepting = h('input', { type: 'checkbox', id: `svc-${i}`, checked: !!s.acceptingReferrals });
    const sname = input({ name: `services[${i}].name`, value: s.name, maxlength: '200' });
    return { s, accepting, sname, node: h('fieldset', { 'data-field': `services[${i}]` }, h('legend', {}, s.name),
      field('Service name', sname, { field: `services[${i}].name` }),
      h('div', { class: 'check' }, accepting, h('label', { for: `svc-${i}` }, 'Accepting referrals'))) };
  });
  const locations = (p.locations || []).map((l, i) => {
    const confidential = h('input', { type: 'checkbox', id: `loc-${i}`, checked: !!l.confidential });
    const lname = input({ name: `locations[${i}].name`, value: l.name || '' });
    const lines = input({ name: `locations[${i}].lines`, value: ((l.address || {}).lines || []).join(', ') });
    const locality = input({ name: `locations[${i}].locality`, value: (l.address || {}).locality || '' });
    return { l, confidential, lname, lines, locality, node: h('fieldset', { 'data-field': `locations[${i}]` }, h('legend', {}, l.name || `Location ${i + 1}`),
      h('div', { class: 'grid' }, field('Name', lname, { field: `locations[${i}].name` }), field('Street', lines, { field: `locations[${i}].address` }),
        field('Town or city', locality, { field: `locations[${i}].address.locality` })),
      h('div', { class: 'check' }, confidential, h('label', { for: `loc-${i}` }, 'Confidential address (others see the area only)'))) };
  });

  const form = h('form', { novalidate: true, id: 'profile-form' },
    section('Profile',
      field('Name', name, { field: 'name' }),
      field('Description', description, { field: 'description' }),
      h('div', { class: 'grid' }, field('Website', website, { field: 'website' }), field('General e-mail', email, { field: 'email' })),
      field('Languages spoken', languages, { field: 'languages', hint: 'Language codes separated by commas, e.g. en, es, ti' }),
      field('Areas served', areas, { field: 'service_areas', hint: 'Separated by commas' })),
    section('Services', services.length ? services.map((s) => s.node) : empty('No services yet.')),
    section('Locations', locations.length ? locations.map((l) => l.node) : empty('No locations yet.')),
    formError(),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Save the profile')),
    h('p', { class: 'meta' }, `Status: ${words(p.status, 'PARTNER_STATUS_')} · version ${p.version}`));

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    submitting(form, async () => {
      const update = {
        version: p.version, name: name.value.trim(), description: description.value, website: website.value.trim(),
        email: email.value.trim(), languages: list(languages.value), serviceAreas: list(areas.value),
        services: services.map(({ s, accepting, sname }) => ({ ...s, capacity: undefined, name: sname.value.trim(), acceptingReferrals: accepting.checked })),
        locations: locations.map(({ l, confidential, lname, lines, locality }) => ({
          ...l, redacted: undefined, name: lname.value.trim(), confidential: confidential.checked,
          address: { ...(l.address || {}), lines: list(lines.value), locality: locality.value.trim() },
        })),
      };
      const mask = 'name,description,website,email,languages,service_areas,services,locations';
      const body = await api.patch(`/api/v1/partners/${encodeURIComponent(p.id)}?updateMask=${mask}`, update);
      session.org = body.partner;
      announce('Profile saved.');
      navigate('profile');
    });
  });
  return h('div', {}, h('h1', {}, 'Our organisation'), form);
}
