// Bed counts for every service of the caller's organisation in one form and one action.
import * as api from '../api.js';
import { h, field, input, formError, submitting, announce, when, section, empty } from '../ui.js';

function statusFor(available, waitlist) {
  if (available > 0) return 'CAPACITY_STATUS_AVAILABLE';
  return waitlist > 0 ? 'CAPACITY_STATUS_WAITLIST' : 'CAPACITY_STATUS_NO_CAPACITY';
}

export function bedCounts(session) {
  const org = session.org;
  if (!org) return section('Bed counts', empty('Your organisation could not be determined, so its bed counts cannot be shown.'));
  const services = (org.services || []).filter((s) => s.capacity);
  if (!services.length) return section('Bed counts', empty('None of your services reports capacity.'));
  const updated = h('p', { class: 'meta' });
  const rows = services.map((s) => {
    const c = s.capacity;
    const total = input({ type: 'number', min: '0', inputmode: 'numeric', value: c.total || 0, name: `total-${s.id}` });
    const available = input({ type: 'number', min: '0', inputmode: 'numeric', value: c.available || 0, name: `available-${s.id}` });
    const waitlist = input({ type: 'number', min: '0', inputmode: 'numeric', value: c.waitlist || 0, name: `waitlist-${s.id}` });
    const fieldset = h('fieldset', { 'data-service': s.id },
      h('legend', {}, s.name),
      h('div', { class: 'grid' },
        field(`Total ${c.unit || 'places'}`, total, { field: `${s.id}.total` }),
        field(`Available now`, available, { field: `${s.id}.available` }),
        field('People waiting', waitlist, { field: `${s.id}.waitlist` })),
      h('p', { class: 'meta' }, c.updateTime ? `Last reported ${when(c.updateTime)}` : 'Not reported yet'));
    return { s, total, available, waitlist, fieldset };
  });
  const form = h('form', { class: 'beds', novalidate: true },
    rows.map((r) => r.fieldset), formError(),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Save all bed counts'), updated));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    submitting(form, async () => {
      const results = await Promise.all(rows.map(async (r) => {
        const total = Number(r.total.value || 0);
        const available = Number(r.available.value || 0);
        const waitlist = Number(r.waitlist.value || 0);
        try {
          const body = await api.put(
            `/api/v1/partners/${encodeURIComponent(org.id)}/services/${encodeURIComponent(r.s.id)}/capacity`,
            { unit: r.s.capacity.unit || 'beds', total, available, waitlist, status: statusFor(available, waitlist) });
          r.s.capacity = body.capacity;
          return null;
        } catch (err) {
          // name the fields by service so the violation lands next to the right number
          err.violations = (err.violations || []).map((v) => ({ ...v, field: `${r.s.id}.${String(v.field).split('.').pop()}` }));
          if (!err.violations.length) err.message = `${r.s.name}: ${err.message}`;
          return err;
        }
      }));
      const failed = results.filter(Boolean);
      if (failed.length) {
        const combined = new api.ApiError(400, { message: failed.map((f) => f.message).join(' ') });
        combined.violations = failed.flatMap((f) => f.violations);
        throw combined;
      }
      updated.textContent = `Saved at ${new Date().toLocaleTimeString()}.`;
      announce('Bed counts saved.');
    });
  });
  return section('Bed counts', h('p', {}, 'Keep these current: caseworkers search by available capacity.'), form);
}
