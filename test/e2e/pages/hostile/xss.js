// The fixture script of hostile/xss.html (a module: the page's CSP allows no inline script). It reads the plan
// that the test serves at /test-pages/hostile/plan-<batch>.json (a Playwright route, not a file), mounts one
// header with window.loket.mount(target, config), and adds one <loket-header config="<url>"> element per
// config URL of the plan (each URL is routed too). <html data-fixture> says when every header is ready
// ("ready"), or which ones failed.

const root = document.documentElement;
try {
  const batch = new URLSearchParams(location.search).get('batch') ?? '0';
  const response = await fetch(`/test-pages/hostile/plan-${encodeURIComponent(batch)}.json`);
  if (!response.ok) throw new Error(`plan: HTTP ${response.status}`);
  const plan = await response.json();
  if (plan.mount) await window.loket.mount(document.getElementById('mounted'), plan.mount);
  const container = document.getElementById('elements');
  for (const url of plan.elements ?? []) {
    const header = document.createElement('loket-header');
    header.setAttribute('config', url);
    container.append(header);
  }
  // Each header on its own: one that fails must not hide what the others do.
  const results = await Promise.allSettled(
    [...document.querySelectorAll('loket-header')].map((header) => header.ready),
  );
  const failures = results.flatMap((result, i) =>
    result.status === 'rejected' ? [`header ${i}: ${result.reason}`] : [],
  );
  root.dataset.fixture = failures.length === 0 ? 'ready' : `failed: ${failures.join('; ')}`;
} catch (error) {
  root.dataset.fixture = `failed: ${error}`;
}
