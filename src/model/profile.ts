/** The citizen and their summary, as the profile API returns them (openapi/profile-api.yaml). */
export interface ProfileUser {
  id: string;
  givenName: string;
  familyName: string;
  language?: string;
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
