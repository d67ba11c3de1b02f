// The rights pages of issue 14: "Al mijn gegevens" (/inzage: the export as a readable, printable page, with the
// JSON download) and "Wie bekeek mijn gegevens" (/raadplegingen: the access log, a page at a time). Both render
// from the API's JSON (http/represent-export.ts), so the page and the download say the same. Body HTML only,
// text always escaped; the routes do the session, the audit row and the layout.

import type { accessLogEntry, ExportDocument } from '../http/represent-export.js';
import { signedIn, type PageUser } from './account.js';
import { escapeHtml as e } from './html.js';
import { formatDate, LANGUAGE_NAMES, RIGHTS_TEXT, TEXT, type Lang, type RightsTexts } from './texts.js';

type AccessItem = ReturnType<typeof accessLogEntry>;

const time = (iso: string, lang: Lang, withTime = true) =>
  `<time datetime="${e(iso)}">${e(formatDate(iso, lang, withTime))}</time>`;
const pick = (map: Record<string, string>, key: string, fallback = key) => map[key] ?? fallback;
const row = (term: string, value: string) => `<dt>${e(term)}</dt><dd>${value}</dd>`;

function actorLabel(r: RightsTexts, actor: AccessItem['actor']): string {
  if (actor.kind === 'supplier') return `${e(r.actors.supplier)}: <strong>${e(actor.name)}</strong>`;
  if (actor.kind === 'staff')
    return `<strong>${e('role' in actor && actor.role ? pick(r.actors, actor.role, r.actors.staff) : r.actors.staff)}</strong>`;
  return `<strong>${e(actor.kind === 'citizen' ? r.actors.citizen : r.actors.unknown)}</strong>`;
}

/** One entry of the access log: who, what, which data, when; its logbook reference. */
export function accessEntry(lang: Lang, entry: AccessItem): string {
  const r = RIGHTS_TEXT[lang];
  const outcome = pick(r.outcomes, entry.outcome, entry.outcome);
  const what = `${e(pick(r.operations, entry.operation, r.operations.other))} ${e(pick(r.sources, entry.source, r.sources.other))}`;
  return `<li><p>${actorLabel(r, entry.actor)} ${what}${outcome ? ` <span class="badge">${e(outcome)}</span>` : ''}</p>
<p class="meta">${time(entry.at, lang)} · ${e(r.logReference)} ${e(entry.id)}</p></li>`;
}

export function accessList(lang: Lang, items: AccessItem[]): string {
  return items.length
    ? `<ol class="items access-log">\n${items.map((i) => accessEntry(lang, i)).join('\n')}\n</ol>`
    : `<p>${e(RIGHTS_TEXT[lang].noAccess)}</p>`;
}

/** /raadplegingen: one page of the access log; `older`/`newest`: the links to the next page and back. */
export function accessLogBody({
  lang,
  user,
  items,
  older,
  newest,
}: {
  lang: Lang;
  user: PageUser;
  items: AccessItem[];
  older?: string | undefined;
  newest?: string | undefined;
}): string {
  const t = TEXT[lang];
  const r = RIGHTS_TEXT[lang];
  const links = [
    newest ? `<a href="${e(newest)}">${e(r.newest)}</a>` : '',
    older ? `<a href="${e(older)}" rel="next">${e(r.older)}</a>` : '',
  ].filter(Boolean);
  return `${signedIn(t, user)}<h1>${e(t.myAccessLog)}</h1>
<p>${e(r.accessIntro)}</p>
${accessList(lang, items)}
${links.length ? `<nav class="pager" aria-label="${e(t.myAccessLog)}"><p>${links.join(' · ')}</p></nav>` : ''}`;
}

/** /inzage: everything in the export, readable and printable, with the download button. */
export function exportBody({
  lang,
  user,
  data,
  download,
}: {
  lang: Lang;
  user: PageUser;
  data: ExportDocument;
  download: string;
}): string {
  const t = TEXT[lang];
  const r = RIGHTS_TEXT[lang];
  const none = `<p>${e(r.none)}</p>`;
  const section = (id: string, title: string, content: string) =>
    `<section aria-labelledby="${id}"><h2 id="${id}">${e(title)}</h2>\n${content}\n</section>`;
  const publisherOf = new Map(data.publishers.map((p) => [p.itemId, p.supplier]));
  const fileOf = new Map(data.files.map((f) => [f.itemId, f]));
  const letterOf = new Map(data.letters.map((l) => [l.messageId, l]));
  const s = data.subject;

  const fileRows = (id: string) => {
    const file = fileOf.get(id);
    return file
      ? row(t.download.replace(/ \(PDF\)$/, ''), `<a href="${e(file.href)}">${e(file.name)}</a>`) +
          row(r.fileSize, `${e(file.size)} ${e(r.bytes)}`) +
          row(r.sha256, `<code class="hash">${e(file.sha256)}</code>`)
      : '';
  };
  const publisher = (id: string) => (publisherOf.has(id) ? row(r.publishedBy, e(publisherOf.get(id))) : '');

  const identity = `<dl>
${row(t.name, `${e(s.givenName)} ${e(s.familyName)}`)}
${row(r.username, e(s.username))}
${s.nationalRegisterNumber ? row(r.nationalRegisterNumber, e(s.nationalRegisterNumber)) : ''}
${s.language ? row(t.language, e(LANGUAGE_NAMES[s.language])) : ''}
${row(r.accountCreated, time(s.createdAt, lang, false))}
</dl>${data.actingFor ? `<p>${e(r.exportActingFor)} <strong>${e(data.actingFor.name)}</strong>.</p>` : ''}`;

  const mandates = data.mandates.length
    ? `<ul>${data.mandates.map((m) => `<li>${e(m.name)}${'identifier' in m && m.identifier ? ` (${e(m.identifier)})` : ''}</li>`).join('')}</ul>`
    : none;

  const facts = data.facts.length
    ? `<dl class="facts">${data.facts
        .map((f) =>
          row(
            f.label,
            `${e(f.value)}${'validUntil' in f && f.validUntil ? ` <span class="meta">(${e(t.validUntil)} ${time(f.validUntil, lang, false)})</span>` : ''}${'correctedAt' in f && f.correctedAt ? ` <span class="meta">(${e(t.correctedOn)} ${time(f.correctedAt, lang, false)})</span>` : ''}`,
          ),
        )
        .join('\n')}</dl>`
    : none;

  const messages = data.messages.length
    ? `<ul class="items">${data.messages
        .map((m) => {
          const letter = letterOf.get(m.id);
          return `<li><h3>${e(m.title)}</h3>${m.kind === 'registered' ? `<p><strong>${e(t.registered)}</strong></p>` : ''}
<dl>${row(t.from, e(m.sender))}${row(t.received, time(m.createdAt, lang))}${'readAt' in m && m.readAt ? row(r.readAt, time(m.readAt, lang)) : ''}${
            letter ? row(r.letterStatus, e(pick(r.letterStatuses, letter.status))) : ''
          }${'acknowledgedAt' in m && m.acknowledgedAt ? row(t.acknowledged, time(m.acknowledgedAt, lang)) : ''}${publisher(m.id)}${fileRows(m.id)}</dl>
${m.body ? `<p class="body">${e(m.body)}</p>` : ''}</li>`;
        })
        .join('\n')}</ul>`
    : none;

  const dossiers = data.dossiers.length
    ? `<ul class="items">${data.dossiers
        .map((d) => {
          const decision = 'decision' in d && d.decision ? ` (${e(pick(t.decisions, d.decision))})` : '';
          const history = d.history
            .map(
              (h) =>
                `<li><strong>${e(pick(t.statuses, h.status))}</strong>, ${time(h.at, lang)}${'note' in h && h.note ? `: ${e(h.note)}` : ''}</li>`,
            )
            .join('');
          return `<li><h3>${e(d.title)}</h3><dl>${row(t.reference, e(d.reference))}${row(t.status, e(pick(t.statuses, d.status)) + decision)}${publisher(d.id)}</dl>
<h4>${e(t.history)}</h4><ol class="history">${history}</ol></li>`;
        })
        .join('\n')}</ul>`
    : none;

  const documents = data.documents.length
    ? `<ul class="items">${data.documents
        .map(
          (d) =>
            `<li><h3>${e(d.title)}</h3><dl>${row(t.received, time(d.createdAt, lang))}${'validUntil' in d && d.validUntil ? row(t.validUntil, time(d.validUntil, lang, false)) : ''}${publisher(d.id)}${fileRows(d.id)}</dl></li>`,
        )
        .join('\n')}</ul>`
    : none;

  const corrections = data.corrections.length
    ? `<ul class="items">${data.corrections
        .map(
          (c) =>
            `<li><dl>${row(t.reference, e(c.id))}${row(t.received, time(c.createdAt, lang))}${row(t.correctionField, e(pick(t.fields, c.field)))}${
              'currentValue' in c && c.currentValue ? row(t.currentValue, e(c.currentValue)) : ''
            }${row(t.requestedValue, e(c.requestedValue))}${row(t.reason, e(c.reason))}${row(t.status, e(pick(r.correctionStatuses, c.status)))}</dl></li>`,
        )
        .join('\n')}</ul>`
    : none;

  const choices = [
    data.preferences ? row(r.correspondence, e(pick(r.correspondenceChoices, data.preferences.correspondence))) : '',
    data.emailNotices
      ? row(
          r.emailNotices,
          `${e(data.emailNotices.address)} (${
            'confirmedAt' in data.emailNotices && data.emailNotices.confirmedAt
              ? `${e(r.emailConfirmed)} ${time(data.emailNotices.confirmedAt, lang)}`
              : e(r.emailPending)
          })`,
        )
      : '',
  ].join('');

  const activity = data.ownActivity.length
    ? `<ol class="activity">${data.ownActivity
        .map(
          (a) =>
            `<li>${time(a.at, lang)} · ${e(a.operation)} <code>${e(a.resource)}</code> · ${e(a.outcome)}${'clientIp' in a && a.clientIp ? ` · ${e(a.clientIp)}` : ''}</li>`,
        )
        .join('')}</ol>`
    : none;

  return `${signedIn(t, user)}<h1>${e(t.myExport)}</h1>
<p>${e(r.exportIntro)}</p>
<p class="meta">${e(r.exportedAt)} ${time(data.exportedAt, lang)}</p>
<p class="loket-no-print"><a class="button" href="${e(download)}" download>${e(r.downloadJson)}</a></p>
${section('export-identity', r.identity, identity)}
${section('export-mandates', r.mandates, mandates)}
${section('export-facts', r.facts, facts)}
${section('export-messages', t.myMessages, messages)}
${section('export-dossiers', t.myDossiers, dossiers)}
${section('export-documents', t.myDocuments, documents)}
${section('export-corrections', r.corrections, corrections)}
${choices ? section('export-preferences', r.preferences, `<dl>${choices}</dl>`) : ''}
${section('export-access', t.myAccessLog, accessList(lang, data.accessLog))}
${section('export-activity', r.ownActivity, `<p>${e(r.ownActivityIntro)}</p>${activity}`)}`;
}
