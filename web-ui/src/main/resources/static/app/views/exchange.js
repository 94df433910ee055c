// Businesses, faith groups and NGOs: post offers and needs, see which offers fit a need, claim part of an offer,
// and answer the claims others make on yours.
import * as api from '../api.js';
import { h, field, input, select, formError, submitting, announce, section, words, when, empty } from '../ui.js';
import { PLACES, placeByName } from '../places.js';

const KINDS = ['VOLUNTEERS', 'SPACE', 'GOODS', 'FUNDING', 'TRAINING', 'JOBS', 'TRANSPORT', 'INTERPRETATION', 'EXPERTISE']
  .map((k) => [`RESOURCE_KIND_${k}`, words(k)]);
const isoDay = (d) => d.toISOString().substring(0, 10);

function postForm(side, onDone) {
  const kind = select(KINDS, { name: 'kind' });
  const title = input({ name: 'title', maxlength: '120' });
  const description = h('textarea', { name: 'description', maxlength: '2000' });
  const quantity = input({ type: 'number', min: '1', name: 'quantity', value: '1', inputmode: 'numeric' });
  const unit = input({ name: 'unit', maxlength: '32', placeholder: 'e.g. positions, evenings, kits' });
  const place = select(PLACES.map((p) => [p.name, p.name]), { name: 'area' });
  const from = input({ type: 'date', name: 'from', value: isoDay(new Date()) });
  const until = input({ type: 'date', name: 'until', value: isoDay(new Date(Date.now() + 60 * 86400000)) });
  const noun = side === 'offers' ? 'offer' : 'need';
  const form = h('form', { novalidate: true, id: `post-${noun}` },
    h('div', { class: 'grid' }, field('Kind', kind, { field: 'kind' }), field('Title', title, { field: 'title' }),
      field('Quantity', quantity, { field: 'quantity' }), field('Unit', unit, { field: 'unit' }),
      field('Area', place, { field: 'location' }), field('Available from', from, { field: 'window.start_time' }),
      field('Until', until, { field: 'window.end_time' })),
    field('Description', description, { field: 'description' }),
    formError(),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, `Post the ${noun}`)));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    submitting(form, async () => {
      const p = placeByName(place.value);
      await api.post(`/api/v1/${side}`, {
        kind: kind.value, title: title.value.trim(), description: description.value || undefined,
        quantity: Number(quantity.value || 0), unit: unit.value.trim(),
        location: { latitude: p.lat, longitude: p.lng }, area: p.name,
        window: {
          startTime: from.value ? new Date(`${from.value}T00:00:00Z`).toISOString() : undefined,
          endTime: until.value ? new Date(`${until.value}T23:59:59Z`).toISOString() : undefined,
        },
      });
      announce(`Your ${noun} is posted.`);
      onDone();
    });
  });
  return form;
}

/** Claim part of an offer; for one of the caller's own needs, the claim names it and starts at what the need lacks. */
function claimForm(offer, need, onDone) {
  const wanted = need ? Math.max(1, Math.min(Number(offer.remainingQuantity || 1), Number(need.remainingQuantity || 1))) : 1;
  const quantity = input({ type: 'number', min: '1', max: String(offer.remainingQuantity || 1), value: String(wanted), name: 'quantity', inputmode: 'numeric' });
  const form = h('form', { class: 'inline claim-form', novalidate: true },
    field(`How many ${offer.unit}`, quantity, { field: 'quantity' }), formError(),
    h('button', { type: 'submit', class: 'primary' }, `Claim from “${offer.title}”`));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    submitting(form, async () => {
      await api.post(`/api/v1/offers/${encodeURIComponent(offer.id)}:claim`, { quantity: Number(quantity.value || 0), need: need ? need.id : undefined });
      announce('Claimed. The offering partner will confirm.');
      onDone();
    });
  });
  return form;
}

const statusBadge = (s) => h('span', { class: `badge ${/OPEN|PARTLY/.test(s) ? 'ok' : 'info'}` }, words(s, 'RESOURCE_STATUS_'));

async function resourceCard(session, item, side, refresh) {
  const poster = await session.partnerName(item.poster);
  const mine = session.orgId && item.poster === session.orgId;
  const extra = h('div', {});
  const buttons = [];
  if (side === 'needs') {
    buttons.push(h('button', { type: 'button', class: 'secondary', onclick: async (e) => {
      e.target.disabled = true;
      try {
        const body = await api.get(`/api/v1/needs/${encodeURIComponent(item.id)}/matches`, { pageSize: 10 });
        const matches = body.matches || [];
        extra.replaceChildren(h('h4', {}, matches.length === 1 ? '1 offer fits' : `${matches.length} offers fit`), matches.length ? h('ul', { class: 'cards' }, await Promise.all(matches.map(async (m) => h('li', { class: 'card match' },
          h('p', {}, h('strong', {}, m.offer.title), ` — ${await session.partnerName(m.offer.poster)}, ${m.offer.remainingQuantity} ${m.offer.unit} left, `
            + `${Number(m.distanceKm || 0).toFixed(1)} km${m.coversQuantity ? ' · covers the whole need' : ''}`),
          m.offer.poster !== item.poster ? claimForm(m.offer, mine ? item : undefined, refresh) : null)))) : empty('No offer fits yet.'));
        extra.querySelector('h4').setAttribute('tabindex', '-1');
        extra.querySelector('h4').focus();
      } catch (err) {
        extra.replaceChildren(h('p', { class: 'error-box', role: 'alert' }, err.message));
      } finally { e.target.disabled = false; }
    } }, 'See matching offers'));
  } else if (!mine && /OPEN|PARTLY/.test(item.status)) {
    buttons.push(claimForm(item, undefined, refresh));
  }
  return h('li', { class: 'card resource', 'data-id': item.id },
    h('h3', {}, item.title),
    h('p', {}, statusBadge(item.status), ` ${words(item.kind, 'RESOURCE_KIND_')} · ${item.remainingQuantity} of ${item.quantity} ${item.unit} left`),
    h('p', { class: 'meta' }, `${mine ? 'Yours' : poster}${item.area ? ` · ${item.area}` : ''}${item.window && item.window.endTime ? ` · until ${when(item.window.endTime)}` : ''}`),
    item.description ? h('p', {}, item.description) : null,
    h('div', { class: 'actions' }, buttons), extra);
}

export default async function exchange({ session, navigate }) {
  const refresh = () => navigate('exchange');
  const open = { 'filter.statuses': ['RESOURCE_STATUS_OPEN', 'RESOURCE_STATUS_PARTLY_CLAIMED'], pageSize: 50 };
  const [offers, needs, claims] = await Promise.all([
    api.get('/api/v1/offers', open), api.get('/api/v1/needs', open),
    api.get('/api/v1/claims', { pageSize: 50 }).catch(() => ({ claims: [] })),
  ]);
  const claimItems = await Promise.all((claims.claims || []).map(async (c) => {
    const offer = await api.get(`/api/v1/offers/${encodeURIComponent(c.offer)}`).then((b) => b.offer).catch(() => null);
    const received = session.orgId ? c.offerPoster === session.orgId : c.claimant !== session.orgId;
    const answer = h('form', { class: 'inline', novalidate: true }, formError(),
      h('button', { type: 'submit', class: 'primary' }, 'Confirm claim'),
      h('button', { type: 'button', class: 'danger', onclick: () => submitting(answer, async () => {
        await api.post(`/api/v1/claims/${encodeURIComponent(c.id)}:refuse`, {}); announce('Claim refused.'); refresh();
      }) }, 'Refuse'));
    answer.addEventListener('submit', (e) => {
      e.preventDefault();
      submitting(answer, async () => { await api.post(`/api/v1/claims/${encodeURIComponent(c.id)}:confirm`, {}); announce('Claim confirmed.'); refresh(); });
    });
    return h('li', { class: 'card claim' },
      h('p', {}, h('strong', {}, offer ? offer.title : 'Offer'), ` — ${c.quantity} ${offer ? offer.unit : ''} claimed by ${await session.partnerName(c.claimant)} `,
        h('span', { class: 'badge info' }, words(c.status, 'CLAIM_STATUS_'))),
      c.status === 'CLAIM_STATUS_PENDING' && received ? answer : null);
  }));
  const offerCards = await Promise.all((offers.offers || []).map((o) => resourceCard(session, o, 'offers', refresh)));
  const needCards = await Promise.all((needs.needs || []).map((n) => resourceCard(session, n, 'needs', refresh)));
  return h('div', {}, h('h1', {}, 'Offers and needs'),
    section('Claims on your offers and by you', claimItems.length ? h('ul', { class: 'cards', id: 'claims' }, claimItems) : empty('No claims yet.')),
    section('Open offers', offerCards.length ? h('ul', { class: 'cards', id: 'offers' }, offerCards) : empty('No open offers.')),
    section('Open needs', needCards.length ? h('ul', { class: 'cards', id: 'needs' }, needCards) : empty('No open needs.')),
    section('Post an offer', postForm('offers', refresh)),
    section('Post a need', postForm('needs', refresh)));
}
