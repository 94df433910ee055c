// Small DOM helpers: build elements without innerHTML (so API text is never parsed as markup), forms with labels,
// API errors shown next to the field that BadRequest names, and a polite live region for results.

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.substring(2), value);
    else if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = value;
    else el.setAttribute(key, value === true ? '' : value);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export const svg = (tag, attrs, ...children) => {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [key, value] of Object.entries(attrs || {})) if (value !== undefined) el.setAttribute(key, value);
  append(el, children);
  return el;
};

let ids = 0;
export const uid = (prefix) => `${prefix}-${++ids}`;

/** A labelled control. `field` is the API field name used to place BadRequest violations next to it. */
export function field(label, control, { hint, field: name } = {}) {
  const id = control.id || uid('f');
  control.id = id;
  if (name) control.dataset.field = name;
  const hintEl = hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null;
  const error = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
  control.setAttribute('aria-describedby', [hintEl && hintEl.id, error.id].filter(Boolean).join(' '));
  const wrapper = h('div', { class: 'field' }, h('label', { for: id }, label), hintEl, control, error);
  return wrapper;
}

export const input = (attrs) => h('input', { type: 'text', ...attrs });

export function select(options, attrs) {
  return h('select', attrs, options.map(([value, label]) => h('option', { value }, label)));
}

/** A group of checkboxes in a fieldset with a legend. */
export function checkboxes(legend, name, options, { field: fieldName, checked = [] } = {}) {
  const error = h('p', { class: 'field-error', id: uid('err'), hidden: true });
  const set = h('fieldset', { class: 'checks', 'data-field': fieldName || name, 'aria-describedby': error.id },
    h('legend', {}, legend),
    options.map(([value, label]) => {
      const id = uid(name);
      return h('div', { class: 'check' },
        h('input', { type: 'checkbox', id, name, value, checked: checked.includes(value) }),
        h('label', { for: id }, label));
    }),
    error);
  return set;
}

export const checkedValues = (root, name) =>
  [...root.querySelectorAll(`input[name="${name}"]:checked`)].map((c) => c.value);

export function clearErrors(form) {
  form.querySelectorAll('.field-error').forEach((e) => { e.hidden = true; e.textContent = ''; });
  form.querySelectorAll('[aria-invalid]').forEach((e) => e.removeAttribute('aria-invalid'));
  const summary = form.querySelector('.form-error');
  if (summary) { summary.hidden = true; summary.textContent = ''; }
}

const normalise = (name) => String(name || '').replace(/_([a-z])/g, (_, c) => c.toUpperCase()).toLowerCase();

/** Shows an ApiError on a form: each field violation next to its control, the rest in the form's alert. */
export function showError(form, error) {
  clearErrors(form);
  const unplaced = [];
  let first = null;
  for (const v of error.violations || []) {
    const path = normalise(v.field);
    const candidates = [...form.querySelectorAll('[data-field]')];
    const target = candidates.find((c) => normalise(c.dataset.field) === path)
      || candidates.find((c) => path.endsWith(`.${normalise(c.dataset.field)}`))
      || candidates.find((c) => path.startsWith(`${normalise(c.dataset.field)}.`) || path.startsWith(`${normalise(c.dataset.field)}[`));
    if (!target) { unplaced.push(`${v.field}: ${v.description}`); continue; }
    const errorEl = target.tagName === 'FIELDSET'
      ? target.querySelector('.field-error')
      : document.getElementById(`${target.id}-error`);
    if (errorEl) {
      errorEl.textContent = errorEl.textContent ? `${errorEl.textContent} ${v.description}` : v.description;
      errorEl.hidden = false;
    }
    target.setAttribute('aria-invalid', 'true');
    first = first || target;
  }
  const summary = form.querySelector('.form-error');
  const text = [error.violations && error.violations.length ? 'Please correct the marked fields.' : error.message,
    ...unplaced].filter(Boolean).join(' ');
  if (summary) { summary.textContent = text; summary.hidden = false; }
  (first && first.tagName !== 'FIELDSET' ? first : first?.querySelector('input') || summary)?.focus();
}

/** An error the page finds itself, shown next to the control for `fieldName` like the API's field violations. */
export function invalid(fieldName, description) {
  return Object.assign(new Error(description), { violations: [{ field: fieldName, description }] });
}

/** The alert a form shows its overall error in (role=alert, so it is announced). */
export const formError = () => h('p', { class: 'form-error', role: 'alert', hidden: true, tabindex: '-1' });

/** Runs an async action for a form: disables the submit button meanwhile and shows errors on the form. */
export async function submitting(form, action) {
  const button = form.querySelector('button[type="submit"]');
  clearErrors(form);
  if (button) button.disabled = true;
  try {
    return await action();
  } catch (e) {
    showError(form, e);
    return undefined;
  } finally {
    if (button) button.disabled = false;
  }
}

let liveRegion;
/** Announces a short status to screen readers and shows it in the status bar. */
export function announce(text) {
  liveRegion = liveRegion || document.getElementById('status');
  liveRegion.textContent = '';
  setTimeout(() => { liveRegion.textContent = text; }, 50);
}

/** A message box for a view-level error (e.g. a list that could not load). */
export const errorBox = (error) => h('p', { class: 'error-box', role: 'alert' }, error.message);

/** An enum value as words: PARTNER_KIND_FAITH_BASED → "Faith based". */
export function words(value, prefix) {
  if (!value) return '';
  let text = String(value);
  if (prefix && text.startsWith(prefix)) text = text.substring(prefix.length);
  text = text.replace(/_/g, ' ').toLowerCase();
  return text.charAt(0).toUpperCase() + text.substring(1);
}

export function when(timestamp) {
  if (!timestamp) return '';
  const d = new Date(timestamp);
  return d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export const day = (date) => date ? `${date.year}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}` : '';

export function toDate(value) {
  const [year, month, dayOfMonth] = value.split('-').map(Number);
  return { year, month, day: dayOfMonth };
}

/** A section with a heading, the unit every view is made of. */
export const section = (title, ...children) => {
  const id = uid('h');
  return h('section', { 'aria-labelledby': id }, h('h2', { id }, title), children);
};

export const table = (caption, headers, rows) => h('table', {},
  h('caption', {}, caption),
  h('thead', {}, h('tr', {}, headers.map((t) => h('th', { scope: 'col' }, t)))),
  h('tbody', {}, rows));

export const empty = (text) => h('p', { class: 'empty' }, text);
