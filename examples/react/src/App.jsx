import { useCallback, useEffect, useMemo, useState } from 'react';
import { loketConfig } from './loket-config.js';
import { interceptLinkClicks, navigate, useRoute } from './router.js';
import { LANGUAGES, TEXTS } from './texts.js';

/** Who the site's own sign-in page signs in (a real site asks its server). */
const DEMO_CITIZEN = { id: 'demo-anna', givenName: 'Anna', familyName: 'Peeters' };

export function App() {
  const route = useRoute();
  const [language, setLanguage] = useState('nl');
  const [showAlert, setShowAlert] = useState(false);
  const [citizen, setCitizen] = useState(null);
  const [heard, setHeard] = useState([]);
  const texts = TEXTS[language];

  // A new object only when the state it depends on changes: each new object is validated and rendered again.
  const config = useMemo(() => loketConfig({ showAlert }), [showAlert]);

  // The header follows the closest `lang` attribute, live.
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  useEffect(() => {
    document.addEventListener('click', interceptLinkClicks);
    return () => document.removeEventListener('click', interceptLinkClicks);
  }, []);

  const hear = (line) => setHeard((lines) => [...lines, line]);

  // The header element, set by the ref below: a new element each time the header is rendered again.
  const [header, setHeader] = useState(null);

  // Tell each new header who is signed in. The callback changes with `citizen`, so React calls it again
  // after a sign-in or sign-out too.
  const headerRef = useCallback(
    (element) => {
      element?.setSessionUser(citizen);
      setHeader(element);
    },
    [citizen],
  );

  // The header moves aria-current by itself where the browser has the Navigation API; elsewhere, ask it to.
  useEffect(() => {
    header?.requestUpdate();
  }, [header, route]);

  const signIn = () => {
    setCitizen(DEMO_CITIZEN);
    navigate(new URLSearchParams(location.search).get('terug') ?? '/');
  };

  // The site's own sign-in page is a focused page without the global header: the header leaves the DOM and
  // comes back, as a new element, when the citizen returns.
  const showHeader = route !== '/aanmelden';

  return (
    <>
      {showHeader && (
        <loket-header
          ref={headerRef}
          config={config}
          onloket-ready={() => hear('loket-ready')}
          onloket-session-change={(event) =>
            hear(`loket-session-change: ${event.status}${event.user ? ` (${event.user.givenName})` : ''}`)
          }
          onloket-sign-in-request={(event) => {
            // The app takes over sign-in: no full-page redirect to `auth.loginUrl`, its own route instead.
            event.preventDefault();
            hear('loket-sign-in-request (taken over)');
            navigate(`/aanmelden?terug=${encodeURIComponent(location.pathname)}`);
          }}
          onloket-sign-out-request={(event) => {
            event.preventDefault();
            hear('loket-sign-out-request (taken over)');
            setCitizen(null);
          }}
          onloket-error={(event) => hear(`loket-error: ${event.code}`)}
        >
          <a href="/">Stad Havenstad</a>
        </loket-header>
      )}
      <main>
        <div className="toolbar">
          <label>
            {texts.language}{' '}
            <select value={language} onChange={(event) => setLanguage(event.target.value)}>
              {Object.entries(LANGUAGES).map(([code, name]) => (
                <option key={code} value={code} lang={code}>
                  {name}
                </option>
              ))}
            </select>
          </label>
          <label>
            <input type="checkbox" checked={showAlert} onChange={(event) => setShowAlert(event.target.checked)} />{' '}
            {texts.showAlert}
          </label>
        </div>
        {route === '/' && <Home texts={texts} citizen={citizen} />}
        {route === '/afval' && <Waste texts={texts} />}
        {route === '/aanmelden' && <SignIn texts={texts} onSignIn={signIn} />}
        <section aria-labelledby="heard">
          <h2 id="heard">{texts.events}</h2>
          <ol className="events" data-testid="heard">
            {heard.map((line, index) => (
              <li key={index}>{line}</li>
            ))}
          </ol>
        </section>
      </main>
    </>
  );
}

function Home({ texts, citizen }) {
  return (
    <>
      <h1>{texts.homeTitle}</h1>
      <p>{texts.homeIntro}</p>
      {citizen && <p data-testid="welcome">{texts.welcome(`${citizen.givenName} ${citizen.familyName}`)}</p>}
    </>
  );
}

function Waste({ texts }) {
  return (
    <>
      <h1>{texts.wasteTitle}</h1>
      <p>{texts.wasteIntro}</p>
    </>
  );
}

function SignIn({ texts, onSignIn }) {
  const name = `${DEMO_CITIZEN.givenName} ${DEMO_CITIZEN.familyName}`;
  return (
    <>
      <h1>{texts.signInTitle}</h1>
      <p>{texts.signInIntro}</p>
      <p>
        <button type="button" onClick={onSignIn}>
          {texts.signInAs(name)}
        </button>{' '}
        <a href="/">{texts.cancel}</a>
      </p>
    </>
  );
}
