// Caseworker: send a referral under the survivor's consent. The consent (recipient, purposes, data categories,
// expiry, how it was given, the language of the form) is recorded first; the personal data then travels encrypted
// with the referral, limited to the consented categories. Without consent only the anonymous summary is sent.
import * as api from '../api.js';
import { h, field, input, select, checkboxes, checkedValues, formError, submitting, announce, section, words } from '../ui.js';
import { languageOptions } from '../languages.js';

const CATEGORIES = ['IDENTITY', 'CONTACT', 'DEMOGRAPHICS', 'NEEDS', 'SAFETY', 'HISTORY'].map((c) => [`DATA_CATEGORY_${c}`, words(c)]);
const HINTS = {
  DATA_CATEGORY_IDENTITY: 'names, date of birth, identifiers', DATA_CATEGORY_CONTACT: 'phone, e-mail, address',
  DATA_CATEGORY_DEMOGRAPHICS: 'gender, nationality, languages', DATA_CATEGORY_NEEDS: 'needs in their words',
  DATA_CATEGORY_SAFETY: 'risks, safe contact times', DATA_CATEGORY_HISTORY: 'case history',
};

const isoDay = (d) => d.toISOString().substring(0, 10);

export default async function refer({ session, navigate, params }) {
  const recipient = await session.partner(params.partnerId, true);
  const terms = await session.terms();
  const serviceCodes = new Set((recipient.services || []).flatMap((s) => s.taxonomyCodes || []));
  const purposeOptions = terms.filter((t) => serviceCodes.has(t.code)).map((t) => [t.code, t.name]);

  // --- the anonymous summary (always travels) ---
  const purposes = checkboxes('Services asked for (the purposes of the consent)', 'purposes', purposeOptions, { field: 'purposes', checked: params.codes || [] });
  const urgency = select([['URGENCY_ROUTINE', 'Routine (answer within a week)'], ['URGENCY_URGENT', 'Urgent (a day or two)'], ['URGENCY_EMERGENCY', 'Emergency (within hours)']], { name: 'urgency' });
  const minAge = input({ type: 'number', min: '0', max: '120', inputmode: 'numeric', name: 'minAge' });
  const maxAge = input({ type: 'number', min: '0', max: '120', inputmode: 'numeric', name: 'maxAge' });
  const gender = select([['', 'Not stated'], ['female', 'Female'], ['male', 'Male'], ['non-binary', 'Non-binary']], { name: 'gender' });
  const survivorLanguage = select(languageOptions([['', 'Choose…']]), { name: 'language', required: true });

  // --- consent ---
  const share = h('input', { type: 'checkbox', id: 'share-data', name: 'share' });
  const clientId = input({ name: 'clientId', maxlength: '64', autocomplete: 'off', spellcheck: 'false' });
  const method = select([['', 'Choose…'], ['CONSENT_METHOD_WRITTEN', 'Written (signed form)'], ['CONSENT_METHOD_VERBAL_WITNESSED', 'Verbal, witnessed'], ['CONSENT_METHOD_ELECTRONIC', 'Electronic']], { name: 'method' });
  const categories = checkboxes('Data the survivor agreed to share', 'categories', CATEGORIES.map(([v, l]) => [v, `${l} (${HINTS[v]})`]), { field: 'categories' });
  const expiry = input({ type: 'date', name: 'expireTime', value: isoDay(new Date(Date.now() + 30 * 86400000)), min: isoDay(new Date(Date.now() + 86400000)) });

  // --- the personal data, per category (autocomplete off: nothing is remembered by the browser) ---
  const pd = (name, label, tag = 'input') => {
    const control = tag === 'textarea' ? h('textarea', { name, autocomplete: 'off' }) : input({ name, autocomplete: 'off' });
    return { control, node: field(label, control, { field: name }) };
  };
  const d = {
    givenName: pd('given_name', 'Given name'), familyName: pd('family_name', 'Family name'),
    dateOfBirth: pd('date_of_birth', 'Date of birth'), phone: pd('phone', 'Phone'),
    safeTimes: pd('safe_contact_times', 'Safe times to call'), nationality: pd('nationality', 'Nationality'),
    needs: pd('needs_notes', 'Needs, in the survivor\'s words', 'textarea'), safety: pd('safety_notes', 'Safety notes', 'textarea'),
    history: pd('history_notes', 'Case history', 'textarea'),
  };
  const groups = {
    DATA_CATEGORY_IDENTITY: h('fieldset', { hidden: true }, h('legend', {}, 'Identity'), d.givenName.node, d.familyName.node, d.dateOfBirth.node),
    DATA_CATEGORY_CONTACT: h('fieldset', { hidden: true }, h('legend', {}, 'Contact'), d.phone.node, d.safeTimes.node),
    DATA_CATEGORY_DEMOGRAPHICS: h('fieldset', { hidden: true }, h('legend', {}, 'Demographics'), d.nationality.node),
    DATA_CATEGORY_NEEDS: h('fieldset', { hidden: true }, h('legend', {}, 'Needs'), d.needs.node),
    DATA_CATEGORY_SAFETY: h('fieldset', { hidden: true }, h('legend', {}, 'Safety'), d.safety.node),
    DATA_CATEGORY_HISTORY: h('fieldset', { hidden: true }, h('legend', {}, 'History'), d.history.node),
  };
  const consentPart = h('div', { id: 'consent-part', hidden: true },
    h('p', { class: 'notice' }, 'Consent is informed, written, time-limited and revocable, and never a condition of service. Record it only as the survivor gave it.'),
    field('Client reference', clientId, { field: 'client_id', hint: 'Your own case system\'s pseudonymous id. Never a name.' }),
    field('How consent was given', method, { field: 'method' }),
    categories,
    field('Consent expires on', expiry, { field: 'expire_time' }),
    h('div', {}, Object.values(groups)));
  const syncGroups = () => {
    const chosen = new Set(checkedValues(categories, 'categories'));
    for (const [cat, group] of Object.entries(groups)) group.hidden = !chosen.has(cat);
  };
  categories.addEventListener('change', syncGroups);
  share.addEventListener('change', () => { consentPart.hidden = !share.checked; });

  const form = h('form', { novalidate: true, id: 'referral-form' },
    h('p', {}, 'Recipient: ', h('strong', {}, recipient.name)),
    section('Anonymous summary (the recipient sees this before accepting)',
      purposes,
      h('div', { class: 'grid' },
        field('Urgency', urgency, { field: 'urgency' }),
        field('Survivor\'s language', survivorLanguage, { field: 'language', hint: 'Also the language of the consent form.' }),
        field('Age from', minAge, { field: 'min_age' }),
        field('Age to', maxAge, { field: 'max_age' }),
        field('Gender', gender, { field: 'gender' }))),
    section('Consent to share personal data',
      h('div', { class: 'check' }, share, h('label', { for: 'share-data' }, 'The survivor consented to share personal data with this organisation')),
      consentPart),
    formError(),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, `Send referral to ${recipient.name}`),
      h('button', { type: 'button', class: 'secondary', onclick: () => navigate('search') }, 'Cancel')));

  let consent = null; // kept only while this form is open, so a retry after a referral error reuses it
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    submitting(form, async () => {
      const codes = checkedValues(purposes, 'purposes');
      const chosen = checkedValues(categories, 'categories');
      const languages = survivorLanguage.value ? [survivorLanguage.value] : [];
      const referral = {
        recipientPartner: recipient.id,
        requestedServices: codes,
        urgency: urgency.value,
        summary: {
          ageRange: minAge.value || maxAge.value ? { minAge: Number(minAge.value || 0), maxAge: Number(maxAge.value || 0) } : undefined,
          languages, needs: codes, gender: gender.value || undefined,
        },
      };
      let disclosure;
      if (share.checked) {
        if (!consent) {
          const body = await api.post('/api/v1/consents', {
            clientId: clientId.value.trim(), method: method.value || undefined,
            recipientPartners: [recipient.id], purposes: codes, categories: chosen,
            expireTime: expiry.value ? new Date(`${expiry.value}T23:59:59Z`).toISOString() : undefined,
            language: survivorLanguage.value,
          });
          consent = body.consent;
        }
        referral.consent = consent.name || `consents/${consent.id}`;
        const has = (c) => chosen.includes(c);
        const v = (x) => x.control.value.trim() || undefined;
        disclosure = {
          identity: has('DATA_CATEGORY_IDENTITY') ? { givenName: v(d.givenName), familyName: v(d.familyName), dateOfBirth: v(d.dateOfBirth) } : undefined,
          contact: has('DATA_CATEGORY_CONTACT') ? { phone: v(d.phone), safeContactTimes: v(d.safeTimes) } : undefined,
          demographics: has('DATA_CATEGORY_DEMOGRAPHICS') ? { nationality: v(d.nationality), gender: gender.value || undefined, languages } : undefined,
          needs: has('DATA_CATEGORY_NEEDS') ? { notes: v(d.needs) } : undefined,
          safety: has('DATA_CATEGORY_SAFETY') ? { notes: v(d.safety) } : undefined,
          history: has('DATA_CATEGORY_HISTORY') ? { notes: v(d.history) } : undefined,
        };
      }
      const body = await api.post('/api/v1/referrals', { referral, disclosure });
      // the personal data leaves the page with the form
      form.reset();
      announce(`Referral sent to ${recipient.name}.`);
      navigate('outbox', { sent: body.referral.id, consent: consent && consent.id });
    });
  });

  return h('div', {}, h('h1', {}, 'Send a referral'), form);
}
