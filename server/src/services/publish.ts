// What a publish client can do (issue 12; DESIGN section 11): find a citizen by national register number,
// publish dossiers and their status events, messages, documents and registered letters, read a letter's
// status and receipt, read a citizen's correspondence preference. No HTTP, no SQL: the store writes, and
// every item a citizen sees is announced on the change feed (their open /api/me/events streams hear it).
// Every method throws HttpError-free PublishError values the HTTP layer turns into problems.

import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CompactSign, importJWK, type JWK } from 'jose';
import type { PublishClient } from '../store/publish.js';
import type { DocumentType, Language, Owner, Store, UserRow } from '../store/store.js';

export const LANGUAGES: readonly Language[] = Object.freeze(['nl', 'fr', 'en', 'de']);
export type Text = string | Partial<Record<Language, string>>;
export const MAX_PDF_BYTES = 10 * 1024 * 1024;
export const DEFAULT_STATUSES_FILE = new URL('../../../demo/dossier-statuses.json', import.meta.url);
export const RECEIPT_TYPE = 'loket-receipt+jwt';

/** A refusal with its status and, when a field is at fault, its JSON pointer. */
export class PublishError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly pointer?: string,
  ) {
    super(message);
  }
}

/** The national register number's check: 11 digits, 97 − (the first 9 mod 97) = the last 2; from 2000 with a 2 before the 9. */
export function isNationalRegisterNumber(value: string): boolean {
  if (!/^\d{11}$/.test(value)) return false;
  const check = Number(value.slice(9));
  const base = BigInt(value.slice(0, 9));
  return 97n - (base % 97n) === BigInt(check) || 97n - (BigInt(`2${value.slice(0, 9)}`) % 97n) === BigInt(check);
}

/** The text in the citizen's language, else the first of nl, fr, en, de that is there. */
export function textFor(text: Text, language: Language | null | undefined): string {
  if (typeof text === 'string') return text;
  const order = [language ?? 'nl', ...LANGUAGES];
  for (const lang of order) if (text[lang]) return text[lang];
  return '';
}

export interface StatusDefinition {
  profileStatus: 'received' | 'in_progress' | 'decided';
  decision?: 'granted' | 'refused';
  labels: Record<Language, string>;
}
export interface StatusConfig {
  default: Record<string, StatusDefinition>;
  caseTypes?: Record<string, Record<string, StatusDefinition>>;
}

export function loadStatusConfig(file: URL | string = DEFAULT_STATUSES_FILE): StatusConfig {
  const config = JSON.parse(readFileSync(file, 'utf8')) as StatusConfig;
  for (const [caseType, statuses] of Object.entries({ default: config.default, ...config.caseTypes })) {
    for (const [name, definition] of Object.entries(statuses ?? {})) {
      if (!['received', 'in_progress', 'decided'].includes(definition.profileStatus))
        throw new Error(`${String(file)}: ${caseType}.${name}: profileStatus must be received, in_progress or decided`);
      for (const lang of LANGUAGES)
        if (!definition.labels?.[lang])
          throw new Error(`${String(file)}: ${caseType}.${name}: a label in ${lang} is missing`);
    }
  }
  return config;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A PDF by its header (`%PDF-` in the first 1024 bytes) and trailer (`%%EOF` in the last 1024). */
export function isPdf(bytes: Buffer): boolean {
  return (
    bytes.subarray(0, 1024).includes('%PDF-') && bytes.subarray(Math.max(0, bytes.length - 1024)).includes('%%EOF')
  );
}

export interface PublishServicesOptions {
  store: Store;
  issuer: string;
  /** the provider's private signing JWK (receipts are verifiable with /jwks) */
  signingKey: JWK;
  statuses: StatusConfig;
  letterClaimDays: number;
  now?: () => Date;
}

export type PublishServices = ReturnType<typeof createPublishServices>;

export function createPublishServices({
  store,
  issuer,
  signingKey,
  statuses,
  letterClaimDays,
  now = () => new Date(),
}: PublishServicesOptions) {
  const notify = (owner: Owner) => store.changes.publish(owner);

  /** The citizen by number; `pointer` names the field in the request. */
  async function citizen(nationalRegisterNumber: string, pointer: string): Promise<UserRow> {
    if (!isNationalRegisterNumber(nationalRegisterNumber)) {
      throw new PublishError(
        422,
        'must be a national register number: 11 digits whose last two are 97 minus the first nine modulo 97 (for people born from 2000, of 2 followed by the first nine)',
        pointer,
      );
    }
    // the number is looked up through its keyed hash only (nationalRegisterNumberIndex, in the store)
    const user = await store.userByNationalRegisterNumber(nationalRegisterNumber);
    if (!user) throw new PublishError(404, 'names no citizen known to this service', pointer);
    return user;
  }

  /**
   * The citizen a call of `client` is about, for its audit row (`concerns`, issue 14: "who looked at my data"):
   * named by national register number, or the owner of the client's own dossier (by reference) or letter.
   * Undefined when it names nobody this service knows; never throws (the call itself says what is wrong).
   */
  async function addressee(
    client: PublishClient,
    target: { nationalRegisterNumber: unknown } | { dossierReference: string } | { letterId: string },
  ): Promise<string | undefined> {
    if ('dossierReference' in target)
      return (await store.publish.itemByReference(client.id, 'dossier', target.dossierReference))?.owner.userId;
    if ('letterId' in target) return (await store.publish.item(client.id, 'letter', target.letterId))?.owner.userId;
    const number = target.nationalRegisterNumber;
    if (typeof number !== 'string' || !isNationalRegisterNumber(number)) return undefined;
    return (await store.userByNationalRegisterNumber(number))?.id;
  }

  function statusOf(caseType: string, status: string, pointer: string): StatusDefinition {
    const set = statuses.caseTypes?.[caseType] ?? statuses.default;
    const definition = set[status];
    if (!definition)
      throw new PublishError(
        422,
        `must be one of ${Object.keys(set).join(', ')} (the statuses of case type ${caseType})`,
        pointer,
      );
    return definition;
  }

  const self = (user: UserRow): Owner => ({ userId: user.id, partyId: null });

  /**
   * The dossier's decision after a status event: a status with a decision (approved, rejected) sets it; a status
   * that is not decided (the dossier reopened) clears it; a decided status without one (closed) keeps it.
   */
  const decisionAfter = (definition: StatusDefinition): 'granted' | 'refused' | null | undefined =>
    definition.decision ?? (definition.profileStatus === 'decided' ? undefined : null);

  /** A message's validUntil: a real date, today (in Belgium) or later. */
  function validUntil(value: string | undefined, pointer: string): string | null {
    if (value === undefined) return null;
    const date = new Date(`${value}T00:00:00Z`);
    if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value)
      throw new PublishError(422, 'must be a date that exists, as YYYY-MM-DD', pointer);
    if (value < belgianDate(now())) throw new PublishError(422, 'must be today or a later day (in Belgium)', pointer);
    return value;
  }

  /** the citizen's event text: the status's label, then the client's note */
  const eventNote = (definition: StatusDefinition, note: Text | undefined, language: Language | null) =>
    [definition.labels[language ?? 'nl'], note === undefined ? undefined : textFor(note, language)]
      .filter(Boolean)
      .join(' — ');

  async function putDossier(
    client: PublishClient,
    reference: string,
    body: { citizen: { nationalRegisterNumber: string }; caseType: string; title: Text; status: string; href?: string },
  ) {
    const user = await citizen(body.citizen.nationalRegisterNumber, '/citizen/nationalRegisterNumber');
    const definition = statusOf(body.caseType, body.status, '/status');
    const existing = await store.publish.itemByReference(client.id, 'dossier', reference);
    const at = now().toISOString();
    if (existing) {
      if (existing.owner.userId !== user.id)
        throw new PublishError(422, 'is not the citizen of this dossier', '/citizen/nationalRegisterNumber');
      if ((existing.caseType ?? '') !== body.caseType)
        throw new PublishError(
          422,
          `must stay ${existing.caseType ?? ''}, the case type the dossier was created with`,
          '/caseType',
        );
      // A PUT replaces what the citizen sees of the dossier: its title and its link (no href: no link). The
      // dossier is "changed" for the citizen (unread) only by a new status.
      const current = await store.dossier(existing.owner, existing.itemId);
      if (!current) throw new PublishError(404, 'names a dossier that no longer exists', '/reference');
      const title = textFor(body.title, user.language);
      const href = body.href ?? null;
      let changed = false;
      if (current.title !== title || current.href !== href) {
        await store.updateDossier(existing.owner, existing.itemId, { title, href });
        changed = true;
      }
      // the status the dossier has changes nothing; another status is an event
      if (existing.status !== body.status) {
        const added = await store.addDossierEvent(
          existing.owner,
          existing.itemId,
          { status: definition.profileStatus, at, note: eventNote(definition, undefined, user.language) },
          decisionAfter(definition),
        );
        if (!added) throw new PublishError(404, 'names a dossier that no longer exists', '/reference');
        await store.publish.setItemStatus(client.id, 'dossier', existing.itemId, body.status);
        changed = true;
      }
      if (changed) await notify(existing.owner);
      return { created: false, answer: { id: existing.itemId, reference, status: body.status } };
    }
    const id = randomUUID();
    const owner = self(user);
    await store.insertDossier({
      id,
      owner,
      reference,
      title: textFor(body.title, user.language),
      href: body.href ?? null,
      decision: definition.decision ?? null,
      history: [{ status: definition.profileStatus, at, note: eventNote(definition, undefined, user.language) }],
    });
    await store.publish.recordItem({
      kind: 'dossier',
      itemId: id,
      clientId: client.id,
      reference,
      owner,
      caseType: body.caseType,
      status: body.status,
    });
    await notify(owner);
    return { created: true, answer: { id, reference, status: body.status } };
  }

  async function addDossierEvent(client: PublishClient, reference: string, body: { status: string; note?: Text }) {
    const existing = await store.publish.itemByReference(client.id, 'dossier', reference);
    if (!existing)
      throw new PublishError(
        404,
        'names no dossier of this client: create it with PUT /dossiers/{reference}',
        '/reference',
      );
    const user = await store.userById(existing.owner.userId);
    const definition = statusOf(existing.caseType ?? '', body.status, '/status');
    const added = await store.addDossierEvent(
      existing.owner,
      existing.itemId,
      {
        status: definition.profileStatus,
        at: now().toISOString(),
        note: eventNote(definition, body.note, user?.language ?? null),
      },
      decisionAfter(definition),
    );
    if (!added) throw new PublishError(404, 'names a dossier that no longer exists', '/reference');
    await store.publish.setItemStatus(client.id, 'dossier', existing.itemId, body.status);
    await notify(existing.owner);
    return { id: existing.itemId, status: body.status };
  }

  async function sendMessage(
    client: PublishClient,
    body: {
      citizen: { nationalRegisterNumber: string };
      title: Text;
      body: Text;
      link?: { label: Text; href: string };
      validUntil?: string;
    },
  ) {
    const user = await citizen(body.citizen.nationalRegisterNumber, '/citizen/nationalRegisterNumber');
    const until = validUntil(body.validUntil, '/validUntil');
    const owner = self(user);
    const id = randomUUID();
    const link = body.link ? `\n\n${textFor(body.link.label, user.language)}: ${body.link.href}` : '';
    await store.insertMessage({
      id,
      owner,
      kind: 'message',
      sender: client.name,
      title: textFor(body.title, user.language),
      body: `${textFor(body.body, user.language)}${link}`,
      createdAt: now().toISOString(),
      validUntil: until,
    });
    await store.publish.recordItem({ kind: 'message', itemId: id, clientId: client.id, owner });
    await notify(owner);
    return { id };
  }

  function checkPdf(file: Buffer) {
    if (file.length > MAX_PDF_BYTES) throw new PublishError(413, `must be at most ${MAX_PDF_BYTES} bytes`, '/file');
    if (!isPdf(file)) throw new PublishError(415, 'must be a PDF (it starts with %PDF- and ends with %%EOF)', '/file');
  }

  const DOCUMENT_TYPES: Record<string, DocumentType> = {
    certificate: 'certificate',
    permit: 'permit',
    attest: 'attest',
    other: 'decision',
  };

  async function publishDocument(
    client: PublishClient,
    metadata: { citizen: { nationalRegisterNumber: string }; title: Text; kind: string; validUntil?: string },
    file: Buffer,
    fileName: string,
  ) {
    checkPdf(file);
    const user = await citizen(metadata.citizen.nationalRegisterNumber, '/metadata/citizen/nationalRegisterNumber');
    const owner = self(user);
    const id = randomUUID();
    const digest = sha256(file);
    await store.insertDocument({
      id,
      owner,
      documentType: DOCUMENT_TYPES[metadata.kind] ?? 'decision',
      title: textFor(metadata.title, user.language),
      fileName: safeFileName(fileName),
      createdAt: now().toISOString(),
      validUntil: metadata.validUntil ?? null,
    });
    await store.publish.recordItem({ kind: 'document', itemId: id, clientId: client.id, owner, sha256: digest, file });
    await notify(owner);
    return { id, sha256: digest };
  }

  async function sendLetter(
    client: PublishClient,
    metadata: { citizen: { nationalRegisterNumber: string }; title: Text },
    file: Buffer,
  ) {
    checkPdf(file);
    const user = await citizen(metadata.citizen.nationalRegisterNumber, '/metadata/citizen/nationalRegisterNumber');
    const owner = self(user);
    const id = randomUUID();
    await store.insertMessage({
      id,
      owner,
      kind: 'registered',
      sender: client.name,
      title: textFor(metadata.title, user.language),
      body: '',
      createdAt: now().toISOString(),
    });
    await store.publish.recordItem({
      kind: 'letter',
      itemId: id,
      clientId: client.id,
      owner,
      sha256: sha256(file),
      file,
    });
    await notify(owner);
    return { id, status: 'sent' as const };
  }

  /** sent, acknowledged, or unclaimed once the claim period passed without an acknowledgement (computed on read) */
  const letterStatus = (letter: { createdAt: string; acknowledgedAt: string | null }) => {
    if (letter.acknowledgedAt) return 'acknowledged' as const;
    return Date.parse(letter.createdAt) + letterClaimDays * 86_400_000 <= now().getTime()
      ? ('unclaimed' as const)
      : ('sent' as const);
  };

  async function letter(client: PublishClient, id: string) {
    const item = await store.publish.item(client.id, 'letter', id);
    if (!item) throw new PublishError(404, 'names no letter of this client', '/id');
    return {
      id,
      status: letterStatus(item),
      ...(item.acknowledgedAt ? { acknowledgedAt: item.acknowledgedAt } : {}),
      ...(item.receipt ? { receipt: item.receipt } : {}),
    };
  }

  async function sign(payload: Record<string, unknown>): Promise<string> {
    const key = await importJWK(signingKey, String(signingKey.alg ?? 'ES256'));
    return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
      .setProtectedHeader({ alg: String(signingKey.alg ?? 'ES256'), kid: String(signingKey.kid), typ: RECEIPT_TYPE })
      .sign(key);
  }

  /** The citizen's side: a letter of theirs with its status (undefined: not a published letter). */
  async function ownLetter(owner: Owner, messageId: string) {
    const item = await store.publish.ownItem(owner, 'letter', messageId);
    return item ? { ...item, status: letterStatus(item) } : undefined;
  }

  /**
   * The citizen acknowledges receipt (their explicit step, on the letter's page): the receipt is a JWS signed
   * with the provider's key over the letter, the PDF's SHA-256, the citizen's pseudonym (their `sub`) and the
   * time. 'unclaimed' letters can no longer be acknowledged (the supplier may have sent paper).
   */
  async function acknowledge(
    owner: Owner,
    messageId: string,
  ): Promise<'acknowledged' | 'already' | 'unclaimed' | 'not_found'> {
    const message = await store.message(owner, messageId);
    if (!message || message.kind !== 'registered') return 'not_found';
    if (message.acknowledgedAt) return 'already';
    const item = await ownLetter(owner, messageId);
    if (item?.status === 'unclaimed') return 'unclaimed';
    const at = now();
    const receipt = item
      ? await sign({
          iss: issuer,
          letter: messageId,
          sha256: item.sha256,
          sub: owner.userId,
          iat: Math.floor(at.getTime() / 1000),
          acknowledgedAt: at.toISOString(),
        })
      : null;
    const done = await store.publish.acknowledgeLetter(owner, messageId, at.toISOString(), receipt);
    if (done) await notify(owner);
    return done ? 'acknowledged' : 'already';
  }

  /** the citizen's choice of digital or paper letters (issue 14); 'digital' until they choose */
  async function preferences(nationalRegisterNumber: string) {
    const user = await citizen(nationalRegisterNumber, '/nationalRegisterNumber');
    const { correspondence } = await store.preferences.get(user.id);
    return { correspondence };
  }

  return {
    citizen,
    addressee,
    putDossier,
    addDossierEvent,
    sendMessage,
    publishDocument,
    sendLetter,
    letter,
    ownLetter,
    acknowledge,
    preferences,
    file: (owner: Owner, kind: 'document' | 'letter', id: string) => store.publish.file(owner, kind, id),
  };
}

const BELGIAN_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Brussels',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
/** YYYY-MM-DD in Belgium */
const belgianDate = (at: Date) => BELGIAN_DATE.format(at);

/**
 * The supplier's file name, for the citizen's download: letters and digits of any script (the download header
 * carries them as RFC 6266 `filename*`), spaces, dots, dashes; anything else (quotes, slashes, control
 * characters) becomes "_".
 */
function safeFileName(name: string): string {
  const clean = name
    .normalize('NFC')
    .replace(/[^\p{L}\p{N} ._-]/gu, '_')
    .trim()
    .slice(0, 100);
  return clean.toLowerCase().endsWith('.pdf') ? clean : `${clean || 'document'}.pdf`;
}
