// The staff pages' bodies (the routes wrap them in layout()): the sign-in form, the bar with the signed-in staff
// member and the sign-out button, the audit console (/audit) and the corrections work list (/behandeling).
// Text always escaped. Every form posts with the session's CSRF token.

import type { AuditSearch, AuditSearchField } from '../services/audit-search.js';
import type { StaffMember } from '../staff/registry.js';
import type {
  AuditRow,
  CorrectionFact,
  CorrectionQueueRow,
  CorrectionRow,
  MandateRow,
  UserRow,
} from '../store/store.js';
import { OUTCOMES } from '../audit/audit-log.js';
import { AUDIT_CSV_COLUMNS } from '../audit/csv.js';
import { escapeHtml as e } from './html.js';
import { fill, STAFF_TEXT, type StaffTexts } from './staff-texts.js';
import { formatDate, TEXT, type Lang } from './texts.js';

export const STAFF_SIGN_IN_PATH = '/medewerkers/aanmelden';
export const STAFF_SIGN_OUT_PATH = '/medewerkers/afmelden';
export const AUDIT_PATH = '/audit';
export const AUDIT_EXPORT_PATH = '/audit/export.csv';
export const WORKLIST_PATH = '/behandeling';

/** The page each role works on. */
export const HOME_OF_ROLE = { 'security-consultant': AUDIT_PATH, behandelaar: WORKLIST_PATH } as const;

const hidden = (name: string, value: string) => `<input type="hidden" name="${e(name)}" value="${e(value)}">`;
const time = (iso: string, lang: Lang) => `<time datetime="${e(iso)}">${e(formatDate(iso, lang, true))}</time>`;

/** Who is signed in, the link to their page and the sign-out button. */
export function staffBar(lang: Lang, member: StaffMember, csrf: string): string {
  const t = STAFF_TEXT[lang];
  const home = HOME_OF_ROLE[member.role];
  const label = home === AUDIT_PATH ? t.auditTitle : t.worklistTitle;
  return `<nav class="account" aria-label="${e(t.staffNav)}"><ul><li><a href="${e(home)}?lang=${lang}">${e(label)}</a></li></ul>
<form method="post" action="${STAFF_SIGN_OUT_PATH}" class="staff-session">
<p class="meta">${e(t.signedInAs)} ${e(member.name)} (${e(t.roles[member.role])})</p>
${hidden('csrf', csrf)}${hidden('lang', lang)}<button type="submit" class="secondary">${e(t.signOut)}</button>
</form></nav>`;
}

export function staffLoginBody({
  lang,
  csrf,
  returnTo,
  error = false,
  notice,
}: {
  lang: Lang;
  csrf: string;
  returnTo: string;
  error?: boolean;
  notice?: string;
}): string {
  const t = STAFF_TEXT[lang];
  const errorBox = error ? `<p class="error" id="login-error" role="alert">${e(t.wrongCredentials)}</p>` : '';
  const noticeBox = notice ? `<p role="status">${e(notice)}</p>` : '';
  const describedBy = error ? ' aria-describedby="login-error" aria-invalid="true"' : '';
  return `<h1>${e(t.signInTitle)}</h1>
<p>${e(t.signInIntro)}</p>
${noticeBox}${errorBox}
<form method="post" action="${STAFF_SIGN_IN_PATH}" class="login" novalidate>
${hidden('csrf', csrf)}${hidden('lang', lang)}${hidden('return', returnTo)}
<label for="username">${e(t.username)}</label>
<input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required autofocus${describedBy}>
<label for="password">${e(t.password)}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${describedBy}>
<div class="actions"><button type="submit">${e(t.submit)}</button></div>
</form>
<p class="hint">${e(t.demoHint)}</p>`;
}

// ---- the audit console ----

const SEARCH_CONTROLS: { name: AuditSearchField; id: string; label: keyof StaffTexts; type: string }[] = [
  { name: 'from', id: 'audit-from', label: 'from', type: 'date' },
  { name: 'to', id: 'audit-to', label: 'to', type: 'date' },
  { name: 'actor', id: 'audit-actor', label: 'actor', type: 'text' },
  { name: 'nrn', id: 'audit-nrn', label: 'citizen', type: 'text' },
  { name: 'ip', id: 'audit-ip', label: 'clientIp', type: 'text' },
  { name: 'operation', id: 'audit-operation', label: 'operation', type: 'text' },
  { name: 'outcome', id: 'audit-outcome', label: 'outcome', type: 'select' },
];

const ERROR_TEXT: Record<string, keyof StaffTexts> = {
  date: 'errDate',
  range: 'errRange',
  nrn: 'errNrn',
  'nrn-unknown': 'errNrnUnknown',
  ip: 'errIp',
  operation: 'errOperation',
  text: 'errText',
  outcome: 'errOperation',
};

// the console shows the columns the CSV export has, in the same order
const COLUMNS = AUDIT_CSV_COLUMNS;

export function auditBody({
  lang,
  csrf,
  search,
  rows,
  before,
  nextBefore,
}: {
  lang: Lang;
  csrf: string;
  /** undefined: the empty form (nothing searched yet) */
  search?: AuditSearch;
  rows?: AuditRow[];
  /** the page shown is before this id (paging) */
  before?: number;
  /** there are older rows: the next page is before this id */
  nextBefore?: number;
}): string {
  const t = STAFF_TEXT[lang];
  const values = search?.values ?? {};
  const errors = search?.errors ?? {};
  const errorText = (name: AuditSearchField) => {
    const error = errors[name];
    return error ? String(t[ERROR_TEXT[error]!]) : undefined;
  };
  const invalid = SEARCH_CONTROLS.filter((c) => errors[c.name]);
  const summary = invalid.length
    ? `<div class="error" role="alert"><p>${e(t.errors)}</p><ul>${invalid
        .map((c) => `<li><a href="#${c.id}">${e(String(t[c.label]))}: ${e(errorText(c.name))}</a></li>`)
        .join('')}</ul></div>`
    : '';
  const control = (c: (typeof SEARCH_CONTROLS)[number]) => {
    const message = errorText(c.name);
    const attrs = `id="${c.id}" name="${c.name}"${message ? ` aria-invalid="true" aria-describedby="${c.id}-error"` : ''}${c === invalid[0] ? ' autofocus' : ''}`;
    const error = message ? `<p class="field-error" id="${c.id}-error">${e(message)}</p>` : '';
    const value = values[c.name] ?? '';
    const input =
      c.type === 'select'
        ? `<select ${attrs}><option value="">${e(t.any)}</option>${OUTCOMES.map((o) => `<option value="${o}"${o === value ? ' selected' : ''}>${o}</option>`).join('')}</select>`
        : `<input ${attrs} type="${c.type}" value="${e(value)}" autocomplete="off" spellcheck="false"${c.name === 'nrn' ? ' inputmode="numeric"' : ''}>`;
    return `<label for="${c.id}">${e(String(t[c.label]))}</label>${error}\n${input}`;
  };
  const form = `<form method="post" action="${AUDIT_PATH}" class="audit-search" novalidate>
${hidden('csrf', csrf)}${hidden('lang', lang)}
${SEARCH_CONTROLS.map(control).join('\n')}
<div class="actions"><button type="submit">${e(t.search)}</button><button type="submit" class="secondary" formaction="${AUDIT_EXPORT_PATH}">${e(t.exportCsv)}</button></div>
</form>`;

  let results = '';
  if (rows) {
    const head = COLUMNS.map((c) => `<th scope="col">${e(t.columns[c])}</th>`).join('');
    const cell = (row: AuditRow, column: (typeof COLUMNS)[number]) =>
      column === 'at' ? time(row.at, lang) : e(row[column] ?? '');
    const body = rows.map((row) => `<tr>${COLUMNS.map((c) => `<td>${cell(row, c)}</td>`).join('')}</tr>`).join('\n');
    const keep = Object.entries(values)
      .map(([name, value]) => hidden(name, value))
      .join('');
    const pager = [
      before !== undefined
        ? `<form method="post" action="${AUDIT_PATH}">${hidden('csrf', csrf)}${hidden('lang', lang)}${keep}<button type="submit" class="secondary">${e(t.newest)}</button></form>`
        : '',
      nextBefore !== undefined
        ? `<form method="post" action="${AUDIT_PATH}">${hidden('csrf', csrf)}${hidden('lang', lang)}${keep}${hidden('before', String(nextBefore))}<button type="submit">${e(t.older)}</button></form>`
        : '',
    ].join('');
    results = `<h2 id="results">${e(t.results)}</h2>
${
  rows.length
    ? `<p role="status">${e(fill(t.resultsCount, { n: rows.length }))}</p>
<div class="table-scroll" role="region" aria-labelledby="results" tabindex="0"><table class="audit">
<thead><tr>${head}</tr></thead>
<tbody>
${body}
</tbody></table></div>`
    : `<p role="status">${e(t.noResults)}</p>`
}
${pager ? `<div class="actions">${pager}</div>` : ''}`;
  }
  return `<h1>${e(t.auditTitle)}</h1>
<p>${e(t.auditIntro)}</p>
${summary}${form}
${results}`;
}

// ---- the corrections work list ----

export const fieldLabel = (lang: Lang, field: string) => (TEXT[lang].fields as Record<string, string>)[field] ?? field;

export function worklistBody({ lang, items }: { lang: Lang; items: CorrectionQueueRow[] }): string {
  const t = STAFF_TEXT[lang];
  if (!items.length) return `<h1>${e(t.worklistTitle)}</h1><p>${e(t.worklistIntro)}</p><p>${e(t.noRequests)}</p>`;
  const rows = items
    .map(
      (c) =>
        `<tr><td><a href="${WORKLIST_PATH}/${e(encodeURIComponent(c.id))}?lang=${lang}">${e(fieldLabel(lang, c.field))}</a></td><td>${time(c.createdAt, lang)}</td><td>${e(t.statuses[c.status])}</td></tr>`,
    )
    .join('\n');
  return `<h1>${e(t.worklistTitle)}</h1>
<p>${e(t.worklistIntro)}</p>
<table class="worklist"><caption>${e(t.worklistTitle)}</caption>
<thead><tr><th scope="col">${e(t.field)}</th><th scope="col">${e(t.requested)}</th><th scope="col">${e(t.status)}</th></tr></thead>
<tbody>
${rows}
</tbody></table>`;
}

export function requestBody({
  lang,
  csrf,
  correction,
  user,
  party,
  error,
  values = {},
  notice,
}: {
  lang: Lang;
  csrf: string;
  correction: CorrectionRow & { fact?: CorrectionFact | null };
  user: UserRow | undefined;
  party: MandateRow | undefined;
  error?: 'decision' | 'answer' | 'answer-length' | 'stale';
  values?: { decision?: string; answer?: string };
  notice?: string;
}): string {
  const t = STAFF_TEXT[lang];
  const fact = correction.fact ?? null;
  // the fact by the name the citizen sees it under (the field's name when it is gone)
  const factName = fact?.label ?? fieldLabel(lang, correction.field);
  const open = correction.status === 'open';
  const who = user
    ? `${e(user.givenName)} ${e(user.familyName)}${party ? `, ${e(t.actingFor)} ${e(party.name)}` : ''}`
    : '';
  const facts = [
    [t.citizenName, who],
    [t.field, e(fieldLabel(lang, correction.field))],
    [t.requested, time(correction.createdAt, lang)],
    [t.currentValue, correction.currentValue ? e(correction.currentValue) : e(t.notGiven)],
    ...(correction.factValue !== null && open ? [[t.factAtRequest, e(correction.factValue)]] : []),
    ...(fact && open ? [[t.factNow, fact.value === null ? e(t.notGiven) : e(fact.value)]] : []),
    [t.requestedValue, e(correction.requestedValue)],
    [t.reason, e(correction.reason)],
    [t.status, e(t.statuses[correction.status])],
    ...(correction.decidedAt ? [[t.decided, time(correction.decidedAt, lang)]] : []),
    ...(correction.answer ? [[t.answer, e(correction.answer)]] : []),
    ...(correction.appliedAt && correction.factValue !== null ? [[t.replacedValue, e(correction.factValue)]] : []),
  ]
    .map(([dt, dd]) => `<dt>${e(dt)}</dt><dd>${dd}</dd>`)
    .join('\n');
  const noticeBox = notice ? `<p role="status">${e(notice)}</p>` : '';
  let form = '';
  if (open) {
    const message =
      error === 'stale'
        ? fill(fact?.value === null ? t.staleGone : t.staleChanged, { fact: factName })
        : error === 'decision'
          ? t.errDecision
          : error === 'answer'
            ? t.errAnswer
            : error === 'answer-length'
              ? t.errAnswerLong
              : undefined;
    const summary = message ? `<div class="error" role="alert"><p>${e(message)}</p></div>` : '';
    const answerInvalid = error === 'answer' || error === 'answer-length';
    const choice = (value: string, label: string, id: string) =>
      `<input type="radio" id="${id}" name="decision" value="${value}"${values.decision === value ? ' checked' : ''}${error === 'decision' && value === 'accepted' ? ' autofocus' : ''}><label for="${id}">${e(label)}</label>`;
    const warning =
      fact?.changedSinceRequest && error !== 'stale'
        ? `<div class="loket-notice loket-notice--warning" role="note"><p>${e(fill(fact.value === null ? t.factGone : t.factChanged, { fact: factName }))}</p></div>`
        : '';
    const effect = fact && fact.value !== null ? fill(t.acceptedEffectFact, { fact: factName }) : t.acceptedEffect;
    form = `<h2 id="beslissing">${e(t.decision)}</h2>
<p>${e(effect)}</p>
${warning}${summary}
<form method="post" action="${WORKLIST_PATH}/${e(encodeURIComponent(correction.id))}" class="decision" novalidate>
${hidden('csrf', csrf)}${hidden('lang', lang)}${fact ? hidden('factVersion', fact.version) : ''}
<fieldset><legend>${e(t.decision)}</legend>
${choice('accepted', t.accept, 'decision-accept')}
${choice('rejected', t.reject, 'decision-reject')}
</fieldset>
<label for="decision-answer">${e(t.answer)}</label>
<p class="hint" id="decision-answer-hint">${e(t.answerHint)}</p>
<textarea id="decision-answer" name="answer" rows="5" maxlength="2000" aria-describedby="decision-answer-hint"${answerInvalid ? ' aria-invalid="true" autofocus' : ''}>${e(values.answer ?? '')}</textarea>
<div class="actions"><button type="submit">${e(t.decision)}</button></div>
</form>`;
  }
  return `<h1>${e(t.request)} ${e(correction.id)}</h1>
${noticeBox}
<dl>
${facts}
</dl>
${form}
<p><a href="${WORKLIST_PATH}?lang=${lang}">${e(t.backToList)}</a></p>`;
}

/** The citizen's own requests, with status and answer (on /gegevens). */
export function myCorrectionsSection({ lang, items }: { lang: Lang; items: CorrectionRow[] }): string {
  const t = STAFF_TEXT[lang];
  const list = items
    .map((c) => {
      const decided = c.decidedAt ? ` · ${e(t.decided)} ${time(c.decidedAt, lang)}` : '';
      const answer = c.answer ? `<p>${e(fill(t.messageAnswer, { answer: c.answer }))}</p>` : '';
      const applied =
        c.appliedAt && c.factValue !== null
          ? `<p>${e(fill(t.appliedLine, { date: formatDate(c.appliedAt, lang), previous: c.factValue }))}</p>`
          : '';
      return `<li id="correctie-${e(c.id)}"><p><strong>${e(fieldLabel(lang, c.field))}</strong>: ${e(c.requestedValue)}</p>
<p class="meta">${e(t.requested)} ${time(c.createdAt, lang)} · ${e(t.status)}: ${e(t.statuses[c.status])}${decided}</p>${applied}${answer}</li>`;
    })
    .join('\n');
  return `<h2 id="correctieaanvragen">${e(t.myRequests)}</h2>
${list ? `<ul class="corrections">\n${list}\n</ul>` : `<p>${e(t.noMyRequests)}</p>`}`;
}
