// Partner admin: the people of the organisation and the systems it connects. Staff who signed up are added with a
// role (the directory gives them the role in Keycloak). Webhooks send every inbox event (ids and states, never
// personal data) to the organisation's own case system, signed with a secret shown once; events the system did not
// take after the last try wait here as dead letters to be replayed.
import * as api from '../api.js';
import { h, field, input, select, formError, submitting, announce, section, words, when, empty, errorBox, table } from '../ui.js';

const ROLES = [['MEMBER_ROLE_INTAKE', 'Intake staff'], ['MEMBER_ROLE_CASEWORKER', 'Caseworker'],
  ['MEMBER_ROLE_TRAINER', 'Trainer'], ['MEMBER_ROLE_PARTNER_ADMIN', 'Partner admin']];

function staff(session) {
  const email = input({ type: 'email', name: 'email', autocomplete: 'off' });
  const role = select(ROLES, { name: 'role' });
  const form = h('form', { novalidate: true, id: 'invite-form' },
    h('div', { class: 'grid' },
      field('E-mail they signed up with', email, { field: 'email' }),
      field('Role', role, { field: 'role' })),
    formError(),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Add to our organisation')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    submitting(form, async () => {
      await api.post(`/api/v1/partners/${encodeURIComponent(session.orgId)}/members`, { email: email.value.trim(), role: role.value });
      form.reset();
      announce('Added. They get the role the next time they sign in.');
    });
  });
  return section('Staff',
    h('p', {}, 'A colleague first signs up on the sign-in page, then you add them here with their role.'), form);
}

function secretNotice(secret) {
  return h('div', { class: 'notice', id: 'webhook-secret' },
    h('p', {}, 'The signing secret, shown only now: copy it into your system, which checks the PartnerNet-Signature header with it.'),
    h('pre', { tabindex: '0' }, secret));
}

async function webhooks() {
  const holder = h('div', { id: 'webhooks' });
  const secretHolder = h('div', { 'aria-live': 'polite' });
  const render = async () => {
    try {
      const body = await api.get('/api/v1/webhooks', { pageSize: 20 });
      const hooks = body.webhooks || [];
      const rows = await Promise.all(hooks.map(async (w) => {
        const id = w.name.substring(w.name.indexOf('/') + 1);
        const dead = (await api.get(`/api/v1/webhooks/${encodeURIComponent(id)}/deadLetters`, { pageSize: 20 })).deadLetters || [];
        const waiting = dead.filter((d) => !d.replayTime);
        return h('li', { class: 'card' },
          h('h3', {}, w.url),
          h('p', { class: 'meta' }, `Added ${when(w.createTime)} · secret version ${w.secretVersion || 1}`),
          waiting.length
            ? h('div', { class: 'table-wrap' }, table(`${waiting.length} events not delivered`, ['Event', 'Tries', 'Last outcome', 'Given up', ''],
              waiting.map((d) => h('tr', {}, [d.eventId, String(d.attempts), d.lastOutcome, when(d.deadTime)].map((c) => h('td', {}, c)),
                h('td', {}, h('button', { type: 'button', class: 'secondary', onclick: async (e) => {
                  e.target.disabled = true;
                  try {
                    await api.post(`/api/v1/webhookDeadLetters/${encodeURIComponent(d.name.substring(d.name.indexOf('/') + 1))}:replay`, {});
                    announce('Delivered.');
                  } catch (err) {
                    announce(`Not delivered: ${err.message}`);
                  }
                  render();
                } }, 'Deliver again'))))))
            : h('p', {}, 'Every event was delivered.'),
          h('div', { class: 'actions' },
            h('button', { type: 'button', class: 'secondary', onclick: async () => {
              const r = await api.post(`/api/v1/webhooks/${encodeURIComponent(id)}:rotateSecret`, {});
              secretHolder.replaceChildren(secretNotice(r.secret));
              render();
            } }, 'New secret'),
            h('button', { type: 'button', class: 'danger', onclick: async () => {
              if (!window.confirm(`Stop sending events to ${w.url}?`)) return;
              await api.del(`/api/v1/webhooks/${encodeURIComponent(id)}`);
              announce('Webhook removed.');
              render();
            } }, 'Remove')));
      }));
      holder.replaceChildren(rows.length ? h('ul', { class: 'cards' }, rows) : empty('No webhooks yet.'));
    } catch (e) {
      holder.replaceChildren(errorBox(e));
    }
  };
  const url = input({ type: 'url', name: 'url', placeholder: 'https://', autocomplete: 'off' });
  const form = h('form', { novalidate: true, id: 'webhook-form' },
    field('Address of your system', url, { field: 'webhook.url', hint: 'https only; it receives ids and states, never personal data.' }),
    formError(),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Add webhook')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    submitting(form, async () => {
      const body = await api.post('/api/v1/webhooks', { webhook: { url: url.value.trim() } });
      form.reset();
      secretHolder.replaceChildren(secretNotice(body.secret));
      announce('Webhook added. Copy its secret now.');
      await render();
    });
  });
  await render();
  return section('Webhooks', form, secretHolder, holder);
}

export default async function connections({ session }) {
  if (!session.orgId) {
    return h('div', {}, h('h1', {}, 'Staff & webhooks'), empty('Your account does not belong to an organisation yet.'));
  }
  return h('div', {}, h('h1', {}, 'Staff & webhooks'),
    h('p', { class: 'meta' }, `${session.org ? session.org.name : ''} · ${words(session.me.partnerStatus || '', 'PARTNER_STATUS_')}`),
    staff(session), await webhooks());
}
