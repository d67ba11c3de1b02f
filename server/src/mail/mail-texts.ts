// The e-mails the service sends (issue 14), in nl, fr, en and de: the confirmation of an address for e-mail
// notices, and the notice of a new item. A notice holds no personal content: no name, no title, no sender of
// the item, no body; only that there is something new from the municipality, and a link to the page.

import type { Language } from '../store/store.js';

/** what kind of item is new: the notice's wording and the page it links to */
export type NoticeKind = 'message' | 'dossier' | 'document';

export const NOTICE_PAGES: Record<NoticeKind, string> = {
  message: '/berichten',
  dossier: '/dossiers',
  document: '/documenten',
};

export interface Mail {
  subject: string;
  text: string;
}

interface MailTexts {
  confirmSubject: string;
  confirmText: (link: string, hours: number, municipality: string) => string;
  noticeSubject: Record<NoticeKind, (municipality: string) => string>;
  noticeText: (subject: string, link: string, preferences: string) => string;
}

const TEXTS: Record<Language, MailTexts> = {
  nl: {
    confirmSubject: 'Bevestig je e-mailadres voor meldingen',
    confirmText: (link, hours, municipality) =>
      `Je vroeg om een e-mail te krijgen wanneer je iets nieuws hebt van ${municipality}.\n\nBevestig je e-mailadres met deze link (geldig gedurende ${hours} uur):\n${link}\n\nVroeg je dit niet? Dan hoef je niets te doen: zonder bevestiging krijg je geen e-mails.`,
    noticeSubject: {
      message: (m) => `Je hebt een nieuw bericht van ${m}`,
      dossier: (m) => `Er is nieuws over je dossier bij ${m}`,
      document: (m) => `Je hebt een nieuw document van ${m}`,
    },
    noticeText: (subject, link, preferences) =>
      `${subject}.\n\nMeld je aan om het te bekijken:\n${link}\n\nJe krijgt deze e-mail omdat je e-mailmeldingen aanzette. Uitzetten kan bij je voorkeuren:\n${preferences}`,
  },
  fr: {
    confirmSubject: 'Confirmez votre adresse e-mail pour les notifications',
    confirmText: (link, hours, municipality) =>
      `Vous avez demandé à recevoir un e-mail lorsque vous avez du nouveau de ${municipality}.\n\nConfirmez votre adresse e-mail avec ce lien (valable ${hours} heures) :\n${link}\n\nVous n'avez rien demandé ? Vous n'avez rien à faire : sans confirmation, vous ne recevrez aucun e-mail.`,
    noticeSubject: {
      message: (m) => `Vous avez un nouveau message de ${m}`,
      dossier: (m) => `Il y a du nouveau dans votre dossier auprès de ${m}`,
      document: (m) => `Vous avez un nouveau document de ${m}`,
    },
    noticeText: (subject, link, preferences) =>
      `${subject}.\n\nConnectez-vous pour le consulter :\n${link}\n\nVous recevez cet e-mail parce que vous avez activé les notifications par e-mail. Vous pouvez les désactiver dans vos préférences :\n${preferences}`,
  },
  en: {
    confirmSubject: 'Confirm your e-mail address for notifications',
    confirmText: (link, hours, municipality) =>
      `You asked to receive an e-mail when there is something new for you from ${municipality}.\n\nConfirm your e-mail address with this link (valid for ${hours} hours):\n${link}\n\nDid you not ask for this? Then there is nothing to do: without a confirmation you get no e-mails.`,
    noticeSubject: {
      message: (m) => `You have a new message from ${m}`,
      dossier: (m) => `There is news about your application at ${m}`,
      document: (m) => `You have a new document from ${m}`,
    },
    noticeText: (subject, link, preferences) =>
      `${subject}.\n\nSign in to see it:\n${link}\n\nYou get this e-mail because you turned on e-mail notifications. You can turn them off in your preferences:\n${preferences}`,
  },
  de: {
    confirmSubject: 'Bestätigen Sie Ihre E-Mail-Adresse für Benachrichtigungen',
    confirmText: (link, hours, municipality) =>
      `Sie haben darum gebeten, eine E-Mail zu erhalten, wenn es etwas Neues von ${municipality} für Sie gibt.\n\nBestätigen Sie Ihre E-Mail-Adresse mit diesem Link (gültig für ${hours} Stunden):\n${link}\n\nHaben Sie das nicht angefordert? Dann müssen Sie nichts tun: ohne Bestätigung erhalten Sie keine E-Mails.`,
    noticeSubject: {
      message: (m) => `Sie haben eine neue Nachricht von ${m}`,
      dossier: (m) => `Es gibt Neues zu Ihrer Akte bei ${m}`,
      document: (m) => `Sie haben ein neues Dokument von ${m}`,
    },
    noticeText: (subject, link, preferences) =>
      `${subject}.\n\nMelden Sie sich an, um es anzusehen:\n${link}\n\nSie erhalten diese E-Mail, weil Sie E-Mail-Benachrichtigungen eingeschaltet haben. Sie können sie in Ihren Einstellungen ausschalten:\n${preferences}`,
  },
};

export function confirmationMail(language: Language, link: string, hours: number, municipality: string): Mail {
  const t = TEXTS[language];
  return { subject: t.confirmSubject, text: t.confirmText(link, hours, municipality) };
}

export function noticeMail(
  language: Language,
  kind: NoticeKind,
  links: { page: string; preferences: string },
  municipality: string,
): Mail {
  const t = TEXTS[language];
  const subject = t.noticeSubject[kind](municipality);
  return { subject, text: t.noticeText(subject, links.page, links.preferences) };
}
