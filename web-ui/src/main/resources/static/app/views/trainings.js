// Schools: find awareness trainings (audience, language, format, distance), request a session, follow bookings and
// leave feedback afterwards. Trainers: answer the requests for their trainings.
import * as api from '../api.js';
import { h, field, input, select, formError, submitting, announce, section, words, day, toDate, empty } from '../ui.js';
import { PLACES, placeByName } from '../places.js';
import { languageOptions, languageName } from '../languages.js';

const AUDIENCES = ['STUDENTS_ELEMENTARY', 'STUDENTS_MIDDLE', 'STUDENTS_HIGH', 'TEACHERS', 'PARENTS', 'STAFF'].map((a) => [`TRAINING_AUDIENCE_${a}`, words(a)]);
const FORMATS = ['IN_PERSON', 'VIRTUAL', 'HYBRID'].map((f) => [`TRAINING_FORMAT_${f}`, words(f)]);
const isoDay = (d) => d.toISOString().substring(0, 10);

function bookingForm(t, onDone) {
  const audience = select((t.audiences || []).map((a) => [a, words(a, 'TRAINING_AUDIENCE_')]), { name: 'audience' });
  // today is allowed: a same-day session (often virtual) is booked like any other
  const first = input({ type: 'date', name: 'date1', min: isoDay(new Date()), value: day(t.availableFrom) > isoDay(new Date()) ? day(t.availableFrom) : isoDay(new Date(Date.now() + 14 * 86400000)) });
  const second = input({ type: 'date', name: 'date2' });
  const participants = input({ type: 'number', min: '1', max: '10000', name: 'participants', value: '30', inputmode: 'numeric' });
  const note = h('textarea', { name: 'note', maxlength: '1000' });
  const form = h('form', { novalidate: true, hidden: true, class: 'booking-form' },
    h('div', { class: 'grid' },
      field('Audience', audience, { field: 'audience' }),
      field('Preferred date', first, { field: 'preferred_dates' }),
      field('Another possible date (optional)', second),
      field('Expected participants', participants, { field: 'expected_participants' })),
    field('Note for the trainer', note, { field: 'note', hint: 'About the session, never about a person.' }),
    formError(),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, `Request a session of “${t.title}”`)));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    submitting(form, async () => {
      const dates = [first.value, second.value].filter(Boolean).map(toDate);
      await api.post(`/api/v1/trainings/${encodeURIComponent(t.id)}/bookings`, {
        preferredDates: dates, audience: audience.value, expectedParticipants: Number(participants.value || 0),
        format: t.format, note: note.value || undefined,
      });
      announce('Session requested. The trainer will confirm a date.');
      onDone();
    });
  });
  return form;
}

function feedbackForm(b, onDone) {
  const attendance = input({ type: 'number', min: '0', max: '10000', name: 'attendance', inputmode: 'numeric' });
  const rating = select([['', 'Choose…'], ['5', '5 – excellent'], ['4', '4'], ['3', '3'], ['2', '2'], ['1', '1 – poor']], { name: 'rating' });
  const comment = h('textarea', { name: 'comment', maxlength: '1000' });
  const form = h('form', { novalidate: true, class: 'feedback-form' },
    h('div', { class: 'grid' }, field('How many attended', attendance, { field: 'attendance' }), field('Rating', rating, { field: 'rating' })),
    field('Comment', comment, { field: 'comment', hint: 'About the session, never about a person.' }), formError(),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Save feedback')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    submitting(form, async () => {
      await api.post(`/api/v1/bookings/${encodeURIComponent(b.id)}:recordFeedback`, {
        feedback: { attendance: Number(attendance.value || 0), rating: Number(rating.value), comment: comment.value || undefined },
      });
      announce('Feedback saved. Thank you.');
      onDone();
    });
  });
  return form;
}

/** The trainer's organisation answers a request: one of the school's dates, or a decline with a reason it sees. */
function trainerAnswer(b, onDone) {
  const date = select((b.preferredDates || []).map((d) => [day(d), day(d)]), { name: 'date' });
  const confirm = h('form', { class: 'inline', novalidate: true }, field('Date', date, { field: 'date' }), formError(),
    h('button', { type: 'submit', class: 'primary' }, 'Confirm this date'));
  confirm.addEventListener('submit', (e) => {
    e.preventDefault();
    submitting(confirm, async () => {
      await api.post(`/api/v1/bookings/${encodeURIComponent(b.id)}:confirm`, { date: toDate(date.value) });
      announce('Booking confirmed. The school sees the date.');
      onDone();
    });
  });
  const reason = h('textarea', { name: 'reason', maxlength: '500' });
  const decline = h('form', { novalidate: true, hidden: true, class: 'decline-form' },
    field('Why you decline (the school sees this)', reason, { field: 'reason' }), formError(),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'danger' }, 'Decline the request')));
  decline.addEventListener('submit', (e) => {
    e.preventDefault();
    submitting(decline, async () => {
      await api.post(`/api/v1/bookings/${encodeURIComponent(b.id)}:decline`, { reason: reason.value.trim() });
      announce('Request declined.');
      onDone();
    });
  });
  const toggle = h('button', { type: 'button', class: 'secondary', 'aria-expanded': 'false', onclick: () => {
    decline.hidden = !decline.hidden;
    toggle.setAttribute('aria-expanded', String(!decline.hidden));
    if (!decline.hidden) reason.focus();
  } }, 'Decline…');
  return h('div', { class: 'trainer-answer' }, confirm, toggle, decline);
}

/** A programme's aggregate of the schools' ratings, or nothing before the first one. */
const ratingText = (t) => (t && t.ratingCount
  ? `rated ${Number(t.averageRating).toFixed(1)}/5 by ${t.ratingCount} school${t.ratingCount === 1 ? '' : 's'}` : '');

export default async function trainings({ session, navigate }) {
  const refresh = () => navigate('trainings');
  const audience = select([['', 'Any audience'], ...AUDIENCES], { name: 'audience' });
  const language = select(languageOptions(), { name: 'language' });
  const format = select([['', 'Any format'], ...FORMATS], { name: 'format' });
  const near = select([['', 'Anywhere'], ...PLACES.map((p) => [p.name, p.name])], { name: 'near' });
  const results = h('div', { id: 'training-results' });
  const form = h('form', { role: 'search', 'aria-label': 'Find trainings', novalidate: true },
    h('div', { class: 'grid' }, field('Audience', audience, { field: 'audience' }), field('Language', language, { field: 'language' }),
      field('Format', format, { field: 'format' }), field('Near', near, { field: 'near' })),
    formError(), h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Find trainings')));
  const search = () => submitting(form, async () => {
    const place = placeByName(near.value);
    const body = await api.get('/api/v1/trainings:search', {
      audience: audience.value, language: language.value, format: format.value, pageSize: 20,
      'near.latitude': place && place.lat, 'near.longitude': place && place.lng, radiusKm: place ? 50 : undefined,
    });
    const found = body.results || [];
    results.replaceChildren(h('h2', {}, `${found.length} trainings found`), found.length ? h('ul', { class: 'cards' }, found.map(({ training: t, distanceKm }) => {
      const request = bookingForm(t, refresh);
      return h('li', { class: 'card training' },
        h('h3', {}, t.title),
        h('p', { class: 'meta' }, `${words(t.format, 'TRAINING_FORMAT_')} · ${t.durationMinutes} min · ${(t.languages || []).map(languageName).join(', ')}`
          + (t.area ? ` · ${t.area}` : '') + (distanceKm ? ` · ${Number(distanceKm).toFixed(1)} km` : '')
          + (t.ratingCount ? ` · ${ratingText(t)}` : '')),
        h('p', { class: 'meta' }, `For ${(t.audiences || []).map((a) => words(a, 'TRAINING_AUDIENCE_')).join(', ')}; bookable ${day(t.availableFrom)} to ${day(t.availableUntil)}`),
        t.description ? h('p', {}, t.description) : null,
        h('button', { type: 'button', class: 'secondary', 'aria-expanded': 'false', onclick: (e) => {
          request.hidden = !request.hidden; e.target.setAttribute('aria-expanded', String(!request.hidden));
          if (!request.hidden) request.querySelector('select, input').focus();
        } }, 'Request a session…'),
        request);
    })) : empty('No training matches. Try another audience or language.'));
    announce(`${found.length} trainings found.`);
  });
  form.addEventListener('submit', (e) => { e.preventDefault(); search(); });

  let bookings = [];
  try { bookings = (await api.get('/api/v1/bookings', { pageSize: 50 })).bookings || []; } catch (e) { bookings = []; }
  // each programme once: its title, and its aggregate rating for the trainer and the schools that booked it
  const programmes = new Map();
  for (const b of bookings) {
    if (!programmes.has(b.training)) {
      try { programmes.set(b.training, (await api.get(`/api/v1/trainings/${encodeURIComponent(b.training)}`)).training); } catch (e) { programmes.set(b.training, null); }
    }
  }
  const today = isoDay(new Date());
  const bookingItems = await Promise.all(bookings.map(async (b) => {
    const asSchool = session.orgId ? b.school === session.orgId : b.trainer !== session.orgId;
    const other = await session.partnerName(asSchool ? b.trainer : b.school);
    let action = null;
    if (b.status === 'BOOKING_STATUS_REQUESTED' && session.orgId && b.trainer === session.orgId) action = trainerAnswer(b, refresh);
    if (b.status === 'BOOKING_STATUS_CONFIRMED' && asSchool) {
      // the service takes feedback from the session day on
      action = day(b.confirmedDate) <= today
        ? h('div', { class: 'feedback' }, h('h4', {}, 'Feedback after the session'), feedbackForm(b, refresh))
        : h('p', { class: 'meta' }, `Feedback can be left from the session day, ${day(b.confirmedDate)}.`);
    }
    const programme = programmes.get(b.training);
    return h('li', { class: 'card booking', 'data-booking': b.id },
      h('h3', {}, programme ? programme.title : 'Training'),
      h('p', {}, h('span', { class: 'badge info' }, words(b.status, 'BOOKING_STATUS_')), ` ${asSchool ? 'with' : 'for'} ${other}`),
      h('p', { class: 'meta' }, `${words(b.audience, 'TRAINING_AUDIENCE_')} · ${b.expectedParticipants || '?'} participants · `
        + (b.confirmedDate ? `on ${day(b.confirmedDate)}` : `asked for ${(b.preferredDates || []).map(day).join(', ')}`)
        + (b.declineReason ? ` · declined: ${b.declineReason}` : '')
        + (b.feedback ? ` · feedback: ${b.feedback.rating}/5, ${b.feedback.attendance} attended` : '')),
      ratingText(programme) ? h('p', { class: 'meta programme-rating' }, `Programme ${ratingText(programme)}`) : null,
      action);
  }));

  return h('div', {}, h('h1', {}, 'Trainings and bookings'),
    section('Find a training', form, results),
    section('Bookings', bookingItems.length ? h('ul', { class: 'cards', id: 'bookings' }, bookingItems) : empty('No bookings yet.')));
}
