// The backend's own HTML: layout, texts (nl, fr, en, de), sign-in form, sign-out page, error page.
// The citizen's pages (lists, personal data, correction form) are in account-pages.mjs.
// No inline script or style (the CSS and the one script are files under /static/), text always escaped.

import { escapeHtml as e } from './http-util.mjs';

export const LANGUAGES = ['nl', 'fr', 'en', 'de'];
export const LANGUAGE_NAMES = { nl: 'Nederlands', fr: 'Français', en: 'English', de: 'Deutsch' };

export const TEXT = {
  nl: {
    signInTitle: 'Aanmelden',
    signInIntro: 'Meld je aan om je berichten, dossiers en documenten te zien.',
    username: 'Gebruikersnaam',
    password: 'Wachtwoord',
    submit: 'Aanmelden',
    cancel: 'Annuleren',
    wrongCredentials: 'De gebruikersnaam of het wachtwoord is niet juist.',
    demoHint: 'Demo: meld je aan als anna, bart, chloe of jan (die ook namens zijn dochter en zijn bakkerij optreedt), met wachtwoord demo.',
    identityNote: 'Meld je opnieuw aan om van identiteit te wisselen.',
    onBehalfOf: 'namens',
    language: 'Taal',
    signOutTitle: 'Afmelden',
    signOutQuestion: 'Wil je je afmelden?',
    signOutYes: 'Ja, afmelden',
    signOutNo: 'Nee, aangemeld blijven',
    signedOut: 'Je bent afgemeld.',
    errorTitle: 'Er ging iets mis',
    backToSite: 'Terug naar de website',
    notSignedInTitle: 'Aanmelden nodig',
    notSignedIn: 'Je bent niet aangemeld. Meld je aan via de website van je gemeente, of hier:',
    notFoundTitle: 'Niet gevonden',
    notFound: 'Dit item bestaat niet of hoort niet bij jou.',
    from: 'Van',
    received: 'Ontvangen',
    registered: 'Aangetekende brief',
    acknowledged: 'Je nam kennis van deze brief op',
    reference: 'Referentie',
    status: 'Status',
    history: 'Verloop',
    statuses: { received: 'Ontvangen', in_progress: 'In behandeling', decided: 'Beslist' },
    decisions: { granted: 'toegekend', refused: 'geweigerd' },
    download: 'Download (PDF)',
    validUntil: 'Geldig tot',
    signedInAs: 'Aangemeld als',
    home: 'Loket demo-backend',
    myMessages: 'Mijn berichten',
    myDossiers: 'Mijn dossiers',
    myDocuments: 'Mijn documenten',
    myData: 'Mijn gegevens',
    accountNav: 'Mijn loket',
    noMessages: 'Je hebt geen berichten.',
    noDossiers: 'Je hebt geen dossiers.',
    noDocuments: 'Je hebt geen documenten.',
    noFacts: 'Er zijn geen andere gegevens over jou geregistreerd.',
    unread: 'Ongelezen',
    updated: 'Nieuwe status',
    name: 'Naam',
    correctionTitle: 'Een correctie vragen',
    correctionIntro: 'Klopt een gegeven niet? Je hebt het recht om het te laten verbeteren (artikel 16 AVG).',
    correctionField: 'Gegeven',
    chooseField: 'Kies een gegeven',
    fields: { givenName: 'Voornaam', familyName: 'Familienaam', address: 'Adres', language: 'Taal', parkingCard: 'Bewonerskaart parkeren', other: 'Iets anders' },
    currentValue: 'Huidige waarde (niet verplicht)',
    requestedValue: 'Juiste waarde',
    reason: 'Toelichting',
    sendCorrection: 'Correctie aanvragen',
    correctionErrors: 'Het formulier is niet volledig. Verbeter de fouten hieronder.',
    errRequired: 'Vul dit in.',
    errChoose: 'Kies een gegeven uit de lijst.',
    errTooLong: 'Gebruik hoogstens {n} tekens.',
    errInvalid: 'Deze waarde is niet geldig.',
    correctionSentTitle: 'Je vraag is ontvangen',
    correctionSent: 'We hebben je vraag om een correctie ontvangen. Je krijgt bericht zodra ze behandeld is.',
    backToData: 'Terug naar mijn gegevens',
    formExpiredTitle: 'Formulier verlopen',
    formExpired: 'Het formulier is verlopen of komt niet van deze website. Open het opnieuw.',
    homeIntro: 'Dit is de referentie-backend van Loket: een OpenID Connect-provider en de profiel-API.',
  },
  fr: {
    signInTitle: 'Se connecter',
    signInIntro: 'Connectez-vous pour voir vos messages, dossiers et documents.',
    username: 'Nom d’utilisateur',
    password: 'Mot de passe',
    submit: 'Se connecter',
    cancel: 'Annuler',
    wrongCredentials: 'Le nom d’utilisateur ou le mot de passe est incorrect.',
    demoHint: 'Démo : connectez-vous en tant que anna, bart, chloe ou jan (qui agit aussi au nom de sa fille et de sa boulangerie), mot de passe demo.',
    identityNote: 'Reconnectez-vous pour changer d’identité.',
    onBehalfOf: 'au nom de',
    language: 'Langue',
    signOutTitle: 'Se déconnecter',
    signOutQuestion: 'Voulez-vous vous déconnecter ?',
    signOutYes: 'Oui, me déconnecter',
    signOutNo: 'Non, rester connecté',
    signedOut: 'Vous êtes déconnecté.',
    errorTitle: 'Une erreur s’est produite',
    backToSite: 'Retour au site',
    notSignedInTitle: 'Connexion requise',
    notSignedIn: 'Vous n’êtes pas connecté. Connectez-vous via le site de votre commune, ou ici :',
    notFoundTitle: 'Introuvable',
    notFound: 'Cet élément n’existe pas ou ne vous appartient pas.',
    from: 'De',
    received: 'Reçu le',
    registered: 'Lettre recommandée',
    acknowledged: 'Vous avez pris connaissance de cette lettre le',
    reference: 'Référence',
    status: 'Statut',
    history: 'Historique',
    statuses: { received: 'Reçu', in_progress: 'En traitement', decided: 'Décidé' },
    decisions: { granted: 'accordé', refused: 'refusé' },
    download: 'Télécharger (PDF)',
    validUntil: 'Valable jusqu’au',
    signedInAs: 'Connecté en tant que',
    home: 'Backend de démo Loket',
    myMessages: 'Mes messages',
    myDossiers: 'Mes dossiers',
    myDocuments: 'Mes documents',
    myData: 'Mes données',
    accountNav: 'Mon guichet',
    noMessages: 'Vous n’avez aucun message.',
    noDossiers: 'Vous n’avez aucun dossier.',
    noDocuments: 'Vous n’avez aucun document.',
    noFacts: 'Aucune autre donnée n’est enregistrée à votre sujet.',
    unread: 'Non lu',
    updated: 'Nouveau statut',
    name: 'Nom',
    correctionTitle: 'Demander une rectification',
    correctionIntro: 'Une donnée est inexacte ? Vous avez le droit de la faire rectifier (article 16 du RGPD).',
    correctionField: 'Donnée',
    chooseField: 'Choisissez une donnée',
    fields: { givenName: 'Prénom', familyName: 'Nom de famille', address: 'Adresse', language: 'Langue', parkingCard: 'Carte de stationnement riverain', other: 'Autre chose' },
    currentValue: 'Valeur actuelle (facultatif)',
    requestedValue: 'Valeur correcte',
    reason: 'Explication',
    sendCorrection: 'Demander la rectification',
    correctionErrors: 'Le formulaire est incomplet. Corrigez les erreurs ci-dessous.',
    errRequired: 'Ce champ est obligatoire.',
    errChoose: 'Choisissez une donnée dans la liste.',
    errTooLong: 'Utilisez au maximum {n} caractères.',
    errInvalid: 'Cette valeur n’est pas valable.',
    correctionSentTitle: 'Votre demande a été reçue',
    correctionSent: 'Nous avons bien reçu votre demande de rectification. Vous serez informé dès qu’elle aura été traitée.',
    backToData: 'Retour à mes données',
    formExpiredTitle: 'Formulaire expiré',
    formExpired: 'Le formulaire a expiré ou ne provient pas de ce site. Ouvrez-le à nouveau.',
    homeIntro: 'Ceci est le backend de référence de Loket : un fournisseur OpenID Connect et l’API de profil.',
  },
  en: {
    signInTitle: 'Sign in',
    signInIntro: 'Sign in to see your messages, applications and documents.',
    username: 'Username',
    password: 'Password',
    submit: 'Sign in',
    cancel: 'Cancel',
    wrongCredentials: 'The username or password is incorrect.',
    demoHint: 'Demo: sign in as anna, bart, chloe or jan (who also acts for his daughter and his bakery), with password demo.',
    identityNote: 'Sign in again to switch identity.',
    onBehalfOf: 'on behalf of',
    language: 'Language',
    signOutTitle: 'Sign out',
    signOutQuestion: 'Do you want to sign out?',
    signOutYes: 'Yes, sign out',
    signOutNo: 'No, stay signed in',
    signedOut: 'You are signed out.',
    errorTitle: 'Something went wrong',
    backToSite: 'Back to the website',
    notSignedInTitle: 'Sign-in required',
    notSignedIn: 'You are not signed in. Sign in on your municipality’s website, or here:',
    notFoundTitle: 'Not found',
    notFound: 'This item does not exist or is not yours.',
    from: 'From',
    received: 'Received',
    registered: 'Registered letter',
    acknowledged: 'You acknowledged this letter on',
    reference: 'Reference',
    status: 'Status',
    history: 'History',
    statuses: { received: 'Received', in_progress: 'In progress', decided: 'Decided' },
    decisions: { granted: 'granted', refused: 'refused' },
    download: 'Download (PDF)',
    validUntil: 'Valid until',
    signedInAs: 'Signed in as',
    home: 'Loket demo backend',
    myMessages: 'My messages',
    myDossiers: 'My applications',
    myDocuments: 'My documents',
    myData: 'My personal data',
    accountNav: 'My Loket',
    noMessages: 'You have no messages.',
    noDossiers: 'You have no applications.',
    noDocuments: 'You have no documents.',
    noFacts: 'No other data about you is recorded.',
    unread: 'Unread',
    updated: 'New status',
    name: 'Name',
    correctionTitle: 'Request a correction',
    correctionIntro: 'Is something wrong? You have the right to have it corrected (GDPR Article 16).',
    correctionField: 'Detail',
    chooseField: 'Choose a detail',
    fields: { givenName: 'First name', familyName: 'Surname', address: 'Address', language: 'Language', parkingCard: 'Resident parking card', other: 'Something else' },
    currentValue: 'Current value (optional)',
    requestedValue: 'Correct value',
    reason: 'Explanation',
    sendCorrection: 'Request correction',
    correctionErrors: 'The form is incomplete. Correct the errors below.',
    errRequired: 'Fill this in.',
    errChoose: 'Choose a detail from the list.',
    errTooLong: 'Use at most {n} characters.',
    errInvalid: 'This value is not valid.',
    correctionSentTitle: 'Your request has been received',
    correctionSent: 'We have received your request for a correction. You will be told once it has been dealt with.',
    backToData: 'Back to my personal data',
    formExpiredTitle: 'Form expired',
    formExpired: 'The form has expired or did not come from this website. Open it again.',
    homeIntro: 'This is Loket’s reference backend: an OpenID Connect provider and the profile API.',
  },
  de: {
    signInTitle: 'Anmelden',
    signInIntro: 'Melden Sie sich an, um Ihre Nachrichten, Vorgänge und Dokumente zu sehen.',
    username: 'Benutzername',
    password: 'Passwort',
    submit: 'Anmelden',
    cancel: 'Abbrechen',
    wrongCredentials: 'Benutzername oder Passwort ist falsch.',
    demoHint: 'Demo: Melden Sie sich als anna, bart, chloe oder jan (der auch für seine Tochter und seine Bäckerei handelt) mit dem Passwort demo an.',
    identityNote: 'Melden Sie sich erneut an, um die Identität zu wechseln.',
    onBehalfOf: 'im Namen von',
    language: 'Sprache',
    signOutTitle: 'Abmelden',
    signOutQuestion: 'Möchten Sie sich abmelden?',
    signOutYes: 'Ja, abmelden',
    signOutNo: 'Nein, angemeldet bleiben',
    signedOut: 'Sie sind abgemeldet.',
    errorTitle: 'Etwas ist schiefgelaufen',
    backToSite: 'Zurück zur Website',
    notSignedInTitle: 'Anmeldung erforderlich',
    notSignedIn: 'Sie sind nicht angemeldet. Melden Sie sich auf der Website Ihrer Gemeinde an, oder hier:',
    notFoundTitle: 'Nicht gefunden',
    notFound: 'Dieses Element existiert nicht oder gehört nicht Ihnen.',
    from: 'Von',
    received: 'Eingegangen',
    registered: 'Einschreiben',
    acknowledged: 'Sie haben diesen Brief zur Kenntnis genommen am',
    reference: 'Aktenzeichen',
    status: 'Status',
    history: 'Verlauf',
    statuses: { received: 'Eingegangen', in_progress: 'In Bearbeitung', decided: 'Entschieden' },
    decisions: { granted: 'bewilligt', refused: 'abgelehnt' },
    download: 'Herunterladen (PDF)',
    validUntil: 'Gültig bis',
    signedInAs: 'Angemeldet als',
    home: 'Loket-Demo-Backend',
    myMessages: 'Meine Nachrichten',
    myDossiers: 'Meine Anträge',
    myDocuments: 'Meine Dokumente',
    myData: 'Meine Daten',
    accountNav: 'Mein Loket',
    noMessages: 'Sie haben keine Nachrichten.',
    noDossiers: 'Sie haben keine Anträge.',
    noDocuments: 'Sie haben keine Dokumente.',
    noFacts: 'Es sind keine weiteren Daten über Sie gespeichert.',
    unread: 'Ungelesen',
    updated: 'Neuer Status',
    name: 'Name',
    correctionTitle: 'Berichtigung beantragen',
    correctionIntro: 'Stimmt eine Angabe nicht? Sie haben das Recht, sie berichtigen zu lassen (Artikel 16 DSGVO).',
    correctionField: 'Angabe',
    chooseField: 'Angabe auswählen',
    fields: { givenName: 'Vorname', familyName: 'Nachname', address: 'Adresse', language: 'Sprache', parkingCard: 'Anwohnerparkausweis', other: 'Etwas anderes' },
    currentValue: 'Aktueller Wert (optional)',
    requestedValue: 'Richtiger Wert',
    reason: 'Begründung',
    sendCorrection: 'Berichtigung beantragen',
    correctionErrors: 'Das Formular ist unvollständig. Bitte korrigieren Sie die Fehler unten.',
    errRequired: 'Bitte ausfüllen.',
    errChoose: 'Bitte wählen Sie eine Angabe aus der Liste.',
    errTooLong: 'Höchstens {n} Zeichen.',
    errInvalid: 'Dieser Wert ist ungültig.',
    correctionSentTitle: 'Ihr Antrag ist eingegangen',
    correctionSent: 'Wir haben Ihren Antrag auf Berichtigung erhalten. Sie werden benachrichtigt, sobald er bearbeitet wurde.',
    backToData: 'Zurück zu meinen Daten',
    formExpiredTitle: 'Formular abgelaufen',
    formExpired: 'Das Formular ist abgelaufen oder stammt nicht von dieser Website. Öffnen Sie es erneut.',
    homeIntro: 'Dies ist das Referenz-Backend von Loket: ein OpenID-Connect-Anbieter und die Profil-API.',
  },
};

/** First supported language in a list such as `ui_locales` ("fr-BE en"), else the fallback. */
export function pickLanguage(...candidates) {
  for (const candidate of candidates) {
    for (const tag of String(candidate ?? '').split(/[\s,]+/)) {
      const base = tag.split(/[-_;]/)[0].toLowerCase();
      if (LANGUAGES.includes(base)) return base;
    }
  }
  return 'nl';
}

const LOCALES = { nl: 'nl-BE', fr: 'fr-BE', en: 'en-GB', de: 'de-BE' };
export function formatDate(iso, lang, withTime = false) {
  const options = withTime ? { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Brussels' } : { dateStyle: 'long', timeZone: 'Europe/Brussels' };
  return new Intl.DateTimeFormat(LOCALES[lang], options).format(new Date(iso));
}

/** Links to the same page in each language (`?lang=`), current one marked. */
function languageSwitch(lang, currentUrl) {
  if (!currentUrl) return '';
  const links = LANGUAGES.map((code) => {
    const url = new URL(currentUrl);
    url.searchParams.set('lang', code);
    const current = code === lang ? ' aria-current="true"' : '';
    return `<li><a href="${e(url.pathname + url.search)}" lang="${code}" hreflang="${code}"${current}>${e(LANGUAGE_NAMES[code])}</a></li>`;
  }).join('');
  return `<nav class="languages" aria-label="${e(TEXT[lang].language)}"><ul>${links}</ul></nav>`;
}

/** The citizen's own pages, linked from the header's profile menu. */
export const ACCOUNT_PAGES = Object.freeze([
  { path: '/berichten', label: 'myMessages' },
  { path: '/dossiers', label: 'myDossiers' },
  { path: '/documenten', label: 'myDocuments' },
  { path: '/gegevens', label: 'myData' },
]);

/** Links to the citizen's pages; `current` (a path) is marked; `query` (e.g. "?lang=fr") is kept. */
export function accountNav(lang, current, query = '') {
  const t = TEXT[lang];
  const links = ACCOUNT_PAGES.map(({ path, label }) => {
    const mark = path === current ? ' aria-current="page"' : '';
    return `<li><a href="${e(path + query)}"${mark}>${e(t[label])}</a></li>`;
  }).join('');
  return `<nav class="account" aria-label="${e(t.accountNav)}"><ul>${links}</ul></nav>`;
}

/**
 * The page around `body`. `nav`: HTML between the bar and the card (accountNav). `referrer`: the page's
 * referrer policy (also send it as the Referrer-Policy header); `same-origin` on pages with a form that
 * the server checks by its Origin header (with `no-referrer`, browsers send `Origin: null`).
 */
export function layout({ lang, title, body, currentUrl, scripts = [], nav = '', referrer = 'no-referrer' }) {
  const scriptTags = scripts.map((src) => `<script src="${e(src)}" defer></script>`).join('');
  return `<!doctype html>
<html lang="${e(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="${e(referrer)}">
<title>${e(title)} · Loket</title>
<link rel="stylesheet" href="/static/loket.css">
${scriptTags}
</head>
<body>
<header class="bar"><span class="brand">Loket</span>${languageSwitch(lang, currentUrl)}</header>
${nav}<main id="main" class="card">
${body}
</main>
</body>
</html>
`;
}

/** The sign-in form, shared by the OIDC interaction and the host-mode login. */
/** `identityRequested`: the request asks to act for an identity (a login hint), so the citizen signs in again. */
export function loginPage({ lang, action, currentUrl, error = false, hidden = {}, cancelHref, referrer, identityRequested = false }) {
  const t = TEXT[lang];
  const hiddenInputs = Object.entries(hidden)
    .filter(([, value]) => value !== undefined && value !== null)
    .map(([name, value]) => `<input type="hidden" name="${e(name)}" value="${e(value)}">`)
    .join('');
  const errorBox = error
    ? `<p class="error" id="login-error" role="alert">${e(t.wrongCredentials)}</p>`
    : '';
  const describedBy = error ? ' aria-describedby="login-error" aria-invalid="true"' : '';
  const cancel = cancelHref ? `<a class="secondary" href="${e(cancelHref)}">${e(t.cancel)}</a>` : '';
  return layout({
    lang,
    title: t.signInTitle,
    currentUrl,
    referrer,
    body: `<h1>${e(t.signInTitle)}</h1>
<p>${e(identityRequested ? t.identityNote : t.signInIntro)}</p>
${errorBox}
<form method="post" action="${e(action)}" class="login" novalidate>
${hiddenInputs}<input type="hidden" name="lang" value="${e(lang)}">
<label for="username">${e(t.username)}</label>
<input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required autofocus${describedBy}>
<label for="password">${e(t.password)}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${describedBy}>
<div class="actions"><button type="submit">${e(t.submit)}</button>${cancel}</div>
</form>
<p class="hint">${e(t.demoHint)}</p>`,
  });
}

/**
 * Sign-out confirmation. `formHtml` is the provider's form (with its xsrf field); the buttons submit it, and
 * /static/auto-submit.js submits it right away with logout=yes, so no click is needed when scripts run.
 */
export function logoutPage({ lang, formHtml, formId }) {
  const t = TEXT[lang];
  return layout({
    lang,
    title: t.signOutTitle,
    scripts: ['/static/auto-submit.js'],
    body: `<h1>${e(t.signOutTitle)}</h1>
<p>${e(t.signOutQuestion)}</p>
${formHtml}
<div class="actions" data-auto-submit="${e(formId)}">
<button type="submit" form="${e(formId)}" name="logout" value="yes" autofocus>${e(t.signOutYes)}</button>
<button type="submit" form="${e(formId)}" class="secondary">${e(t.signOutNo)}</button>
</div>`,
  });
}

export function messagePage({ lang, title, body }) {
  return layout({ lang, title, body });
}

export function errorPage({ lang, title, details = [], link }) {
  const t = TEXT[lang];
  const rows = details.map(([k, v]) => `<dt>${e(k)}</dt><dd>${e(v)}</dd>`).join('');
  return layout({
    lang,
    title: title ?? t.errorTitle,
    body: `<h1>${e(title ?? t.errorTitle)}</h1>${rows ? `<dl>${rows}</dl>` : ''}${link ? `<p><a href="${e(link.href)}">${e(link.label)}</a></p>` : ''}`,
  });
}
