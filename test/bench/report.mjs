// Writes the bench results as docs/performance.md: a short intro, one table per section (figure, baseline, ratio,
// budget, verdict), what each figure means and how to re-run.

import path from 'node:path';
import { PAINT_PAGES, THROTTLE_RATES } from './sections/paint.mjs';
import { CLS_MODES } from './sections/cls.mjs';

const KB = 1024;
const int = (n) => Math.round(n).toLocaleString('en-US');
const bytes = (n) => `${int(n)} B`;
const kb = (n) => `${(n / KB).toFixed(2)} KB`;
const ms = (n, digits = 0) => (Number.isFinite(n) ? `${n.toFixed(digits)} ms` : 'n/a');
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}×` : 'n/a');
const spread = (s, digits = 0) => `${s.min.toFixed(digits)}–${s.max.toFixed(digits)} ms`;
const verdict = (ok) => (ok ? '**within**' : '**OVER**');
const table = (head, rows) =>
  [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join(
    '\n',
  );
/** Interaction ids and other opaque path parts, shown as placeholders. */
const shortPath = (request) =>
  request.replace(/\/interaction\/[\w-]+/, '/interaction/:uid').replace(/\/auth\/[\w-]+/, '/auth/:uid');

function countBy(list) {
  const counts = new Map();
  for (const item of list) counts.set(item, (counts.get(item) ?? 0) + 1);
  return [...counts].map(([item, n]) => (n > 1 ? `${n}× \`${item}\`` : `\`${item}\``)).join(', ');
}

function intro(env, throughput) {
  return `# Performance

What the header costs a municipal site, measured by \`npm run bench\` (\`test/bench/run.mjs\`) in one run on the
machine described below (every figure on this page comes from that run). Bytes, request counts and layout shift are budgets of DESIGN.md section 10, and the
ones that are stable on a noisy machine are also asserted by \`npm test\` (each table names the test); time and
throughput figures are reported here, never asserted. Where a limit exists (a static header with no script, a bare
\`node:http\` server), each figure is given as a ratio to it.

| machine | |
|---|---|
| date | ${env.date} |
| CPU | ${env.nproc} cores (\`os.availableParallelism()\`), ${env.cpuModel} |
| memory | ${env.memoryGiB} GiB |
| Node.js | ${env.node} |
| Chromium | ${env.chromium} (\`${env.chromiumPath ?? 'unknown path'}\`, headless, via \`scripts/chromium.mjs\`) |
| code | commit \`${env.commit}\`${env.dirty ? ` with ${env.dirty} uncommitted change(s) in the work tree` : ''}; \`dist/\` built ${env.distBuilt} (\`loket-header.js\` sha256 \`${env.dropInSha256}…\`), copied once at the start so every section measures the same build |
| repetitions | paint: ${env.runs.paint} page views per page and CPU setting (interleaved, each in a fresh browser context, after one untimed view of each page); layout shift: ${env.runs.cls} page views per mode; requests: one sign-in per browser; throughput: ${env.runs.rounds} rounds${throughput ? ` of ${throughput.duration} s` : ''} per server (alternating${throughput?.warmup ? `, after a ${throughput.warmup} s warm-up each` : ''}) |
| bench duration | ${env.durationS} s |
| load average (1 / 5 / 15 min) | ${env.loadBefore} before, ${env.loadAfter} after: the machine is shared; above about 0.5 before the run, other work was running and time figures are less reliable |
`;
}

function headline(r) {
  const lines = [];
  if (r.bytes) {
    lines.push(
      `- **Bytes**: drop-in + largest theme ${bytes(r.bytes.budget.used)} gzip of the ${bytes(r.bytes.budget.limit)} budget (${kb(r.bytes.budget.limit - r.bytes.budget.used)} left); a signed-in view adds ${kb(r.bytes.files.signedIn.gzip + r.bytes.files.alert.gzip)} gzip (the signed-in module and the alert bar), and a view that signs in, renews or signs out ${kb(r.bytes.files.oidc.gzip)} more (oidc-client-ts).`,
    );
    if (r.bytes.demoAnonymous) {
      const d = r.bytes.demoAnonymous;
      lines.push(
        `- **An anonymous view of the demo** downloads ${bytes(d.gzip)} gzip for the header (${d.files.map((f) => `\`${path.basename(f)}\``).join(', ')}; reported, not budgeted).`,
      );
    }
  }
  if (r.paint) {
    const p = (rate, id) => r.paint.results[rate][id].painted.median;
    lines.push(
      `- **Header painted** (median): drop-in ${ms(p(1, 'drop-in'))} vs ${ms(p(1, 'static'))} for a static header (${ratio(p(1, 'drop-in'), p(1, 'static'))}); with 4× CPU throttling ${ms(p(4, 'drop-in'))} vs ${ms(p(4, 'static'))} (${ratio(p(4, 'drop-in'), p(4, 'static'))}).`,
    );
    if (r.paint.results[1]['drop-in-at-once'])
      lines.push(
        `- **Drop-in fetching its config, theme and logo at once** (\`data-theme\` and \`data-logo\` beside \`data-config\`, config and theme preloaded with \`<link rel="preload" as="fetch" crossorigin>\`, median): ${ms(p(1, 'drop-in-at-once'))} vs ${ms(p(1, 'static'))} static (${ratio(p(1, 'drop-in-at-once'), p(1, 'static'))}); 4× CPU ${ms(p(4, 'drop-in-at-once'))} vs ${ms(p(4, 'static'))} (${ratio(p(4, 'drop-in-at-once'), p(4, 'static'))}); goal ≤ 1.5×.`,
      );
    if (r.paint.results[1]['drop-in-in-page'])
      lines.push(
        `- **Drop-in with its config in the page** (\`data-config="#id"\` naming a JSON script before it, the theme linked as one of the page's stylesheets, the logo preloaded, median): ${ms(p(1, 'drop-in-in-page'))} vs ${ms(p(1, 'static'))} static (${ratio(p(1, 'drop-in-in-page'), p(1, 'static'))}); 4× CPU ${ms(p(4, 'drop-in-in-page'))} vs ${ms(p(4, 'static'))} (${ratio(p(4, 'drop-in-in-page'), p(4, 'static'))}); goal ≤ 1.5×.`,
      );
    if (r.paint.results[1].prerendered)
      lines.push(
        `- **Pre-rendered + hydrated** (renderHeader, median): ${ms(p(1, 'prerendered'))} vs ${ms(p(1, 'static'))} static (${ratio(p(1, 'prerendered'), p(1, 'static'))}); 4× CPU ${ms(p(4, 'prerendered'))} vs ${ms(p(4, 'static'))} (${ratio(p(4, 'prerendered'), p(4, 'static'))}); budget ≤ 1.10×.`,
      );
    const s = (rate, id) => r.paint.results[rate][id].script.median;
    lines.push(
      `- **Main thread**: script ${ms(s(1, 'drop-in'), 1)} on the drop-in page vs ${ms(s(1, 'static'), 1)} on the static page (4×: ${ms(s(4, 'drop-in'), 1)} vs ${ms(s(4, 'static'), 1)}).`,
    );
  }
  if (r.cls) {
    const worst = Math.max(...CLS_MODES.map((m) => r.cls.results[m.id].worstTotal));
    lines.push(
      `- **Layout shift** with the script ${r.cls.delay} ms late: ${worst === 0 ? `0 in all ${CLS_MODES.length} embedding modes` : `up to ${worst.toFixed(4)}`} (budget 0).`,
    );
  }
  if (r.requests) {
    const one = r.requests.oneTab.window.api.length;
    const three = r.requests.threeTabs.window.api.length;
    const budget = 1 + Math.floor(r.requests.oneTab.window.ms / 1000 / r.requests.refreshSeconds);
    const phases = (name) => r.requests.oneTab.phases.filter((p) => p.name === name);
    const apiOf = (name) => phases(name).reduce((n, p) => n + p.api.length, 0);
    const anonymous = phases('anonymous view').reduce((n, p) => n + p.api.length + p.provider.length, 0);
    lines.push(
      `- **Requests**: anonymous view ${anonymous} (API and provider); signed-in views ${apiOf('sign-in (back on the site, signed in)')} then ${apiOf('next page view')}; over ${r.requests.oneTab.window.ms / 1000} s one tab makes ${one} profile API request(s), three tabs ${three} (budget ${budget}${three > budget ? ': the tabs do not share the periodic refresh, see section 4' : ''}).`,
    );
  }
  if (r.throughput) lines.push(throughputHeadline(r.throughput));
  return `## Headline figures\n\n${lines.join('\n')}\n`;
}

function bytesSection(b, cls, requests) {
  const { dropIn, signedIn, oidc, api, help, alert, globalHeader, config } = b.files;
  const largest = b.themes.find((t) => t.id === b.largest.id);
  const baseline = b.baseline;
  const row = (name, sum, budget, ok) => [
    name,
    bytes(sum.raw),
    `${bytes(sum.gzip)} (${kb(sum.gzip)})`,
    bytes(sum.brotli),
    bytes(baseline.gzip),
    ratio(sum.gzip, baseline.gzip),
    budget,
    ok === undefined ? 'no budget' : verdict(ok),
  ];
  const budgetSum = {
    raw: dropIn.raw + largest.raw,
    gzip: dropIn.gzip + largest.gzip,
    brotli: dropIn.brotli + largest.brotli,
  };
  const v = largest.views;
  const fetched = [];
  if (cls) {
    for (const mode of CLS_MODES)
      fetched.push(`${mode.name}: ${cls.results[mode.id].assets.map((a) => `\`${a}\``).join(', ')}`);
  }
  const signInPhase = requests?.oneTab.phases.find((p) => p.name.startsWith('sign-in'));
  if (signInPhase)
    fetched.push(
      `the sign-in journey (back on the site, signed in): ${signInPhase.assets.map((a) => `\`${a}\``).join(', ')}`,
    );
  return `## 1. Bytes a site downloads

Each file compressed on its own (each is a response of its own): gzip at level 9, brotli at quality 11 (for
information). The config is the demo's \`demo/site/loket.json\` (four languages, help options); the theme is the
largest one by gzip size (\`${b.largest.id}\`) unless a row says otherwise. Baseline: the static header of the paint
test (\`test/bench/pages/static-header.html\`'s \`<header>\` element and \`static-header.css\`), ${bytes(baseline.raw)}
raw, ${bytes(baseline.gzip)} gzip: what a hand-written header with the same look costs.

${table(
  ['page view', 'raw', 'gzip -9', 'brotli', 'baseline (gzip)', 'ratio (gzip)', 'budget (gzip)', 'verdict'],
  [
    row(
      `drop-in + largest theme (\`${b.largest.id}\`)`,
      budgetSum,
      `≤ ${bytes(b.budget.limit)} (${b.budget.limit / KB} KB)`,
      budgetSum.gzip <= b.budget.limit,
    ),
    row('anonymous: drop-in + theme + config JSON', v.anonymous, '—'),
    ...(b.demoAnonymous
      ? [
          row(
            `anonymous view of the demo, everything its config fetches: ${b.demoAnonymous.files.map((f) => `\`${path.basename(f)}\``).join(' + ')}`,
            b.demoAnonymous,
            'reported (not budgeted)',
          ),
        ]
      : []),
    row('with help options in the config: + `loket-help.js`', v.help, '—'),
    row('with a site alert (or a sign-in message): + `loket-alert.js`', v.alert, '—'),
    row('signed in: + `loket-signed-in.js` + `loket-alert.js`', v.signedIn, '—'),
    row('signing in, renewing or signing out: + `loket-oidc.js` (oidc-client-ts)', v.signingIn, '—'),
    row('API page (`window.loket` used): + `loket-api.js`', v.api, '—'),
    row('API page, signed in: + both', v.apiSignedIn, '—'),
    row(
      'a page moved from the Flemish widget: `loket-global-header.js` + theme + config + `loket-api.js` + `loket-help.js`',
      v.flemish,
      '—',
    ),
  ],
)}

The ${b.budget.limit / KB} KB budget (drop-in + the largest theme, gzip) is asserted by \`test/node/budget.test.mjs\` in \`npm test\`, which
also prints the anonymous view of the demo (everything its config makes the browser fetch: the config, the theme,
the help module, the logo) without asserting it.
${fetched.length ? `What the browser actually fetched from \`/loket/\` and the config in this run: ${fetched.join('; ')}.\n` : ''}
Per file:

${table(
  ['file', 'raw', 'gzip -9', 'brotli'],
  [dropIn, globalHeader, signedIn, oidc, api, help, alert, config, ...b.themes].map((f) => [
    `\`${f.file}\``,
    bytes(f.raw),
    bytes(f.gzip),
    bytes(f.brotli),
  ]),
)}

Per theme (gzip, the sum of the files of each view):

${table(
  ['theme', 'drop-in + theme', 'budget', 'verdict', 'anonymous', 'signed in', 'API page'],
  b.themes.map((t) => [
    `\`${t.id}\``,
    bytes(dropIn.gzip + t.gzip),
    `≤ ${bytes(b.budget.limit)}`,
    verdict(dropIn.gzip + t.gzip <= b.budget.limit),
    bytes(t.views.anonymous.gzip),
    bytes(t.views.signedIn.gzip),
    bytes(t.views.api.gzip),
  ]),
)}

The \`loket\` theme is the header's built-in look (its values are the components' fallbacks), so a site using it
does not need to fetch its CSS; the rows count it anyway.
`;
}

function paintSection(p) {
  const pages = PAINT_PAGES;
  const rows = [];
  const cpuRows = [];
  for (const rate of THROTTLE_RATES) {
    const base = p.results[rate].static;
    for (const page of pages) {
      const f = p.results[rate][page.id];
      rows.push([
        page.name,
        rate === 1 ? 'none' : `${rate}×`,
        `**${ms(f.painted.median)}**`,
        `${spread(f.painted)} (IQR ${f.painted.p25.toFixed(0)}–${ms(f.painted.p75)})`,
        ms(base.painted.median),
        page.baseline ? '1.00×' : ratio(f.painted.median, base.painted.median),
        page.baseline
          ? '—'
          : `${f.painted.median < base.painted.median ? '−' : '+'}${ms(Math.abs(f.painted.median - base.painted.median))}`,
        ms(f.fcp.median),
        page.budgetRatio ? `≤ ${page.budgetRatio.toFixed(2)}×` : 'none (reported)',
        page.budgetRatio
          ? f.painted.median <= page.budgetRatio * base.painted.median
            ? '**within**'
            : '**over**'
          : 'n/a',
      ]);
      cpuRows.push([
        page.name,
        rate === 1 ? 'none' : `${rate}×`,
        `**${ms(f.script.median, 1)}**`,
        `${spread(f.script, 1)}`,
        ms(base.script.median, 1),
        page.baseline ? '—' : `+${ms(f.script.median - base.script.median, 1)}`,
        ms(f.task.median, 1),
        page.baseline ? '—' : `+${ms(f.task.median - base.task.median, 1)} (${ratio(f.task.median, base.task.median)})`,
        ms(f.layout.median, 1),
        'none (reported)',
      ]);
    }
  }
  return `## 2. Time to the header painted

The header pages use the demo's config without its \`help\` options (\`test/bench/pages/loket.json\`; the inline
config likewise), so that they draw exactly what the static header draws; the help menu's module
(\`loket-help.js\`) is counted in section 1.

**Painted** is the timestamp of the first animation frame at whose start the header is complete: its home link
(\`a.brand\`: in \`<loket-header>\`'s shadow root, or in the static page's \`<header>\`) has a box and is visible by
\`checkVisibility({ visibilityProperty: true, opacityProperty: true })\` (the header keeps its content
out of the layout, \`display: none\`, until its theme and logo have loaded), and the logo image has loaded (\`complete\`,
\`naturalWidth > 0\`). A \`requestAnimationFrame\` loop, installed before the page's own scripts, checks this at the
start of every frame; the frame is then rendered with the header in it. Times are ms since navigation start (the
page's \`performance.timeOrigin\`). First contentful paint (the \`paint\` entry, a presentation time) is shown beside
it: in headless Chromium the first frames reach the screen some tens of ms after they are produced, which is why
the static page's FCP is later than its "painted".

Pages (\`test/bench/pages/\`, served by a small \`node:http\` server in \`test/bench/lib/static-server.mjs\` with the
demo site's CSP and \`no-cache\`; loopback, no network throttling, cold cache: every view in a fresh browser
context; viewport 1280×800): the same page with **the static header** (the limit: the header's markup and the
\`lindegem\` theme's look as plain HTML + CSS, no script), **the drop-in** as script at the spot with
\`data-config="/loket.json"\` (it fetches the config, then the theme CSS and the logo), and, for comparison, **the
element** with its config inline (no config request) and the script deferred in \`<head>\`; then **the drop-in
fetching its config, theme and logo at once**: the script names the theme and the logo beside the config
(\`data-theme\`, \`data-logo\`), so its own fetches start together as it starts, and the page preloads the config and
the theme (\`<link rel="preload" as="fetch" crossorigin>\`) beside the logo, which those fetches reuse,
and **the pre-rendered header**: the element page with its header replaced by what \`renderHeader\` of the build under
test prints (declarative shadow DOM, inline styles whose hashes the page's policy adds, the logo's size), hydrated
by the same deferred drop-in. CPU throttling: CDP
\`Emulation.setCPUThrottlingRate\` (rate ${THROTTLE_RATES.filter((r) => r !== 1).join(', ')}). Median of ${p.runs} views each; spread = min–max and interquartile range.
Same look: a screenshot of the top 1280×80 px once the header painted is ${
    PAINT_PAGES.filter((pg) => !pg.baseline).every((pg) => p.samePixels?.[pg.id])
      ? '**pixel-identical**'
      : '**not identical** (' +
        PAINT_PAGES.filter((pg) => !p.samePixels?.[pg.id])
          .map((pg) => pg.id)
          .join(', ') +
        ')'
  } to the static page's.

${table(['page', 'CPU throttling', 'painted (median)', 'spread', 'baseline (static)', 'ratio', 'difference', 'FCP (median)', 'budget', 'verdict'], rows)}

Main-thread time of the whole page view, from CDP \`Performance.getMetrics\` after the header painted and the
network was idle (\`ScriptDuration\`: JavaScript; \`TaskDuration\`: all main-thread tasks; layout + style:
\`LayoutDuration\` + \`RecalcStyleDuration\`). Both pages run the same measuring \`requestAnimationFrame\` loop (one
cheap check per frame until painted, so a few more frames on the slower page) and nothing else of the bench runs
in them, so the difference to the static page is the header's own cost: its script, and the style, layout and
paint work of its shadow DOM, theme and logo.

${table(['page', 'CPU throttling', 'script (median)', 'spread', 'static page script', 'header script', 'all tasks (median)', 'header tasks', 'layout + style', 'budget'], cpuRows)}
`;
}

function clsSection(c) {
  const base = c.results.static;
  const rows = CLS_MODES.map((mode) => {
    const r = c.results[mode.id];
    return [
      mode.name,
      `**${r.cls.median.toFixed(4)}**`,
      `${r.worstTotal.toFixed(4)} (${r.entries} shift entries at most)`,
      base.cls.median.toFixed(4),
      'n/a (baseline 0)',
      '0',
      verdict(r.worstTotal === 0),
      ms(r.painted.median),
    ];
  });
  return `## 3. Layout shift with the script ${c.delay} ms late

The demo site's ${CLS_MODES.length} embedding modes, served by \`demo/site-server.mjs\`, with every request for
\`loket-header.js\` held back ${c.delay} ms (Playwright \`context.route\`). Layout shifts are recorded from the start
of the page by a \`PerformanceObserver\` for \`layout-shift\` (buffered), until 1 s after the header painted. **CLS**
is the largest session window (gaps < 1 s, windows ≤ 5 s, as web-vitals computes it); the stricter sum of every
shift without recent input is what the end-to-end test asserts. ${c.runs} views per mode; the baseline is the static
header page of section 2 (no script).

${table(['embedding mode', 'CLS (median)', 'sum of all shifts (worst view)', 'baseline (static)', 'ratio', 'budget', 'verdict', 'header painted (median, incl. the delay)'], rows)}

Asserted in \`npm test\` by \`test/e2e/embedding.test.mjs\` ("CLS is 0 while the drop-in script arrives 500 ms late",
for these three pages and the element with a classic, async and module script).
`;
}

function requestsSection(q) {
  const phase = (tabs, name) => tabs.phases.filter((p) => p.name === name);
  const views = (list) => list.reduce((n, p) => n + p.views, 0);
  const api = (list) => list.reduce((n, p) => n + p.api.length, 0);
  const streams = (tabs) => tabs.phases.reduce((n, p) => n + (p.stream?.length ?? 0), 0);
  const provider = (list) => list.flatMap((p) => p.provider);
  const byCode = (list) => list.filter((r) => r.type === 'fetch' || r.type === 'xhr');
  const providerCell = (list) => {
    const all = provider(list);
    if (all.length === 0) return '0';
    const code = byCode(all);
    const other = all.filter((r) => !code.includes(r));
    return `${all.length}: by the header ${code.length} (${countBy(code.map((r) => shortPath(r.request)))}); the sign-in pages ${other.length} (${countBy(other.map((r) => shortPath(r.request)))})`;
  };
  const anonymous = phase(q.oneTab, 'anonymous view');
  const signIn = phase(q.oneTab, 'sign-in (back on the site, signed in)');
  const next = phase(q.oneTab, 'next page view');
  const tabs = phase(q.threeTabs, 'another tab opened');
  const journey = 'test/e2e/journey.test.mjs';
  const windowS = q.oneTab.window.ms / 1000;
  const refreshes = Math.floor(q.oneTab.window.ms / 1000 / q.refreshSeconds);
  const windowBudget = 1 + refreshes;
  const one = q.oneTab.window.api;
  const three = q.threeTabs.window.api;
  const when = (list) => list.map((a) => `${(a.at / 1000).toFixed(1)} s (tab ${a.tab + 1})`).join(', ');
  const rows = [
    [
      'anonymous view of `/`',
      String(views(anonymous)),
      `**${api(anonymous)}**`,
      providerCell(anonymous),
      '0 API, 0 provider',
      verdict(api(anonymous) === 0 && provider(anonymous).length === 0),
      `${journey}: "an anonymous visitor makes no request to the API or the provider…"`,
    ],
    [
      'sign-in: `/` (anonymous), the provider, back on `/` signed in',
      String(views(signIn)),
      `**${api(signIn)}**`,
      providerCell(signIn),
      '≤ 1 API',
      verdict(api(signIn) <= 1),
      `${journey}: "a signed-in page view makes at most one API request…"`,
    ],
    [
      'next page views in the same tab (`/diensten/afval.html`, `/diensten/parkeren.html`), within refreshSeconds',
      String(views(next)),
      `**${api(next)}**`,
      providerCell(next),
      '0 API',
      verdict(api(next) === 0),
      `${journey}: same test`,
    ],
    [
      'two more tabs opened (`/diensten/afval.html`, `/contact.html`)',
      String(views(tabs)),
      `**${api(tabs)}**`,
      providerCell(tabs),
      '0 API',
      verdict(api(tabs) === 0),
      `${journey}: "a second tab is signed in too, without fetching the summary again…"`,
    ],
    [
      `one tab, ${windowS} s from its first summary request`,
      '—',
      `**${one.length}** at ${when(one)}`,
      providerCell([{ provider: q.oneTab.window.provider.map((p) => ({ request: `GET ${p.path}`, type: 'fetch' })) }]),
      `≤ ${windowBudget} (the view's + one refresh per ${q.refreshSeconds} s)`,
      verdict(one.length <= windowBudget),
      `none (takes ${windowS} s)`,
    ],
    [
      `three tabs of one browser, ${windowS} s from the first summary request`,
      '—',
      `**${three.length}** at ${when(three)}`,
      providerCell([
        { provider: q.threeTabs.window.provider.map((p) => ({ request: `GET ${p.path}`, type: 'fetch' })) },
      ]),
      `≤ ${windowBudget} (tabs share each fetch: one refresh per ${q.refreshSeconds} s for the browser)`,
      verdict(three.length <= windowBudget),
      `none (takes ${windowS} s)`,
    ],
  ];
  const findings = [];
  if (three.length > windowBudget) {
    const atRefresh = three.filter((a) => a.at > 1000);
    findings.push(
      `**Finding:** at the ${q.refreshSeconds} s mark every open tab fetched the summary itself (${atRefresh.length} requests within ${Math.max(1, Math.round(Math.max(...atRefresh.map((a) => a.at)) - Math.min(...atRefresh.map((a) => a.at))))} ms of each other) instead of one tab fetching and sharing it: the tabs' refresh timers all start from the shared \`fetchedAt\` and fire together, before any tab's broadcast arrives. N visible tabs make N requests per \`refreshSeconds\`. (Headless tabs are all visible; in a real browser only the visible ones refresh.) A fix would be for one tab to refresh under a Web Lock, or to add jitter and re-check \`fetchedAt\` on firing.`,
    );
  }
  return `## 4. Profile API and provider requests per page view

The real reference backend (\`startBackend\` on port 0, a fresh data folder) and the demo site server with
\`backendUrl\`, as \`test/e2e/backend-env.mjs\` runs them; signed in as \`anna\`/\`demo\` through the header's
"Aanmelden" button and the provider's sign-in page. Config: the demo's (oidc, \`refreshSeconds\` ${q.refreshSeconds}).
Two browsers (contexts) side by side: one tab (an anonymous view, the sign-in, two more page views, then left open),
and three tabs (sign in in the first, open two more, all left open). Requests are counted by URL as the browser
sends them (CORS preflights are not counted); the backend's audit log, one row per \`/api/me*\` request, counted
${q.audited} rows against ${q.seen} API requests and event streams seen by the browsers${q.audited === q.seen ? ' (they agree)' : ' (**they differ**)'}.
The live summary's event stream (\`GET /api/me/events\`, one long-lived \`fetch\` per signed-in page view, which
brings new items without polling) is not a request of the budget and is counted apart, as the journey test does:
${streams(q.oneTab)} in the one tab's phases, ${streams(q.threeTabs)} in the three tabs'.
Provider requests are split into those the header's code makes (\`fetch\`) and the navigations and sub-resources
of the sign-in itself (the provider's page, which the citizen uses).

${table(['page view(s)', 'views', 'profile API requests', 'provider requests', 'budget', 'verdict', 'asserted in npm test by'], rows)}

${findings.join('\n\n')}
`;
}

/** The old plain-JS backend (demo/backend, removed in issue 11) as docs/performance.md last measured it: a fixed reference, not a figure of this run. */
export const OLD_BACKEND = Object.freeze({ requestsPerSecond: 5158, ratio: 0.06, bare: 81574 });
/** The goal of issue 11: the service on SQLite, audit row written, at least this ratio to bare `node:http`. */
export const GOAL_RATIO = 0.25;
/** The estimate's assumptions (section 5's capacity paragraph). */
export const CAPACITY = Object.freeze({ viewsPerCitizenPerDay: 10, requestsPerView: 1, peakFactor: 10, headroom: 0.5 });

/** The headline line of section 5. */
export function throughputHeadline(t) {
  const others = Object.values(t.services ?? {})
    .filter((s) => s.engine === 'postgres')
    .map(
      (s) =>
        `${s.id === 'postgres2' ? 'two instances on PostgreSQL' : 'PostgreSQL'} ${int(s.requestsPerSecond)} req/s (${ratio(s.requestsPerSecond, t.bare.requestsPerSecond)})`,
    );
  return `- **Profile API**: \`GET /api/me/summary\` with its audit row on SQLite ${int(t.backend.requestsPerSecond)} req/s, p50 ${ms(t.backend.latencyP50)}, p99 ${ms(t.backend.latencyP99)} at ${t.connections} connections, ${ratio(t.backend.requestsPerSecond, t.bare.requestsPerSecond)} of a bare \`node:http\` server (${int(t.bare.requestsPerSecond)} req/s, same run)${others.length ? `; ${others.join(', ')}` : ''}.`;
}

function throughputSection(t, env) {
  const base = t.bare;
  const row = (name, s, goal) => [
    name,
    `**${int(s.requestsPerSecond)}**`,
    `${int(s.spread.requestsPerSecond[0])}–${int(s.spread.requestsPerSecond[1])}`,
    s.latencyP50 === 0 ? '< 1 ms' : ms(s.latencyP50),
    s.latencyP99 === 0 ? '< 1 ms' : ms(s.latencyP99),
    `${int(s.total)} / ${int(s.failed)}`,
    ratio(s.requestsPerSecond, base.requestsPerSecond),
    goal === undefined ? 'n/a' : s.requestsPerSecond / base.requestsPerSecond >= goal ? '**met**' : '**not met**',
  ];
  const services = Object.values(t.services ?? { sqlite: { name: 'service, SQLite, 1 instance', ...t.backend } });
  const sqlite = t.services?.sqlite ?? t.backend;
  const audit = Object.entries(t.audit ?? {})
    .map(
      ([engine, a]) =>
        `${engine}: ${a.ok ? 'verified' : '**not verified**'}, ${int(a.rows)} rows, ${int(a.checkpoints)} checkpoints`,
    )
    .join('; ');
  // the estimate: one instance's measured rate, half of it kept as headroom, against the peak rate of N citizens
  const perInstance = sqlite.requestsPerSecond * CAPACITY.headroom;
  const { viewsPerCitizenPerDay: views, requestsPerView, peakFactor } = CAPACITY;
  const peakPerCitizen = (views * requestsPerView * peakFactor) / 86_400;
  const citizensPerInstance = Number((perInstance / peakPerCitizen).toPrecision(2));
  const pg1 = t.services?.postgres;
  const pg2 = t.services?.postgres2;
  const plain = t.services?.sqlitePlain;
  const enc = t.encryption;
  return `## 5. Profile API throughput

\`GET /api/me/summary\` of the profile service (\`server/\`, built: \`server/dist\`; each instance its own process,
\`test/bench/lib/server-child.mjs\`, with oidc-provider, the JWT check, the store with its personal fields encrypted
at rest, and one audit-log row per request, hash-chained and committed before the answer leaves), loaded by
autocannon (programmatic API, in the bench's process) with ${t.connections} concurrent connections for a fixed
${t.duration} s, with a bearer token of \`anna\` from the OIDC code + PKCE flow over plain HTTP. Two instances: one
PostgreSQL database, one public URL, the ${t.connections} connections split between the two ports (a round-robin by
connection), their req/s added up. The limit: a bare \`node:http\` server in its own process answering the same
${t.bodyBytes}-byte JSON body, measured in the same run. All on this ${env.nproc}-core machine (the load generator shares it),
loopback only; load average ${t.loadBefore ?? 'n/a'} before the section, ${t.loadAfter ?? 'n/a'} after. Median of
${t.rounds} rounds (the configurations alternate within a round); autocannon's latency resolution is 1 ms.
${t.postgresSkipped ? `\n**PostgreSQL was not measured**: ${t.postgresSkipped}.\n` : ''}
${table(
  [
    'server',
    'req/s (median)',
    'req/s spread',
    'latency p50',
    'latency p99',
    'requests / failed',
    'ratio to bare',
    `goal (≥ ${GOAL_RATIO.toFixed(2)}×)`,
  ],
  [
    ...services.map((s) => row(s.name, s, s.id === 'sqlite' || s.id === undefined ? GOAL_RATIO : undefined)),
    row('bare `node:http`, same body (the limit)', base),
  ],
)}

The audit chains after the load (the verifier of \`npm run audit:verify\`): ${audit || 'not checked'}.
The old plain-JS backend measured ${int(OLD_BACKEND.requestsPerSecond)} req/s, ${OLD_BACKEND.ratio.toFixed(2)}× of a bare server doing
${int(OLD_BACKEND.bare)} req/s on a quiet machine (a fixed reference from an earlier run, not a figure of this one):
this run's SQLite instance is at ${ratio(sqlite.requestsPerSecond, base.requestsPerSecond)}, ${sqlite.requestsPerSecond / base.requestsPerSecond >= OLD_BACKEND.ratio ? 'not below' : '**below**'} that ratio.
${
  plain && enc
    ? `**Encryption on vs off.** The second row is the same SQLite service with its personal fields stored in plain
text: a stand-in for the field encryption that only the bench loads (\`test/bench/lib/plaintext-envelope.mjs\`),
so the two differ by AES-256-GCM alone (after the load, a title the summary shows is ${enc.titleInPlainFolder ? 'found' : '**not found**'} in the plain data
folder's bytes and ${enc.titleInEncryptedFolder ? '**found**' : 'not found'} in the encrypted one's). With encryption ${int(sqlite.requestsPerSecond)} req/s, without ${int(plain.requestsPerSecond)}
(${ratio(sqlite.requestsPerSecond, plain.requestsPerSecond)}): the store keeps the fields it decrypted in memory, so a citizen's repeated summary
decrypts nothing. A summary that is not in memory (the first after a start, or once the cache has turned over)
decrypts its ${enc.fieldsPerSummary} titles: ${enc.coldSummaryMicroseconds.toFixed(1)} µs in this run (the service's own field functions, timed in the bench's
process), ${((100 * enc.coldSummaryMicroseconds * sqlite.requestsPerSecond) / 1e6).toFixed(1)}% of one request's share of the instance's time at the rate above.
`
    : ''
}${pg1 && pg2 ? `A second instance on the same PostgreSQL database changes the total from ${int(pg1.requestsPerSecond)} to ${int(pg2.requestsPerSecond)} req/s (${ratio(pg2.requestsPerSecond, pg1.requestsPerSecond)}): on this machine both instances and the load generator share two cores, so this measures that a second instance adds no contention of its own (one chain, one database), not how instances scale on machines of their own.\n` : ''}
**What N machines carry (an estimate, not a measurement).** Assume each citizen opens ${views} page views a day
that each make ${requestsPerView} \`/api/me/summary\` request, the busiest hour runs at ${peakFactor}× the day's average rate, and an
instance is kept at ${Math.round(CAPACITY.headroom * 100)}% of the rate measured here (${int(sqlite.requestsPerSecond)} req/s on this machine, audit row
written). Then one instance serves ${int(perInstance)} req/s at peak, which is
${views * requestsPerView * peakFactor} requests per citizen in 86,400 s, so about **${int(citizensPerInstance)} citizens per instance**; N
instances on one PostgreSQL database carry about N × ${int(citizensPerInstance)} as long as the database's audit appends (one
chain, group-committed) and reads keep up: the second instance above is the first check of that. Other routes
(messages, documents, sign-in) cost more per request than the summary, and an open tab refreshes the summary once a
minute (section 4): count those minutes as views; a municipality should measure its own mix.
`;
}

function rerun(durationS) {
  return `## Re-running

\`\`\`sh
npm run build          # the bench measures dist/ as built
npm run bench          # ${Math.max(1, Math.round(durationS / 60))} min in the run above; rewrites this file
node test/bench/run.mjs --only bytes,cls --no-write   # some sections, printed only
node test/bench/run.mjs --runs 15 --rounds 5          # more repetitions (paint views, throughput rounds)
\`\`\`

Options: \`--only\` (any of \`bytes,paint,cls,requests,throughput\`; the file is written only when every section
ran), \`--runs N\` (paint views per page and CPU setting, default 9), \`--cls-runs N\` (default 3), \`--rounds N\`
(throughput rounds, default 3), \`--no-write\`, \`--json FILE\` (the raw results). It starts its own servers on free
loopback ports and Chromium through \`scripts/chromium.mjs\`; it sends no traffic anywhere else. Time figures vary
from run to run on a shared machine: compare ratios to the baselines, which are measured in the same run.
`;
}

export { throughputSection };

export function renderReport(results) {
  return [
    intro(results.env, results.throughput),
    headline(results),
    results.bytes && bytesSection(results.bytes, results.cls, results.requests),
    results.paint && paintSection(results.paint),
    results.cls && clsSection(results.cls),
    results.requests && requestsSection(results.requests),
    results.throughput && throughputSection(results.throughput, results.env),
    rerun(results.env.durationS),
  ]
    .filter(Boolean)
    .join('\n');
}
