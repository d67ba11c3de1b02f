// The citizen's own pages, linked from the header's profile menu: all messages, dossiers and documents,
// and the personal data with a form to request a correction (GDPR art. 16). These functions return the
// body HTML only (text always escaped); server.mjs does the routing, the session, the CSRF checks, the
// audit log and wraps the body in layout().

import { CORRECTION_FIELDS, CORRECTION_LIMITS } from './api.mjs';
import { escapeHtml as e } from './http-util.mjs';
import { formatDate, LANGUAGE_NAMES, TEXT } from './pages.mjs';
import { isUnreadDossier } from './store.mjs';

/** The action of the correction form. */
export const CORRECTION_PATH = '/gegevens/correctie';

/** "Signed in as Jan Peeters, on behalf of Bakkerij Peeters BV": `user.party` is the party acted for, if any. */
export const signedIn = (t, user) => `<p class="meta">${e(t.signedInAs)} ${e(user.given_name)} ${e(user.family_name)}${user.party ? `, ${e(t.onBehalfOf)} ${e(user.party.name)}` : ''}</p>`;
const badge = (text) => ` <span class="badge">${e(text)}</span>`;
const time = (iso, lang, withTime = true) => `<time datetime="${e(iso)}">${e(formatDate(iso, lang, withTime))}</time>`;

/** `query` ("" or "?lang=xx") is appended to the links to item pages, so a chosen language is kept. */
export function messagesBody({ lang, user, messages, query = '' }) {
  const t = TEXT[lang];
  const items = messages.map((m) => {
    const unread = m.read_at === null;
    return `<li${unread ? ' class="unread"' : ''}><h2><a href="/berichten/${e(encodeURIComponent(m.id) + query)}">${e(m.title)}</a></h2>${unread ? badge(t.unread) : ''}${m.kind === 'registered' ? badge(t.registered) : ''}
<p class="meta">${e(t.from)} ${e(m.sender)} · ${time(m.created_at, lang)}</p></li>`;
  }).join('\n');
  return `${signedIn(t, user)}<h1>${e(t.myMessages)}</h1>
${items ? `<ul class="items">\n${items}\n</ul>` : `<p>${e(t.noMessages)}</p>`}`;
}

export function dossiersBody({ lang, user, dossiers, query = '' }) {
  const t = TEXT[lang];
  const items = dossiers.map((d) => {
    const unread = isUnreadDossier(d);
    const decision = d.decision ? ` (${e(t.decisions[d.decision])})` : '';
    const history = d.history
      .map((h) => `<li><strong>${e(t.statuses[h.status])}</strong>, ${time(h.at, lang)}${h.note ? `: ${e(h.note)}` : ''}</li>`)
      .join('');
    return `<li${unread ? ' class="unread"' : ''}><h2><a href="/dossiers/${e(encodeURIComponent(d.id) + query)}">${e(d.title)}</a></h2>${unread ? badge(t.updated) : ''}
<dl><dt>${e(t.reference)}</dt><dd>${e(d.reference)}</dd><dt>${e(t.status)}</dt><dd>${e(t.statuses[d.status])}${decision}</dd></dl>
<h3>${e(t.history)}</h3><ol class="history">${history}</ol></li>`;
  }).join('\n');
  return `${signedIn(t, user)}<h1>${e(t.myDossiers)}</h1>
${items ? `<ul class="items">\n${items}\n</ul>` : `<p>${e(t.noDossiers)}</p>`}`;
}

export function documentsBody({ lang, user, documents, query = '' }) {
  const t = TEXT[lang];
  const items = documents.map((d) => {
    const unread = d.read_at === null;
    const valid = d.valid_until ? ` · ${e(t.validUntil)} ${time(d.valid_until, lang, false)}` : '';
    return `<li${unread ? ' class="unread"' : ''}><h2><a href="/documenten/${e(encodeURIComponent(d.id) + query)}">${e(d.title)}</a></h2>${unread ? badge(t.unread) : ''}
<p class="meta">${e(t.received)} ${time(d.created_at, lang)}${valid}</p>
<p><a class="download" href="/documenten/${e(encodeURIComponent(d.id))}/bestand" download="${e(d.file_name)}">${e(t.download)}: ${e(d.file_name)}</a></p></li>`;
  }).join('\n');
  return `${signedIn(t, user)}<h1>${e(t.myDocuments)}</h1>
${items ? `<ul class="items">\n${items}\n</ul>` : `<p>${e(t.noDocuments)}</p>`}`;
}

/** validateCorrection's English `detail` → a localized message for the form. */
function localizedError(t, detail) {
  if (/^must be one of/.test(detail)) return t.errChoose;
  if (/^must (not be empty|be a string)/.test(detail)) return t.errRequired;
  const tooLong = /^must be at most (\d+) characters/.exec(detail);
  if (tooLong) return t.errTooLong.replace('{n}', tooLong[1]);
  return t.errInvalid;
}

const FORM_CONTROLS = [
  { name: 'field', id: 'correction-field', label: 'correctionField' },
  { name: 'currentValue', id: 'correction-current', label: 'currentValue' },
  { name: 'requestedValue', id: 'correction-requested', label: 'requestedValue' },
  { name: 'reason', id: 'correction-reason', label: 'reason' },
];

/**
 * The personal data (name, language, the facts of /api/me/data) and the correction form.
 * `values`: what was typed (re-shown after errors); `errors`: validateCorrection's [{ pointer, detail }].
 */
export function dataBody({ lang, user, facts, csrf, values = {}, errors = [] }) {
  const t = TEXT[lang];
  const rows = [
    `<dt>${e(t.name)}</dt><dd>${e(user.given_name)} ${e(user.family_name)}</dd>`,
    ...(user.language ? [`<dt>${e(t.language)}</dt><dd>${e(LANGUAGE_NAMES[user.language])}</dd>`] : []),
    ...facts.map((f) => `<dt>${e(f.label)}</dt><dd>${e(f.value)}${f.valid_until ? ` <span class="meta">(${e(t.validUntil)} ${time(f.valid_until, lang, false)})</span>` : ''}</dd>`),
  ].join('\n');

  const errorFor = new Map();
  for (const error of errors) {
    const name = error.pointer.replace(/^\//, '');
    if (!errorFor.has(name)) errorFor.set(name, localizedError(t, error.detail));
  }
  const firstInvalid = FORM_CONTROLS.find((c) => errorFor.has(c.name));
  const summary = errors.length
    ? `<div class="error" role="alert"><p>${e(t.correctionErrors)}</p><ul>${FORM_CONTROLS.filter((c) => errorFor.has(c.name))
      .map((c) => `<li><a href="#${c.id}">${e(t[c.label])}: ${e(errorFor.get(c.name))}</a></li>`).join('')}</ul></div>`
    : '';
  const control = (name) => {
    const c = FORM_CONTROLS.find((x) => x.name === name);
    const message = errorFor.get(name);
    const attrs = `id="${c.id}" name="${name}"${message ? ` aria-invalid="true" aria-describedby="${c.id}-error"` : ''}${c === firstInvalid ? ' autofocus' : ''}`;
    const error = message ? `<p class="field-error" id="${c.id}-error">${e(message)}</p>` : '';
    const value = values[name] ?? '';
    let input;
    if (name === 'field') {
      const options = CORRECTION_FIELDS.map((f) => `<option value="${e(f)}"${f === value ? ' selected' : ''}>${e(t.fields[f])}</option>`).join('');
      input = `<select ${attrs} required><option value="">${e(t.chooseField)}</option>${options}</select>`;
    } else if (name === 'reason') {
      input = `<textarea ${attrs} rows="4" maxlength="${CORRECTION_LIMITS.reason}" required>${e(value)}</textarea>`;
    } else {
      const required = name === 'requestedValue' ? ' required' : '';
      input = `<input ${attrs} type="text" maxlength="${CORRECTION_LIMITS[name]}" autocomplete="off" value="${e(value)}"${required}>`;
    }
    return `<label for="${c.id}">${e(t[c.label])}</label>${error}\n${input}`;
  };

  return `${signedIn(t, user)}<h1>${e(t.myData)}</h1>
<dl class="facts">
${rows}
</dl>
${facts.length ? '' : `<p>${e(t.noFacts)}</p>`}
<h2 id="correctie">${e(t.correctionTitle)}</h2>
<p>${e(t.correctionIntro)}</p>
${summary}
<form method="post" action="${CORRECTION_PATH}" class="correction" novalidate>
<input type="hidden" name="csrf" value="${e(csrf)}"><input type="hidden" name="lang" value="${e(lang)}">
${FORM_CONTROLS.map((c) => control(c.name)).join('\n')}
<div class="actions"><button type="submit">${e(t.sendCorrection)}</button></div>
</form>`;
}

/** After a stored correction request: what was asked, its reference. */
export function correctionSentBody({ lang, user, correction, query = '' }) {
  const t = TEXT[lang];
  const current = correction.current_value ? `<dt>${e(t.currentValue)}</dt><dd>${e(correction.current_value)}</dd>` : '';
  return `${signedIn(t, user)}<h1>${e(t.correctionSentTitle)}</h1>
<p role="status">${e(t.correctionSent)}</p>
<dl><dt>${e(t.reference)}</dt><dd>${e(correction.id)}</dd><dt>${e(t.received)}</dt><dd>${time(correction.created_at, lang)}</dd>
<dt>${e(t.correctionField)}</dt><dd>${e(t.fields[correction.field] ?? correction.field)}</dd>${current}
<dt>${e(t.requestedValue)}</dt><dd>${e(correction.requested_value)}</dd><dt>${e(t.reason)}</dt><dd>${e(correction.reason)}</dd></dl>
<p><a href="/gegevens${e(query)}">${e(t.backToData)}</a></p>`;
}
