// A "framework" on the host page, as hostile to the header as a real one can be: it takes its part of the page
// out of the document and puts it back (hydration, route changes, keyed re-renders), moves it to another
// parent, or replaces it with a fresh <loket-header> built from the same markup. The tests call it through
// window.hostileFramework; with ?churn=N in the URL it also churns on its own as the page loads.

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

function currentHeader() {
  return document.querySelector('loket-header');
}

window.hostileFramework = {
  /** Removes the header and puts it back where it was, `times` times; waits `pause` ms between the steps. */
  async reinsert(times = 5, pause = 0) {
    for (let i = 0; i < times; i++) {
      const header = currentHeader();
      const parent = header.parentNode;
      const next = header.nextSibling;
      header.remove();
      if (pause) await new Promise((resolve) => setTimeout(resolve, pause));
      else await tick();
      parent.insertBefore(header, next);
      if (pause) await new Promise((resolve) => setTimeout(resolve, pause));
      else await tick();
    }
  },

  /** Removes and re-inserts the header synchronously (no task in between), as a keyed list re-order does. */
  reinsertSync(times = 5) {
    for (let i = 0; i < times; i++) {
      const header = currentHeader();
      const parent = header.parentNode;
      const next = header.nextSibling;
      header.remove();
      parent.insertBefore(header, next);
    }
  },

  /** Moves the header into a new wrapper element and back. */
  async move() {
    const header = currentHeader();
    const home = header.parentNode;
    const next = header.nextSibling;
    const wrapper = document.createElement('div');
    document.body.append(wrapper);
    wrapper.append(header);
    await tick();
    home.insertBefore(header, next);
    wrapper.remove();
    await tick();
  },

  /** Replaces the header with a fresh element made from the same markup (the old one is dropped for good). */
  async replace(times = 1) {
    for (let i = 0; i < times; i++) {
      const header = currentHeader();
      const fresh = document.createElement('loket-header');
      for (const { name, value } of header.attributes) fresh.setAttribute(name, value);
      for (const child of header.childNodes) fresh.append(child.cloneNode(true));
      header.replaceWith(fresh);
      await tick();
    }
  },
};

// ?churn=N: at once, while the header's config is still loading (hydration that re-creates the DOM).
const churn = Number(new URLSearchParams(location.search).get('churn'));
if (churn > 0) {
  window.hostileFramework.reinsertSync(churn);
  document.documentElement.dataset.churned = String(churn);
}
