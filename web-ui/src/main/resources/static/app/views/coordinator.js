// Coordinator: vet pending registrations (approve, or suspend with a reason) and renew partners due for review.
import * as api from '../api.js';
import { h, section, field, formError, submitting, announce, words, when, empty } from '../ui.js';

function partnerCard(p, actions) {
  return h('li', { class: 'card', 'data-partner': p.id },
    h('h3', {}, p.name),
    h('p', { class: 'meta' }, `${words(p.kind, 'PARTNER_KIND_')} · ${words(p.status, 'PARTNER_STATUS_')}`
      + (p.verification && p.verification.nextReviewTime ? ` · review due ${when(p.verification.nextReviewTime)}` : '')
      + (p.createTime ? ` · registered ${when(p.createTime)}` : '')),
    p.description ? h('p', {}, p.description) : null,
    actions);
}

function vetActions(p, refresh) {
  const reason = h('textarea', { name: 'reason', maxlength: '500', required: true });
  const suspendForm = h('form', { class: 'suspend', hidden: true, novalidate: true },
    field('Reason for suspending', reason, { field: 'reason', hint: 'Shown to coordinators. Never personal data.' }),
    formError(),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'danger' }, `Suspend ${p.name}`)));
  suspendForm.addEventListener('submit', (e) => {
    e.preventDefault();
    submitting(suspendForm, async () => {
      await api.post(`/api/v1/partners/${encodeURIComponent(p.id)}:suspend`, { reason: reason.value });
      announce(`${p.name} suspended.`);
      refresh();
    });
  });
  const approveForm = h('form', { class: 'inline approve' }, formError(),
    h('button', { type: 'submit', class: 'primary' }, p.status === 'PARTNER_STATUS_ACTIVE' ? `Renew verification of ${p.name}` : `Approve ${p.name}`),
    h('button', {
      type: 'button', class: 'secondary', 'aria-expanded': 'false',
      onclick: (e) => {
        suspendForm.hidden = !suspendForm.hidden;
        e.target.setAttribute('aria-expanded', String(!suspendForm.hidden));
        if (!suspendForm.hidden) reason.focus();
      },
    }, 'Suspend…'));
  approveForm.addEventListener('submit', (e) => {
    e.preventDefault();
    submitting(approveForm, async () => {
      await api.post(`/api/v1/partners/${encodeURIComponent(p.id)}:approve`, {});
      announce(`${p.name} approved.`);
      refresh();
    });
  });
  return h('div', {}, approveForm, suspendForm);
}

export default async function vetting({ navigate }) {
  const refresh = () => navigate('vetting');
  const [pending, due] = await Promise.all([
    api.get('/api/v1/partners', { status: 'PARTNER_STATUS_PENDING', pageSize: 100 }),
    api.get('/api/v1/partners', { dueForReview: true, pageSize: 100 }),
  ]);
  const pendingList = pending.partners || [];
  const dueList = due.partners || [];
  return h('div', {},
    h('h1', {}, 'Registrations and re-verification'),
    section(`Pending registrations (${pendingList.length})`,
      pendingList.length ? h('ul', { class: 'cards', id: 'pending' }, pendingList.map((p) => partnerCard(p, vetActions(p, refresh))))
        : empty('No registrations are waiting.')),
    section(`Due for re-verification (${dueList.length})`,
      dueList.length ? h('ul', { class: 'cards', id: 'due' }, dueList.map((p) => partnerCard(p, vetActions(p, refresh))))
        : empty('Every partner has been verified within the last year.')));
}
