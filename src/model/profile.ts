/** The citizen and their summary, as the profile API returns them (openapi/profile-api.yaml). */
export interface ProfileUser {
  id: string;
  givenName: string;
  familyName: string;
  language?: string;
  /** Whom the citizen acts for in this session; absent when they act for themselves. */
  onBehalfOf?: Party;
  /** Every capacity the citizen may act in (including themselves), to switch between. */
  identities?: Identity[];
}

/** The kinds of party a citizen may act for (the one list: the type, the checks and the API's messages read it). */
export const PARTY_KINDS = ['person', 'company', 'association', 'organisation'] as const;

/** Someone a citizen may act for: a person (e.g. their child), a company, an association or an organisation. */
export interface Party {
  kind: (typeof PARTY_KINDS)[number];
  name: string;
  /** e.g. a company number (`BE0123456789`); never a national register number. */
  identifier?: string;
}

/** One capacity to act in: `loginHint` asks the sign-in provider for it; no `onBehalfOf` means "for myself". */
export interface Identity {
  loginHint: string;
  onBehalfOf?: Party;
}

export type ItemKind = 'message' | 'registered' | 'dossier' | 'document';

export interface ProfileItem {
  id: string;
  kind: ItemKind;
  title: string;
  createdAt: string;
  href: string;
  read: boolean;
}

export interface UnreadCounts {
  messages: number;
  dossiers: number;
  documents: number;
}

export interface ProfileSummary {
  unread: UnreadCounts;
  latest: ProfileItem[];
}

export function totalUnread(unread: UnreadCounts | undefined): number {
  return unread ? unread.messages + unread.dossiers + unread.documents : 0;
}
