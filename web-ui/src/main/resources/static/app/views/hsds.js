// Coordinator: Open Referral HSDS 3.0 import (a JSON file read in the browser, sent to ImportHsds, each skipped
// record listed) and export (every page of ExportHsds saved as one JSON file).
import * as api from '../api.js';
import { h, section, field, formError, submitting, announce, table } from '../ui.js';

const isService = (o) => o && typeof o === 'object' && ('organization_id' in o || 'organization' in o || 'service_at_locations' in o);

/** Accepts an organization or service object, an HSDS paged list ({contents}), an array, or {organizations, services}. */
export function hsdsRecords(data) {
  if (data && Array.isArray(data.organizations || data.services)) {
    return { organizations: data.organizations || [], services: data.services || [] };
  }
  const items = Array.isArray(data) ? data : Array.isArray(data && data.contents) ? data.contents : [data];
  return {
    organizations: items.filter((o) => o && typeof o === 'object' && !isService(o)),
    services: items.filter(isService),
  };
}

function importForm() {
  const file = h('input', { type: 'file', accept: '.json,application/json', name: 'file', required: true });
  const result = h('div', { id: 'import-result', 'aria-live': 'polite' });
  const form = h('form', { novalidate: true },
    field('HSDS 3.0 JSON file', file, { field: 'file', hint: 'An organization or service (organization_full, service_full), a paged list, or {"organizations": [...], "services": [...]}.' }),
    formError(),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Import')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    submitting(form, async () => {
      if (!file.files.length) throw new api.ApiError(400, { message: 'Choose a file.', details: [{ '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: [{ field: 'file', description: 'Choose an HSDS JSON file.' }] }] });
      let data;
      try {
        data = JSON.parse(await file.files[0].text());
      } catch (err) {
        throw new api.ApiError(400, { message: 'The file is not valid JSON.', details: [{ '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: [{ field: 'file', description: 'This file is not valid JSON.' }] }] });
      }
      const body = await api.post('/api/v1/hsds:import', hsdsRecords(data));
      const errors = body.errors || [];
      result.replaceChildren(
        h('p', { class: 'notice' }, `Created ${body.created || 0}, updated ${body.updated || 0}, unchanged ${body.unchanged || 0}, skipped or partly imported ${errors.length}.`),
        errors.length ? h('div', { class: 'table-wrap' }, table('Records with problems', ['Record', 'Id', 'Field', 'Problem'],
          errors.map((er) => h('tr', {}, h('td', {}, er.recordType), h('td', {}, er.recordId), h('td', {}, er.field), h('td', {}, er.message))))) : null);
      announce(`Import finished with ${errors.length} problem${errors.length === 1 ? '' : 's'}.`);
    });
  });
  return [form, result];
}

function exportForm() {
  const status = h('p', { 'aria-live': 'polite' });
  const form = h('form', { class: 'inline' }, formError(), h('button', { type: 'submit', class: 'secondary' }, 'Export the directory as HSDS'), status);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    submitting(form, async () => {
      const all = { organizations: [], services: [] };
      let pageToken;
      for (let i = 0; i < 100; i++) {
        const body = await api.get('/api/v1/hsds:export', { pageSize: 500, pageToken });
        all.organizations.push(...(body.organizations || []));
        all.services.push(...(body.services || []));
        pageToken = body.nextPageToken;
        if (!pageToken) break;
      }
      const url = URL.createObjectURL(new Blob([JSON.stringify(all, null, 2)], { type: 'application/json' }));
      const link = h('a', { href: url, download: 'partnernet-hsds.json' }, 'Download partnernet-hsds.json');
      status.replaceChildren(`Exported ${all.organizations.length} organizations and ${all.services.length} services. `, link);
      link.focus();
    });
  });
  return form;
}

export default async function hsds() {
  return h('div', {}, h('h1', {}, 'HSDS import and export'),
    section('Import', importForm()),
    section('Export', h('p', {}, 'Active partners only; confidential locations are never exported.'), exportForm()));
}
