// What a citizen can do with their own data: read the lists, open an item (marking it read), download a
// document, ask for a correction. No HTTP, no SQL: the store does the reading and writing, and every change
// of what the header shows is published on the store's change feed (to every instance).

import type {
  CorrectionInput,
  CorrectionRow,
  DocumentRow,
  DossierRow,
  FactRow,
  ListOptions,
  MandateRow,
  MessageRow,
  Owner,
  Store,
  UnreadCounts,
  UserRow,
} from '../store/store.js';
import { makePdf } from './pdf.js';

/** A citizen as they act: themselves (`party` undefined) or for a party of one of their mandates. */
export interface Citizen {
  user: UserRow;
  party: MandateRow | undefined;
  owner: Owner;
}

/** The correction fields a citizen may name (the contract's CorrectionField). */
export const CORRECTION_FIELDS = Object.freeze([
  'givenName',
  'familyName',
  'address',
  'language',
  'parkingCard',
  'other',
] as const);
/**
 * The facts a correction field concerns, by kind (the first the owner holds is the one): an accepted request
 * gives it the requested value. The other fields (the name, the language, `other`) are not facts of this
 * service: they are corrected in the register they come from.
 */
export const CORRECTION_FACT_KINDS: Readonly<Partial<Record<(typeof CORRECTION_FIELDS)[number], readonly string[]>>> =
  Object.freeze({ address: ['address', 'registered-office'], parkingCard: ['parking-card'] });

export const CORRECTION_LIMITS = Object.freeze({ currentValue: 500, requestedValue: 500, reason: 2000 });

export const isUnreadDossier = (d: Pick<DossierRow, 'readAt' | 'updatedAt'>): boolean =>
  d.readAt === null || d.readAt < d.updatedAt;

export type CitizenServices = ReturnType<typeof createCitizenServices>;

export function createCitizenServices(store: Store) {
  const notify = (owner: Owner) => store.changes.publish(owner);

  /** The party of one of the citizen's mandates by its id (a party id), or undefined. */
  async function partyOf(userId: string, partyId: string | null | undefined): Promise<MandateRow | undefined> {
    if (!partyId) return undefined;
    return (await store.mandates(userId)).find((m) => m.id === partyId);
  }

  /**
   * The party a login hint asks for when `userId` signs in: one of their mandates, or undefined (acting for
   * themselves) for the hint `self`, no hint, or a hint that is not theirs.
   */
  async function partyForHint(userId: string, hint: unknown): Promise<MandateRow | undefined> {
    if (typeof hint !== 'string' || !hint) return undefined;
    return (await store.mandates(userId)).find((m) => m.loginHint === hint);
  }

  /**
   * The citizen `userId` acting for `partyId`: undefined when the user is gone, or when the party is no longer
   * one of their mandates (never read as "themselves").
   */
  async function citizen(userId: string, partyId: string | null | undefined): Promise<Citizen | undefined> {
    const user = await store.userById(userId);
    if (!user) return undefined;
    const party = await partyOf(user.id, partyId);
    if (partyId && !party) return undefined;
    return { user, party, owner: { userId: user.id, partyId: party?.id ?? null } };
  }

  /** Marks a message read (a registered letter: acknowledged). */
  async function readMessage(owner: Owner, id: string): Promise<MessageRow | undefined> {
    const { row, changed } = await store.markMessageRead(owner, id);
    if (changed) await notify(owner);
    return row;
  }

  /** A dossier; `read` marks it read (its latest status seen). */
  async function dossier(owner: Owner, id: string, read: boolean): Promise<DossierRow | undefined> {
    const row = await store.dossier(owner, id);
    if (row && read && (await store.markDossierRead(owner, id))) await notify(owner);
    return row;
  }

  async function document(owner: Owner, id: string, read: boolean): Promise<DocumentRow | undefined> {
    const row = await store.document(owner, id);
    if (row && read && (await store.markDocumentRead(owner, id))) await notify(owner);
    return row;
  }

  /** The document as a PDF: its title, the citizen (or the party it was issued to), the address on record. */
  async function documentFile(who: Citizen, doc: DocumentRow): Promise<Buffer> {
    // a published document (issue 12) is the PDF its publisher sent, byte for byte
    const published = await store.publish.file(who.owner, 'document', doc.id);
    if (published) return published;
    const { user, party } = who;
    const address = (await store.facts(who.owner)).find((f) => f.kind === 'address' || f.kind === 'registered-office');
    const issued = new Date(doc.createdAt);
    const lines = [
      `Naam / Nom / Name: ${party ? party.name : `${user.givenName} ${user.familyName}`}`,
      ...(party?.identifier ? [`Nummer / Numéro / Number: ${party.identifier}`] : []),
      ...(address ? [`Adres / Adresse / Address: ${address.value}`] : []),
      `Documentnummer / Numéro / Number: ${doc.id}`,
      `Uitgereikt op / Délivré le / Issued: ${issued.toISOString().slice(0, 10)}`,
      ...(doc.validUntil ? [`Geldig tot / Valable jusqu'au / Valid until: ${doc.validUntil}`] : []),
    ];
    return makePdf({ title: doc.title, lines, date: issued });
  }

  /** A correction request, already checked against the contract; stored trimmed, with the fact it concerns. */
  async function requestCorrection(owner: Owner, input: CorrectionInput): Promise<CorrectionRow> {
    const kinds = CORRECTION_FACT_KINDS[input.field as keyof typeof CORRECTION_FACT_KINDS];
    const fact = kinds ? (await store.facts(owner)).find((f) => kinds.includes(f.kind)) : undefined;
    return store.createCorrection(owner, {
      field: input.field,
      currentValue: input.currentValue ?? null,
      requestedValue: input.requestedValue.trim(),
      reason: input.reason.trim(),
      factId: fact?.id ?? null,
    });
  }

  return {
    notify,
    partyOf,
    partyForHint,
    citizen,
    mandates: (userId: string): Promise<MandateRow[]> => store.mandates(userId),
    messages: (owner: Owner, options?: ListOptions): Promise<MessageRow[]> => store.messages(owner, options),
    message: (owner: Owner, id: string): Promise<MessageRow | undefined> => store.message(owner, id),
    readMessage,
    dossiers: (owner: Owner, options?: ListOptions): Promise<DossierRow[]> => store.dossiers(owner, options),
    dossier,
    documents: (owner: Owner, options?: ListOptions): Promise<DocumentRow[]> => store.documents(owner, options),
    document,
    documentFile,
    facts: (owner: Owner): Promise<FactRow[]> => store.facts(owner),
    unreadCounts: (owner: Owner): Promise<UnreadCounts> => store.unreadCounts(owner),
    summary: (owner: Owner, limit?: number) => store.summary(owner, limit),
    requestCorrection,
  };
}
