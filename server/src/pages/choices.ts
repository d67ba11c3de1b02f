// The citizen's choices (issue 14), linked from /gegevens: letters digitally or on paper, and e-mail notices
// (opt in with an address, confirmed by a mailed link; opt out). Bodies only, text always escaped; the routes
// (http/routes/choices.ts) do the session, the CSRF checks, the audit rows and the layout.

import type { CitizenPreferences } from '../store/preferences.js';
import { escapeHtml as e } from './html.js';
import { signedIn, type PageUser } from './account.js';
import { formatDate, TEXT, type Lang } from './texts.js';

export const CHOICES_PATHS = Object.freeze({
  page: '/voorkeuren',
  correspondence: '/voorkeuren/brieven',
  email: '/voorkeuren/e-mail',
  emailOff: '/voorkeuren/e-mail/uit',
  confirm: '/voorkeuren/e-mail/bevestigen',
});

/** what was just done (the page after a post says so) */
export type ChoiceDone = 'correspondence' | 'email' | 'email-off';

interface ChoicesTexts {
  [key: string]: string | Record<ChoiceDone, string>;
  done: Record<ChoiceDone, string>;
}

const texts = {
  nl: {
    title: 'Mijn voorkeuren',
    link: 'Mijn voorkeuren: brieven en e-mailmeldingen',
    lettersTitle: 'Brieven',
    lettersLegend: 'Hoe wil je brieven van de gemeente en haar diensten ontvangen?',
    digital: 'Digitaal, in dit loket',
    paper: 'Op papier, met de post',
    save: 'Opslaan',
    noticesTitle: 'E-mailmeldingen',
    noticesIntro:
      'Krijg een e-mail wanneer er iets nieuws voor je is (een bericht, een nieuwe status van een dossier, een document of een aangetekende brief). De e-mail zegt alleen dat er iets nieuw is, niet wat: meld je aan om het te lezen.',
    email: 'E-mailadres',
    turnOn: 'Meldingen aanzetten',
    change: 'Ander adres gebruiken',
    turnOff: 'Meldingen uitzetten',
    on: 'Meldingen gaan naar',
    pending: 'We stuurden een bevestigingslink naar',
    pendingUntil: 'Klik op de link in die e-mail om de meldingen aan te zetten. De link werkt tot',
    off: 'E-mailmeldingen staan uit.',
    noMail: 'Deze dienst is niet ingesteld om e-mails te versturen: je ontvangt geen bevestigingslink.',
    invalidEmail: 'Vul een geldig e-mailadres in, zoals anna@voorbeeld.be.',
    formErrors: 'Het formulier is niet volledig. Verbeter de fout hieronder.',
    done: {
      correspondence: 'Je keuze voor brieven is bewaard.',
      email: 'Kijk in je mailbox: we stuurden je een link om je e-mailadres te bevestigen.',
      'email-off': 'E-mailmeldingen staan nu uit; we bewaren je e-mailadres niet meer.',
    },
    confirmTitle: 'E-mailadres bevestigen',
    confirmText: 'Bevestig dat je e-mailmeldingen wilt ontvangen op dit adres.',
    confirmButton: 'Bevestigen',
    confirmedTitle: 'E-mailadres bevestigd',
    confirmed: 'Je e-mailadres is bevestigd. Je krijgt voortaan een e-mail wanneer er iets nieuws voor je is.',
    expiredTitle: 'Deze link is verlopen',
    expired: 'De bevestigingslink is verlopen. Vraag een nieuwe aan bij je voorkeuren.',
    unknownTitle: 'Deze link werkt niet',
    unknown:
      'Deze bevestigingslink is niet (meer) geldig. Misschien gebruikte je hem al, of vroeg je intussen een nieuwe aan.',
    toPreferences: 'Naar mijn voorkeuren',
  },
  fr: {
    title: 'Mes préférences',
    link: 'Mes préférences : lettres et notifications par e-mail',
    lettersTitle: 'Lettres',
    lettersLegend: 'Comment voulez-vous recevoir les lettres de la commune et de ses services ?',
    digital: 'En ligne, dans ce guichet',
    paper: 'Sur papier, par la poste',
    save: 'Enregistrer',
    noticesTitle: 'Notifications par e-mail',
    noticesIntro:
      "Recevez un e-mail lorsqu'il y a du nouveau pour vous (un message, un nouveau statut de dossier, un document ou une lettre recommandée). L'e-mail dit seulement qu'il y a du nouveau, pas quoi : connectez-vous pour le lire.",
    email: 'Adresse e-mail',
    turnOn: 'Activer les notifications',
    change: 'Utiliser une autre adresse',
    turnOff: 'Désactiver les notifications',
    on: 'Les notifications sont envoyées à',
    pending: 'Nous avons envoyé un lien de confirmation à',
    pendingUntil: "Cliquez sur le lien de cet e-mail pour activer les notifications. Le lien est valable jusqu'au",
    off: 'Les notifications par e-mail sont désactivées.',
    noMail: "Ce service n'est pas configuré pour envoyer des e-mails : vous ne recevrez pas de lien de confirmation.",
    invalidEmail: 'Saisissez une adresse e-mail valide, par exemple anna@exemple.be.',
    formErrors: "Le formulaire n'est pas complet. Corrigez l'erreur ci-dessous.",
    done: {
      correspondence: 'Votre choix pour les lettres est enregistré.',
      email: 'Consultez votre boîte mail : nous vous avons envoyé un lien pour confirmer votre adresse.',
      'email-off': 'Les notifications par e-mail sont désactivées ; nous ne conservons plus votre adresse.',
    },
    confirmTitle: "Confirmer l'adresse e-mail",
    confirmText: 'Confirmez que vous souhaitez recevoir les notifications par e-mail à cette adresse.',
    confirmButton: 'Confirmer',
    confirmedTitle: 'Adresse e-mail confirmée',
    confirmed:
      "Votre adresse e-mail est confirmée. Vous recevrez désormais un e-mail lorsqu'il y a du nouveau pour vous.",
    expiredTitle: 'Ce lien a expiré',
    expired: 'Le lien de confirmation a expiré. Demandez-en un nouveau dans vos préférences.',
    unknownTitle: 'Ce lien ne fonctionne pas',
    unknown:
      "Ce lien de confirmation n'est pas (ou plus) valable. Vous l'avez peut-être déjà utilisé, ou vous en avez demandé un nouveau entre-temps.",
    toPreferences: 'Vers mes préférences',
  },
  en: {
    title: 'My preferences',
    link: 'My preferences: letters and e-mail notifications',
    lettersTitle: 'Letters',
    lettersLegend: 'How do you want to receive letters from the municipality and its services?',
    digital: 'Digitally, in this service',
    paper: 'On paper, by post',
    save: 'Save',
    noticesTitle: 'E-mail notifications',
    noticesIntro:
      'Get an e-mail when there is something new for you (a message, a new status of an application, a document or a registered letter). The e-mail only says that there is something new, not what: sign in to read it.',
    email: 'E-mail address',
    turnOn: 'Turn on notifications',
    change: 'Use another address',
    turnOff: 'Turn off notifications',
    on: 'Notifications go to',
    pending: 'We sent a confirmation link to',
    pendingUntil: 'Click the link in that e-mail to turn on the notifications. The link works until',
    off: 'E-mail notifications are off.',
    noMail: 'This service is not set up to send e-mail: you will not receive a confirmation link.',
    invalidEmail: 'Enter a valid e-mail address, such as anna@example.be.',
    formErrors: 'The form is not complete. Correct the error below.',
    done: {
      correspondence: 'Your choice for letters is saved.',
      email: 'Check your mailbox: we sent you a link to confirm your e-mail address.',
      'email-off': 'E-mail notifications are now off; we no longer keep your e-mail address.',
    },
    confirmTitle: 'Confirm your e-mail address',
    confirmText: 'Confirm that you want to receive e-mail notifications at this address.',
    confirmButton: 'Confirm',
    confirmedTitle: 'E-mail address confirmed',
    confirmed: 'Your e-mail address is confirmed. From now on you get an e-mail when there is something new for you.',
    expiredTitle: 'This link has expired',
    expired: 'The confirmation link has expired. Ask for a new one in your preferences.',
    unknownTitle: 'This link does not work',
    unknown:
      'This confirmation link is not valid (any more). Perhaps you used it already, or asked for a new one since.',
    toPreferences: 'To my preferences',
  },
  de: {
    title: 'Meine Einstellungen',
    link: 'Meine Einstellungen: Briefe und E-Mail-Benachrichtigungen',
    lettersTitle: 'Briefe',
    lettersLegend: 'Wie möchten Sie Briefe der Gemeinde und ihrer Dienste erhalten?',
    digital: 'Digital, in diesem Schalter',
    paper: 'Auf Papier, per Post',
    save: 'Speichern',
    noticesTitle: 'E-Mail-Benachrichtigungen',
    noticesIntro:
      'Erhalten Sie eine E-Mail, wenn es etwas Neues für Sie gibt (eine Nachricht, einen neuen Status einer Akte, ein Dokument oder einen Einschreibebrief). Die E-Mail sagt nur, dass es etwas Neues gibt, nicht was: melden Sie sich an, um es zu lesen.',
    email: 'E-Mail-Adresse',
    turnOn: 'Benachrichtigungen einschalten',
    change: 'Eine andere Adresse verwenden',
    turnOff: 'Benachrichtigungen ausschalten',
    on: 'Benachrichtigungen gehen an',
    pending: 'Wir haben einen Bestätigungslink gesendet an',
    pendingUntil:
      'Klicken Sie auf den Link in dieser E-Mail, um die Benachrichtigungen einzuschalten. Der Link gilt bis',
    off: 'E-Mail-Benachrichtigungen sind ausgeschaltet.',
    noMail: 'Dieser Dienst ist nicht für den E-Mail-Versand eingerichtet: Sie erhalten keinen Bestätigungslink.',
    invalidEmail: 'Geben Sie eine gültige E-Mail-Adresse ein, zum Beispiel anna@beispiel.be.',
    formErrors: 'Das Formular ist nicht vollständig. Korrigieren Sie den Fehler unten.',
    done: {
      correspondence: 'Ihre Wahl für Briefe wurde gespeichert.',
      email: 'Sehen Sie in Ihr Postfach: Wir haben Ihnen einen Link zur Bestätigung Ihrer E-Mail-Adresse gesendet.',
      'email-off': 'E-Mail-Benachrichtigungen sind jetzt ausgeschaltet; wir speichern Ihre E-Mail-Adresse nicht mehr.',
    },
    confirmTitle: 'E-Mail-Adresse bestätigen',
    confirmText: 'Bestätigen Sie, dass Sie E-Mail-Benachrichtigungen an diese Adresse erhalten möchten.',
    confirmButton: 'Bestätigen',
    confirmedTitle: 'E-Mail-Adresse bestätigt',
    confirmed:
      'Ihre E-Mail-Adresse ist bestätigt. Sie erhalten ab jetzt eine E-Mail, wenn es etwas Neues für Sie gibt.',
    expiredTitle: 'Dieser Link ist abgelaufen',
    expired: 'Der Bestätigungslink ist abgelaufen. Fordern Sie in Ihren Einstellungen einen neuen an.',
    unknownTitle: 'Dieser Link funktioniert nicht',
    unknown:
      'Dieser Bestätigungslink ist nicht (mehr) gültig. Vielleicht haben Sie ihn schon verwendet oder inzwischen einen neuen angefordert.',
    toPreferences: 'Zu meinen Einstellungen',
  },
} satisfies Record<Lang, ChoicesTexts>;

export const CHOICES_TEXT: Record<Lang, (typeof texts)['nl']> = texts;

/** The link on /gegevens to the preferences. */
export const choicesLink = (lang: Lang, query = '') =>
  `<p class="choices-link"><a href="${e(CHOICES_PATHS.page + query)}">${e(CHOICES_TEXT[lang].link)}</a></p>`;

const hidden = (csrf: string, lang: Lang) =>
  `<input type="hidden" name="csrf" value="${e(csrf)}"><input type="hidden" name="lang" value="${e(lang)}">`;

export function choicesBody({
  lang,
  user,
  preferences,
  csrf,
  mailEnabled,
  done,
  emailError,
  emailValue,
}: {
  lang: Lang;
  user: PageUser;
  preferences: CitizenPreferences;
  csrf: string;
  mailEnabled: boolean;
  done?: ChoiceDone | undefined;
  /** the typed address was refused: shown again with the error */
  emailError?: boolean;
  emailValue?: string;
}): string {
  const t = CHOICES_TEXT[lang];
  const radio = (value: 'digital' | 'paper', label: string) =>
    `<label><input type="radio" name="correspondence" value="${value}"${preferences.correspondence === value ? ' checked' : ''}> ${e(label)}</label>`;
  const letters = `<h2 id="brieven">${e(t.lettersTitle)}</h2>
<form method="post" action="${CHOICES_PATHS.correspondence}">${hidden(csrf, lang)}
<fieldset class="choice"><legend>${e(t.lettersLegend)}</legend>
${radio('digital', t.digital)}
${radio('paper', t.paper)}
</fieldset>
<div class="actions"><button type="submit">${e(t.save)}</button></div>
</form>`;

  const status = !preferences.email
    ? `<p>${e(t.off)}</p>`
    : preferences.emailConfirmedAt
      ? `<p>${e(t.on)} <strong>${e(preferences.email)}</strong>.</p>`
      : `<p>${e(t.pending)} <strong>${e(preferences.email)}</strong>. ${e(t.pendingUntil)} ${e(formatDate(preferences.emailTokenExpiresAt ?? '', lang, true))}.</p>`;
  const errorId = 'notice-email-error';
  const invalid = emailError ? ` aria-invalid="true" aria-describedby="${errorId}" autofocus` : '';
  const summary = emailError
    ? `<div class="error" role="alert"><p>${e(t.formErrors)}</p><ul><li><a href="#notice-email">${e(t.email)}: ${e(t.invalidEmail)}</a></li></ul></div>`
    : '';
  const optIn = `<form method="post" action="${CHOICES_PATHS.email}" novalidate>${hidden(csrf, lang)}
<label for="notice-email">${e(t.email)}</label>${emailError ? `<p class="field-error" id="${errorId}">${e(t.invalidEmail)}</p>` : ''}
<input id="notice-email" name="email" type="email" autocomplete="email" spellcheck="false" maxlength="254" required value="${e(emailValue ?? '')}"${invalid}>
<div class="actions"><button type="submit">${e(preferences.email ? t.change : t.turnOn)}</button></div>
</form>`;
  const optOut = preferences.email
    ? `<form method="post" action="${CHOICES_PATHS.emailOff}">${hidden(csrf, lang)}<div class="actions"><button type="submit" class="secondary">${e(t.turnOff)}</button></div></form>`
    : '';
  const notices = `<h2 id="e-mail">${e(t.noticesTitle)}</h2>
<p>${e(t.noticesIntro)}</p>
${mailEnabled ? '' : `<p class="hint">${e(t.noMail)}</p>`}
${status}
${summary}
${optIn}
${optOut}`;

  const doneText = done ? `<p class="done" role="status">${e(t.done[done])}</p>` : '';
  return `${signedIn(TEXT[lang], user)}<h1>${e(t.title)}</h1>
${doneText}
${letters}
${notices}`;
}

/** The confirmation link's page: a button that posts the token (a mail scanner opening the link confirms nothing). */
export function confirmBody({ lang, token }: { lang: Lang; token: string }): string {
  const t = CHOICES_TEXT[lang];
  return `<h1>${e(t.confirmTitle)}</h1>
<p>${e(t.confirmText)}</p>
<form method="post" action="${CHOICES_PATHS.confirm}"><input type="hidden" name="token" value="${e(token)}"><input type="hidden" name="lang" value="${e(lang)}">
<div class="actions"><button type="submit">${e(t.confirmButton)}</button></div>
</form>`;
}
