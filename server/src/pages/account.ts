// The citizen's own pages, linked from the header's profile menu: all messages, dossiers and documents, one
// page per item, and the personal data with a form to request a correction (GDPR art. 16). These functions
// return the body HTML only (text always escaped); the routes do the session, the CSRF checks, the audit row
// and wrap the body in layout().

import type {
  CorrectionRow,
  DocumentRow,
  DossierRow,
  FactRow,
  MandateRow,
  MessageRow,
  UserRow,
} from '../store/store.js';
import { CORRECTION_FIELDS, CORRECTION_LIMITS, isUnreadDossier } from '../services/citizen.js';
import type { FieldError } from '../http/problem.js';
import { escapeHtml as e } from './html.js';
import { formatDate, LANGUAGE_NAMES, TEXT, type Lang, type Texts } from './texts.js';

/** The action of the correction form. */
export const CORRECTION_PATH = '/gegevens/correctie';

/** The citizen as a page shows them: `party` is the party acted for, if any. */
export type PageUser = UserRow & { party: MandateRow | undefined };

const label = (map: Record<string, string>, key: string) => map[key] ?? key;
const statusLabel = (t: Texts, status: string) => label(t.statuses, status);

/** "Signed in as Jan Peeters, on behalf of Bakkerij Peeters BV". */
export const signedIn = (t: Texts, user: PageUser) =>
  `<p class="meta">${e(t.signedInAs)} ${e(user.givenName)} ${e(user.familyName)}${user.party ? `, ${e(t.onBehalfOf)} ${e(user.party.name)}` : ''}</p>`;
const badge = (text: string) => ` <span class="badge">${e(text)}</span>`;
const time = (iso: string, lang: Lang, withTime = true) =>
  `<time datetime="${e(iso)}">${e(formatDate(iso, lang, withTime))}</time>`;

interface ListOptions<T> {
  lang: Lang;
  user: PageUser;
  query?: string;
  items: T[];
}

/** `query` ("" or "?lang=xx") is appended to the links to item pages, so a chosen language is kept. */
export function messagesBody({ lang, user, items: messages, query = '' }: ListOptions<MessageRow>): string {
  const t = TEXT[lang];
  const items = messages
    .map((m) => {
      const unread = m.readAt === null;
      return `<li${unread ? ' class="unread"' : ''}><h2><a href="/berichten/${e(encodeURIComponent(m.id) + query)}">${e(m.title)}</a></h2>${unread ? badge(t.unread) : ''}${m.kind === 'registered' ? badge(t.registered) : ''}
<p class="meta">${e(t.from)} ${e(m.sender)} · ${time(m.createdAt, lang)}</p></li>`;
    })
    .join('\n');
  return `${signedIn(t, user)}<h1>${e(t.myMessages)}</h1>
${items ? `<ul class="items">\n${items}\n</ul>` : `<p>${e(t.noMessages)}</p>`}`;
}

const historyList = (t: Texts, lang: Lang, d: DossierRow, withTimeTag: boolean) =>
  d.history
    .map(
      (h) =>
        `<li><strong>${e(statusLabel(t, h.status))}</strong>, ${withTimeTag ? time(h.at, lang) : e(formatDate(h.at, lang, true))}${h.note ? `: ${e(h.note)}` : ''}</li>`,
    )
    .join('');

export function dossiersBody({ lang, user, items: dossiers, query = '' }: ListOptions<DossierRow>): string {
  const t = TEXT[lang];
  const items = dossiers
    .map((d) => {
      const unread = isUnreadDossier(d);
      const decision = d.decision ? ` (${e(label(t.decisions, d.decision))})` : '';
      return `<li${unread ? ' class="unread"' : ''}><h2><a href="/dossiers/${e(encodeURIComponent(d.id) + query)}">${e(d.title)}</a></h2>${unread ? badge(t.updated) : ''}
<dl><dt>${e(t.reference)}</dt><dd>${e(d.reference)}</dd><dt>${e(t.status)}</dt><dd>${e(statusLabel(t, d.status))}${decision}</dd></dl>
<h3>${e(t.history)}</h3><ol class="history">${historyList(t, lang, d, true)}</ol></li>`;
    })
    .join('\n');
  return `${signedIn(t, user)}<h1>${e(t.myDossiers)}</h1>
${items ? `<ul class="items">\n${items}\n</ul>` : `<p>${e(t.noDossiers)}</p>`}`;
}

export function documentsBody({ lang, user, items: documents, query = '' }: ListOptions<DocumentRow>): string {
  const t = TEXT[lang];
  const items = documents
    .map((d) => {
      const unread = d.readAt === null;
      const valid = d.validUntil ? ` · ${e(t.validUntil)} ${time(d.validUntil, lang, false)}` : '';
      return `<li${unread ? ' class="unread"' : ''}><h2><a href="/documenten/${e(encodeURIComponent(d.id) + query)}">${e(d.title)}</a></h2>${unread ? badge(t.unread) : ''}
<p class="meta">${e(t.received)} ${time(d.createdAt, lang)}${valid}</p>
<p><a class="download" href="/documenten/${e(encodeURIComponent(d.id))}/bestand" download="${e(d.fileName)}">${e(t.download)}: ${e(d.fileName)}</a></p></li>`;
    })
    .join('\n');
  return `${signedIn(t, user)}<h1>${e(t.myDocuments)}</h1>
${items ? `<ul class="items">\n${items}\n</ul>` : `<p>${e(t.noDocuments)}</p>`}`;
}

// ---- one page per item ----

export function messageBody({ lang, user, message }: { lang: Lang; user: PageUser; message: MessageRow }): string {
  const t = TEXT[lang];
  const ack = message.acknowledgedAt
    ? `<p class="meta">${e(t.acknowledged)} ${e(formatDate(message.acknowledgedAt, lang, true))}</p>`
    : '';
  return `${signedIn(t, user)}<h1>${e(message.title)}</h1>
${message.kind === 'registered' ? `<p><strong>${e(t.registered)}</strong></p>` : ''}
<dl><dt>${e(t.from)}</dt><dd>${e(message.sender)}</dd><dt>${e(t.received)}</dt><dd>${e(formatDate(message.createdAt, lang, true))}</dd></dl>
<p>${e(message.body)}</p>${ack}`;
}

export function dossierBody({ lang, user, dossier }: { lang: Lang; user: PageUser; dossier: DossierRow }): string {
  const t = TEXT[lang];
  const decision = dossier.decision ? ` (${e(label(t.decisions, dossier.decision))})` : '';
  return `${signedIn(t, user)}<h1>${e(dossier.title)}</h1>
<dl><dt>${e(t.reference)}</dt><dd>${e(dossier.reference)}</dd><dt>${e(t.status)}</dt><dd>${e(statusLabel(t, dossier.status))}${decision}</dd></dl>
${dossier.href ? `<p><a href="${e(dossier.href)}">${e(t.applicationLink)}</a></p>` : ''}
<h2>${e(t.history)}</h2><ol class="history">${historyList(t, lang, dossier, false)}</ol>`;
}

export function documentBody({ lang, user, doc }: { lang: Lang; user: PageUser; doc: DocumentRow }): string {
  const t = TEXT[lang];
  const valid = doc.validUntil ? `<dt>${e(t.validUntil)}</dt><dd>${e(formatDate(doc.validUntil, lang))}</dd>` : '';
  return `${signedIn(t, user)}<h1>${e(doc.title)}</h1>
<dl><dt>${e(t.received)}</dt><dd>${e(formatDate(doc.createdAt, lang, true))}</dd>${valid}</dl>
<p><a class="button" href="/documenten/${e(doc.id)}/bestand" download="${e(doc.fileName)}">${e(t.download)}</a></p>`;
}

// ---- personal data and the correction form ----

/** A schema error's English `detail` -> a localized message for the form. */
function localizedError(t: Texts, name: string, detail: string): string {
  if (/^must be one of/.test(detail) || (name === 'field' && /^is required/.test(detail))) return t.errChoose;
  if (/^(must (not be empty|be a string)|is required)/.test(detail)) return t.errRequired;
  const tooLong = /^must be at most (\d+) characters/.exec(detail);
  if (tooLong) return t.errTooLong.replace('{n}', tooLong[1]!);
  return t.errInvalid;
}

type FormName = 'field' | 'currentValue' | 'requestedValue' | 'reason';
const FORM_CONTROLS: {
  name: FormName;
  id: string;
  label: keyof Texts & ('correctionField' | 'currentValue' | 'requestedValue' | 'reason');
}[] = [
  { name: 'field', id: 'correction-field', label: 'correctionField' },
  { name: 'currentValue', id: 'correction-current', label: 'currentValue' },
  { name: 'requestedValue', id: 'correction-requested', label: 'requestedValue' },
  { name: 'reason', id: 'correction-reason', label: 'reason' },
];

/**
 * The personal data (name, language, the facts of /api/me/data) and the correction form.
 * `values`: what was typed (shown again after errors); `errors`: the contract's [{ pointer, detail }].
 */
export function dataBody({
  lang,
  user,
  facts,
  csrf,
  values = {},
  errors = [],
}: {
  lang: Lang;
  user: PageUser;
  facts: FactRow[];
  csrf: string;
  values?: Partial<Record<FormName, string>>;
  errors?: FieldError[];
}): string {
  const t = TEXT[lang];
  const rows = [
    `<dt>${e(t.name)}</dt><dd>${e(user.givenName)} ${e(user.familyName)}</dd>`,
    ...(user.language ? [`<dt>${e(t.language)}</dt><dd>${e(LANGUAGE_NAMES[user.language])}</dd>`] : []),
    ...facts.map(
      (f) =>
        `<dt>${e(f.label)}</dt><dd>${e(f.value)}${f.validUntil ? ` <span class="meta">(${e(t.validUntil)} ${time(f.validUntil, lang, false)})</span>` : ''}${f.correctedAt ? ` <span class="meta">(${e(t.correctedOn)} ${time(f.correctedAt, lang, false)})</span>` : ''}</dd>`,
    ),
  ].join('\n');

  const errorFor = new Map<string, string>();
  for (const error of errors) {
    const name = error.pointer.replace(/^\//, '');
    if (!errorFor.has(name)) errorFor.set(name, localizedError(t, name, error.detail));
  }
  const firstInvalid = FORM_CONTROLS.find((c) => errorFor.has(c.name));
  const summary = errors.length
    ? `<div class="error" role="alert"><p>${e(t.correctionErrors)}</p><ul>${FORM_CONTROLS.filter((c) =>
        errorFor.has(c.name),
      )
        .map((c) => `<li><a href="#${c.id}">${e(t[c.label])}: ${e(errorFor.get(c.name))}</a></li>`)
        .join('')}</ul></div>`
    : '';
  const control = (c: (typeof FORM_CONTROLS)[number]) => {
    const { name } = c;
    const message = errorFor.get(name);
    const attrs = `id="${c.id}" name="${name}"${message ? ` aria-invalid="true" aria-describedby="${c.id}-error"` : ''}${c === firstInvalid ? ' autofocus' : ''}`;
    const error = message ? `<p class="field-error" id="${c.id}-error">${e(message)}</p>` : '';
    const value = values[name] ?? '';
    let input: string;
    if (name === 'field') {
      const options = CORRECTION_FIELDS.map(
        (f) => `<option value="${e(f)}"${f === value ? ' selected' : ''}>${e(t.fields[f])}</option>`,
      ).join('');
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
${FORM_CONTROLS.map(control).join('\n')}
<div class="actions"><button type="submit">${e(t.sendCorrection)}</button></div>
</form>`;
}

/** After a stored correction request: what was asked, its reference. */
export function correctionSentBody({
  lang,
  user,
  correction,
  query = '',
}: {
  lang: Lang;
  user: PageUser;
  correction: CorrectionRow;
  query?: string;
}): string {
  const t = TEXT[lang];
  const current = correction.currentValue ? `<dt>${e(t.currentValue)}</dt><dd>${e(correction.currentValue)}</dd>` : '';
  return `${signedIn(t, user)}<h1>${e(t.correctionSentTitle)}</h1>
<p role="status">${e(t.correctionSent)}</p>
<dl><dt>${e(t.reference)}</dt><dd>${e(correction.id)}</dd><dt>${e(t.received)}</dt><dd>${time(correction.createdAt, lang)}</dd>
<dt>${e(t.correctionField)}</dt><dd>${e(label(t.fields, correction.field))}</dd>${current}
<dt>${e(t.requestedValue)}</dt><dd>${e(correction.requestedValue)}</dd><dt>${e(t.reason)}</dt><dd>${e(correction.reason)}</dd></dl>
<p><a href="/gegevens${e(query)}">${e(t.backToData)}</a></p>`;
}
