import { computed, h, onBeforeUnmount, onMounted, ref, shallowRef, watch, watchEffect } from 'vue';
import { loketConfig } from './loket-config.js';
import { interceptLinkClicks, navigate, route } from './router.js';
import { LANGUAGES, TEXTS } from './texts.js';

/** Who the site's own sign-in page signs in (a real site asks its server). */
const DEMO_CITIZEN = { id: 'demo-anna', givenName: 'Anna', familyName: 'Peeters' };

export const App = {
  name: 'LindegemApp',
  setup() {
    const language = ref('nl');
    const showAlert = ref(false);
    const citizen = shallowRef(null);
    const heard = ref([]);
    const texts = computed(() => TEXTS[language.value]);

    // A plain object, new only when the state it depends on changes: each new object is validated and
    // rendered again. (Not `reactive()`: the header gets the object itself, not a proxy.)
    const config = computed(() => loketConfig({ showAlert: showAlert.value }));

    // The header follows the closest `lang` attribute, live.
    watchEffect(() => {
      document.documentElement.lang = language.value;
    });

    onMounted(() => document.addEventListener('click', interceptLinkClicks));
    onBeforeUnmount(() => document.removeEventListener('click', interceptLinkClicks));

    const hear = (line) => heard.value.push(line);

    // The header element: a new one each time it is rendered again. Tell each one who is signed in.
    const header = shallowRef(null);
    watch([header, citizen], ([element, user]) => element?.setSessionUser(user), { flush: 'post' });
    // The header moves aria-current by itself where the browser has the Navigation API; elsewhere, ask it to.
    watch([header, route], ([element]) => element?.requestUpdate(), { flush: 'post' });

    const signIn = () => {
      citizen.value = DEMO_CITIZEN;
      navigate(new URLSearchParams(location.search).get('terug') ?? '/');
    };

    const renderHeader = () =>
      h(
        'loket-header',
        {
          ref: header,
          // `.config`: set as a property (an object), never as an attribute (which would be a URL).
          '.config': config.value,
          onLoketReady: () => hear('loket-ready'),
          onLoketSessionChange: (event) =>
            hear(`loket-session-change: ${event.status}${event.user ? ` (${event.user.givenName})` : ''}`),
          onLoketSignInRequest: (event) => {
            // The app takes over sign-in: no full-page redirect to `auth.loginUrl`, its own route instead.
            event.preventDefault();
            hear('loket-sign-in-request (taken over)');
            navigate(`/aanmelden?terug=${encodeURIComponent(location.pathname)}`);
          },
          onLoketSignOutRequest: (event) => {
            event.preventDefault();
            hear('loket-sign-out-request (taken over)');
            citizen.value = null;
          },
          onLoketError: (event) => hear(`loket-error: ${event.code}`),
        },
        [h('a', { href: '/' }, 'Gemeente Lindegem')],
      );

    const renderToolbar = () =>
      h('div', { class: 'toolbar' }, [
        h('label', [
          `${texts.value.language} `,
          h(
            'select',
            { value: language.value, onChange: (event) => (language.value = event.target.value) },
            Object.entries(LANGUAGES).map(([code, name]) => h('option', { value: code, lang: code }, name)),
          ),
        ]),
        h('label', [
          h('input', {
            type: 'checkbox',
            checked: showAlert.value,
            onChange: (event) => (showAlert.value = event.target.checked),
          }),
          ` ${texts.value.showAlert}`,
        ]),
      ]);

    const renderView = () => {
      const t = texts.value;
      if (route.value === '/afval') return [h('h1', t.wasteTitle), h('p', t.wasteIntro)];
      if (route.value === '/aanmelden') {
        const name = `${DEMO_CITIZEN.givenName} ${DEMO_CITIZEN.familyName}`;
        return [
          h('h1', t.signInTitle),
          h('p', t.signInIntro),
          h('p', [
            h('button', { type: 'button', onClick: signIn }, t.signInAs(name)),
            ' ',
            h('a', { href: '/' }, t.cancel),
          ]),
        ];
      }
      const user = citizen.value;
      return [
        h('h1', t.homeTitle),
        h('p', t.homeIntro),
        user && h('p', { 'data-testid': 'welcome' }, t.welcome(`${user.givenName} ${user.familyName}`)),
      ];
    };

    // The site's own sign-in page is a focused page without the global header: the header leaves the DOM and
    // comes back, as a new element, when the citizen returns.
    return () => [
      route.value !== '/aanmelden' && renderHeader(),
      h('main', [
        renderToolbar(),
        ...renderView(),
        h('section', { 'aria-labelledby': 'heard' }, [
          h('h2', { id: 'heard' }, texts.value.events),
          h(
            'ol',
            { class: 'events', 'data-testid': 'heard' },
            heard.value.map((line) => h('li', line)),
          ),
        ]),
      ]),
    ];
  },
};
