// The application shell: works out which journeys apply to the signed-in user from what the API lets them do,
// draws the navigation, and swaps views in place. Views never change the URL (no ids, no search terms in the
// address bar or history) and nothing is kept in browser storage: state lives in this page's memory only.
import { h, announce, errorBox } from './ui.js';
import { session } from './session.js';

const VIEWS = {
  home: () => import('./views/home.js'),
  vetting: () => import('./views/coordinator.js'),
  dashboard: () => import('./views/dashboard.js'),
  hsds: () => import('./views/hsds.js'),
  search: () => import('./views/search.js'),
  partner: () => import('./views/partner.js'),
  refer: () => import('./views/refer.js'),
  outbox: () => import('./views/outbox.js'),
  consent: () => import('./views/consent.js'),
  inbox: () => import('./views/inbox.js'),
  referral: () => import('./views/referral.js'),
  trainings: () => import('./views/trainings.js'),
  exchange: () => import('./views/exchange.js'),
  profile: () => import('./views/profile.js'),
  capacity: () => import('./views/capacity.js'),
  connections: () => import('./views/connections.js'),
};

/** Which main pages each journey has in the navigation, in order. */
function navigation(s) {
  const items = [['home', 'Home']];
  if (s.is('coordinator')) items.push(['vetting', 'Registrations'], ['dashboard', 'Network dashboard'], ['hsds', 'HSDS import/export']);
  if (s.is('caseworker')) items.push(['search', 'Find services'], ['capacity', 'Capacity checks'], ['outbox', 'Sent referrals'], ['consent', 'Consent & survivor view']);
  if (s.is('intake') || s.is('partner-admin')) items.push(['inbox', 'Referral inbox']);
  if (s.is('partner-admin')) {
    items.push(['exchange', 'Offers & needs'], ['trainings', 'Trainings & bookings'], ['profile', 'Our organisation'], ['connections', 'Staff & webhooks']);
    if (!s.is('caseworker')) items.push(['search', 'Find services']);
  }
  return items;
}

let current = { name: null, cleanup: null };
const TITLES = {};

export async function navigate(name, params = {}) {
  const main = document.getElementById('main');
  if (current.cleanup) { try { current.cleanup(); } catch (e) { /* a view's timer */ } }
  current = { name, cleanup: null };
  document.querySelectorAll('#nav-list button').forEach((b) => {
    if (b.dataset.view === name) b.setAttribute('aria-current', 'page'); else b.removeAttribute('aria-current');
  });
  main.replaceChildren(h('p', { class: 'loading' }, 'Loading…'));
  let node;
  try {
    const module = await VIEWS[name]();
    const view = await module.default({ session, navigate, params });
    node = view.node || view;
    current.cleanup = view.cleanup || null;
  } catch (e) {
    node = h('div', {}, h('h1', {}, 'Something went wrong'), errorBox(e));
  }
  if (current.name !== name) return; // the user moved on meanwhile
  main.replaceChildren(node);
  const heading = main.querySelector('h1');
  // generic titles only: a referral or a person never names the page
  document.title = `${heading ? heading.textContent : 'PartnerNet'} – PartnerNet`;
  main.focus();
  window.scrollTo(0, 0);
}

function quickExit() {
  // replace, not assign: the PartnerNet page is not left behind in this tab's history
  document.body.replaceChildren();
  window.location.replace('/neutral.html');
}

function wireShell() {
  document.getElementById('quick-exit').addEventListener('click', quickExit);
  let lastEscape = 0;
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape') return;
    const now = Date.now();
    if (now - lastEscape < 600) quickExit();
    lastEscape = now;
  });
  document.getElementById('logout-form').addEventListener('submit', () => {
    const match = document.cookie.split('; ').find((c) => c.startsWith('XSRF-TOKEN='));
    document.getElementById('logout-csrf').value = match ? decodeURIComponent(match.substring(11)) : '';
  });
}

async function start() {
  wireShell();
  const main = document.getElementById('main');
  try {
    await session.load();
  } catch (e) {
    main.replaceChildren(h('h1', {}, 'PartnerNet is not available right now'), errorBox(e),
      h('p', {}, 'Try again in a minute. If it keeps happening, tell your coordinator.'));
    return;
  }
  const list = document.getElementById('nav-list');
  list.replaceChildren(...navigation(session).map(([name, label]) => {
    TITLES[name] = label;
    return h('li', {}, h('button', { type: 'button', 'data-view': name, onclick: () => navigate(name) }, label));
  }));
  document.getElementById('account').hidden = false;
  document.getElementById('account-label').textContent =
    `Signed in as ${session.roleLabel()}${session.org ? ` · ${session.org.name}` : ''}`;
  document.body.dataset.journey = session.journey();
  await navigate('home');
  announce(`Signed in. ${session.roleLabel()} pages are in the main navigation.`);
}

start();
