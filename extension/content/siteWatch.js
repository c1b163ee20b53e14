/**
 * Following the reply editor through the app's re-renders (issue 9): helpdesks and webmail replace
 * their composer (React/Ember re-render, switching ticket tabs, SPA navigation) without a page load.
 *
 * One MutationObserver on the document and one focus listener, both removed by `stop()`:
 *  - the followed editor left the DOM and the site adapter finds exactly one composer (or the focused
 *    one) → follow that one, so the check carries on in the new composer;
 *  - the URL changed (another conversation opened) → forget the agent's chosen customer message and
 *    check again, so the customer context is the new conversation's.
 * Per mutation batch the work is O(1) (a flag and a timer); the adapter is asked at most every
 * SETTLE_MS, never per keystroke.
 */
(function (root) {
  'use strict';
  const K = root.Klarsvar;
  const ext = root.browser || root.chrome;

  /** Whether this content script still belongs to a live extension (not reloaded/updated underneath). */
  function extensionAlive() {
    try {
      return Boolean(ext && ext.runtime && ext.runtime.id);
    } catch (err) {
      return false;
    }
  }

  /** Wait after the last DOM change before looking for the new composer (apps render in bursts). */
  const SETTLE_MS = 120;

  /**
   * Start watching `doc`. `current()` returns the followed editor (`{root}`) or null; `follow(el)`
   * follows the editor `el` belongs to; `navigated()` is called after a URL change.
   * Returns `stop()`, which disconnects everything (also called on `pagehide`).
   */
  function start(doc, { current, follow, navigated }) {
    const view = doc.defaultView;
    let lastRoot = null;      // the editor root we saw followed most recently
    let lastHref = doc.location.href;
    let timer = 0;
    let stopped = false;

    /** Remember the followed editor (after focus moves or a re-attach). */
    function remember() {
      const editor = current();
      if (editor && editor.root && editor.root.isConnected) lastRoot = editor.root;
    }

    /** Look again after the DOM settled: URL change, lost editor. */
    function settle() {
      timer = 0;
      if (stopped) return;
      if (!extensionAlive()) { stop(); return; } // orphaned after an extension update: let go of the page
      if (doc.location.href !== lastHref) {
        lastHref = doc.location.href;
        if (navigated) navigated();
      }
      const editor = current();
      const lost = lastRoot && !lastRoot.isConnected && (!editor || !editor.root.isConnected || editor.root === lastRoot);
      if (lost) {
        const active = doc.activeElement;
        const found = K.adapters.resolve(doc, active && active !== doc.body ? active : null);
        if (found && found.element !== lastRoot && found.element.isConnected) {
          lastRoot = null;
          follow(found.element);
        }
      }
      remember();
    }

    /** O(1) per mutation batch: (re)start the settle timer. */
    function onMutations() {
      if (stopped) return;
      if (!timer) timer = view.setTimeout(settle, SETTLE_MS);
    }

    /** After main.js handled the focus change, note which editor is followed now. */
    function onFocusIn() {
      view.setTimeout(remember, 0);
    }

    const observer = new view.MutationObserver(onMutations);
    observer.observe(doc.documentElement, { childList: true, subtree: true });
    doc.addEventListener('focusin', onFocusIn, true);

    /** Disconnect the observer and listeners; idempotent. */
    function stop() {
      if (stopped) return;
      stopped = true;
      observer.disconnect();
      doc.removeEventListener('focusin', onFocusIn, true);
      view.removeEventListener('pagehide', onPageHide);
      view.clearTimeout(timer);
      timer = 0;
    }

    /** Leaving the page for good: let go of everything (a page kept in the back/forward cache keeps it). */
    function onPageHide(event) {
      if (!event || !event.persisted) stop();
    }
    view.addEventListener('pagehide', onPageHide);
    remember();
    return { stop, settle, get stopped() { return stopped; } };
  }

  const api = { start, SETTLE_MS };
  K.siteWatch = api;
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
})(globalThis);
