// Caseworker: search the directory by text, service, distance from a local place (or the browser's own location),
// language and free capacity. Results stay in this page's memory so "back to results" needs no URL.
import * as api from '../api.js';
import { h, field, input, select, formError, submitting, announce, words, when, empty } from '../ui.js';
import { PLACES, placeByName } from '../places.js';
import { languageOptions, languageName } from '../languages.js';
import { regionMap } from './map.js';

const memory = { values: null, results: null, origin: null };

export function capacityBadge(capacity) {
  if (!capacity) return null;
  const status = capacity.status || '';
  const cls = status.endsWith('AVAILABLE') ? 'ok' : status.endsWith('WAITLIST') ? 'warn' : 'bad';
  const text = status.endsWith('AVAILABLE')
    ? `${capacity.available || 0} of ${capacity.total || 0} ${capacity.unit || 'places'} free`
    : `${words(status, 'CAPACITY_STATUS_')}${capacity.waitlist ? `, ${capacity.waitlist} waiting` : ''}`;
  return h('span', { class: `badge ${cls}` }, text);
}

export default async function search({ session, navigate }) {
  const terms = await session.terms();
  const q = input({ type: 'search', name: 'query', maxlength: '200', autocomplete: 'off' });
  const service = select([['', 'Any service'], ...terms.map((t) => [t.code, `${t.parentCode ? '— ' : ''}${t.name}`])], { name: 'taxonomy' });
  // the gateway's Permissions-Policy decides whether this page may ask for the browser's location at all
  const policy = document.permissionsPolicy || document.featurePolicy;
  const geoAllowed = !!navigator.geolocation && !(policy && policy.allowsFeature && !policy.allowsFeature('geolocation'));
  const place = select([['', 'Anywhere'], ...PLACES.map((p) => [p.name, p.name]),
    ['__here', geoAllowed ? 'My current location' : 'My location (blocked here)']], { name: 'place' });
  if (!geoAllowed) place.querySelector('option[value="__here"]').disabled = true;
  const radius = select([['5', '5 km'], ['10', '10 km'], ['25', '25 km'], ['50', '50 km']], { name: 'radiusKm' });
  radius.value = '25';
  const language = select(languageOptions(), { name: 'language' });
  const hasCapacity = h('input', { type: 'checkbox', name: 'hasCapacity', id: 'has-capacity' });
  const accepting = h('input', { type: 'checkbox', name: 'acceptingReferrals', id: 'accepting' });
  const results = h('div', { id: 'results' });

  const form = h('form', { role: 'search', novalidate: true, 'aria-label': 'Find services' },
    field('What is needed', q, { field: 'query', hint: 'e.g. "bed tonight", "T-visa lawyer", "counselling"' }),
    h('div', { class: 'grid' },
      field('Service', service, { field: 'taxonomy' }),
      field('Near', place, { field: 'lat' }),
      field('Within', radius, { field: 'radius_km' }),
      field('Language', language, { field: 'language' })),
    h('div', { class: 'actions' },
      h('div', { class: 'check' }, hasCapacity, h('label', { for: 'has-capacity' }, 'Has free capacity now')),
      h('div', { class: 'check' }, accepting, h('label', { for: 'accepting' }, 'Accepting referrals'))),
    formError(),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Search')));

  const origin = async () => {
    if (!place.value) return null;
    if (place.value !== '__here') return placeByName(place.value);
    return new Promise((resolve, reject) => {
      if (!navigator.geolocation) {
        reject(new api.ApiError(400, { message: 'This browser cannot tell its location. Choose a place instead.' }));
        return;
      }
      navigator.geolocation.getCurrentPosition(
        (pos) => resolve({ name: 'your location', lat: pos.coords.latitude, lng: pos.coords.longitude }),
        () => reject(new api.ApiError(400, { message: 'Your location is not available (blocked or unknown). Choose a place from the list instead.' })),
        { timeout: 10000, maximumAge: 600000 });
    });
  };

  const render = (body, from) => {
    const matches = body.matches || [];
    const points = [];
    const items = matches.map((m, i) => {
      const loc = (m.locations || [])[0];
      if (loc && loc.point) points.push({ lat: loc.point.latitude, lng: loc.point.longitude, n: i + 1 });
      const s = m.service || {};
      return h('li', { class: 'card result' },
        h('h3', {}, `${i + 1}. ${s.name}`),
        h('p', { class: 'meta' }, `${m.partnerName} · ${words(m.partnerKind, 'PARTNER_KIND_')}`
          + (m.distanceKm !== undefined ? ` · ${Number(m.distanceKm).toFixed(1)} km` : '')
          + (loc && loc.address && loc.address.locality ? ` · ${loc.address.locality}` : '')),
        h('p', {}, capacityBadge(s.capacity), ' ',
          s.acceptingReferrals ? h('span', { class: 'badge info' }, 'Accepting referrals') : h('span', { class: 'badge bad' }, 'Not accepting referrals')),
        (s.languages || []).length ? h('p', { class: 'meta' }, `Languages: ${s.languages.map(languageName).join(', ')}`) : null,
        s.capacity && s.capacity.updateTime ? h('p', { class: 'meta' }, `Capacity reported ${when(s.capacity.updateTime)}`) : null,
        h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'secondary', onclick: () => navigate('partner', { id: m.partnerId }) }, `Details of ${m.partnerName}`),
          session.is('caseworker') && s.acceptingReferrals
            ? h('button', { type: 'button', class: 'primary', onclick: () => navigate('refer', { partnerId: m.partnerId, serviceId: s.id, codes: s.taxonomyCodes || [] }) }, `Refer to ${m.partnerName}`)
            : null));
    });
    results.replaceChildren(
      h('h2', { id: 'results-heading' }, `${body.totalSize || matches.length} services found`),
      matches.length ? h('div', { class: 'two-col' }, h('ol', { class: 'cards', 'aria-labelledby': 'results-heading' }, items),
        h('div', {}, regionMap(from, points))) : empty('Nothing matches. Try fewer filters or a wider distance.'));
    announce(`${body.totalSize || matches.length} services found.`);
  };

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    submitting(form, async () => {
      const from = await origin();
      const params = {
        query: q.value.trim(), taxonomy: service.value, language: language.value,
        hasCapacity: hasCapacity.checked, acceptingReferrals: accepting.checked, pageSize: 20,
      };
      if (from) Object.assign(params, { lat: from.lat, lng: from.lng, radiusKm: radius.value, orderBy: 'distance' });
      const body = await api.get('/api/v1/services:search', params);
      memory.values = { q: q.value, service: service.value, place: place.value, radius: radius.value, language: language.value, hasCapacity: hasCapacity.checked, accepting: accepting.checked };
      memory.results = body;
      memory.origin = from;
      render(body, from);
    });
  });

  if (memory.values) {
    const v = memory.values;
    q.value = v.q; service.value = v.service; place.value = v.place; radius.value = v.radius; language.value = v.language;
    hasCapacity.checked = v.hasCapacity; accepting.checked = v.accepting;
    render(memory.results, memory.origin);
  }
  return h('div', {}, h('h1', {}, 'Find services'), form, results);
}
