/**
 * Helpers the site adapters share: which site a frame belongs to, the test-only adapter override,
 * reading a message's plain text out of the app's DOM, and cleaning a display name.
 *
 * Composers often live in iframes (Zendesk, Freshdesk, LiveAgent). A same-origin or `about:blank`/
 * `about:srcdoc` iframe reports its own location, not the app's, so adapters match on the location of
 * the topmost *same-origin* document (`siteDocument`) and read the conversation there.
 */
(function (root) {
  'use strict';

  /**
   * Hosts where the test-only override is honoured. A real site can never be served from these, so a
   * page on the internet cannot make Klarsvar treat it as another site (see `testSiteOverride`).
   */
  const TEST_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
  /** `<meta name="klarsvar-test-site" content="zendesk">`: the test pages' way to pick an adapter. */
  const TEST_SITE_META = 'meta[name="klarsvar-test-site"]';

  // What a message's text leaves out; the walk itself (and its block list) is the editor text model's
  // `walkText`, so a customer's message and the reply are split into lines the same way (textModel.js
  // loads before the adapters).
  const SKIP_TAGS = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT', 'SVG', 'IMG', 'VIDEO', 'AUDIO', 'CANVAS',
    'BUTTON', 'INPUT', 'SELECT', 'TEXTAREA', 'IFRAME', 'KLARSVAR-OVERLAY']);
  const MAX_MESSAGE = 20000;

  /** The topmost document reachable from `doc` through same-origin parents (the app the frame is part of). */
  function siteDocument(doc) {
    let current = doc;
    try {
      let win = doc.defaultView;
      while (win && win.parent && win.parent !== win) {
        const parentDoc = win.parent.document; // throws for a cross-origin parent
        if (!parentDoc) break;
        current = parentDoc;
        win = win.parent;
      }
    } catch (err) {
      // Cross-origin ancestor: the frame's own app stops here.
    }
    return current;
  }

  /** Whether `location` is a local test origin (plain http on a loopback host). */
  function isTestLocation(location) {
    return Boolean(location) && location.protocol === 'http:' && TEST_HOSTS.has(location.hostname);
  }

  /**
   * The adapter id a local test page asks for, or null. Honoured ONLY on http://127.0.0.1, localhost and
   * [::1]: a real site (always another host) can never spoof it.
   */
  function testSiteOverride(doc) {
    if (!doc) return null;
    const site = siteDocument(doc);
    if (!isTestLocation(site.location)) return null;
    const meta = site.querySelector(TEST_SITE_META);
    const value = meta && meta.getAttribute('content');
    return value ? value.trim().toLowerCase() : null;
  }

  /** Whether `hostname` is one of `hosts`; an entry `*.example.com` matches every subdomain of it. */
  function hostMatches(hostname, hosts) {
    const host = String(hostname || '').toLowerCase();
    return hosts.some((pattern) => (pattern.startsWith('*.')
      ? host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1
      : host === pattern));
  }

  /**
   * The `matches(location, doc)` of adapter `id` for `hosts`: the real hostnames, or on a local test
   * page the `klarsvar-test-site` meta. In a composer iframe the app's (top same-origin) location counts.
   */
  function siteMatcher(id, hosts) {
    return function matches(location, doc) {
      if (doc) {
        const forced = testSiteOverride(doc);
        if (forced) return forced === id;
        const site = siteDocument(doc);
        if (site !== doc && site.location) location = site.location;
      }
      return Boolean(location) && (location.protocol === 'https:' || location.protocol === 'http:')
        && hostMatches(location.hostname, hosts);
    };
  }

  /** Whether an element is hidden by markup (not by computed style, which tests and detached trees lack). */
  function hiddenByMarkup(el) {
    if (el.hidden || el.getAttribute('aria-hidden') === 'true') return true;
    const style = el.getAttribute('style') || '';
    return /display\s*:\s*none/i.test(style);
  }

  /**
   * The plain text of a message element: blocks and `<br>` become line breaks, whitespace inside a line
   * collapses, and subtrees matching `skip` (quoted history, signatures, buttons) are left out.
   */
  function textOf(el, skip) {
    if (!el) return '';
    const parts = [];
    root.Klarsvar.textModel.walkText(el, {
      skip: (child) => SKIP_TAGS.has(child.tagName.toUpperCase()) || hiddenByMarkup(child) || Boolean(skip && child.matches(skip)),
      text: (node) => { parts.push(node.data.replace(/[\s\u00a0]+/g, ' ')); },
      lineBreak: () => { parts.push('\n'); },
      block: () => { parts.push('\n'); },
    });
    return parts.join('')
      .replace(/[\u200b\u200c\ufeff\u2060]/g, '')
      .split('\n').map((line) => line.replace(/ +/g, ' ').trim()).join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim()
      .slice(0, MAX_MESSAGE);
  }

  /**
   * A display name fit to greet with: no e-mail address, no quotes or "via …" suffix, no role in
   * brackets. Null when nothing name-like is left (an address alone is not a name).
   */
  function cleanName(raw) {
    if (!raw) return null;
    let name = String(raw)
      .replace(/<[^>]*>/g, ' ')               // "Maria Jensen <maria@example.com>"
      .replace(/\S+@\S+/g, ' ')                // a bare address
      .replace(/\((?:[^)]*)\)|\[(?:[^\]]*)\]/g, ' ') // "(customer)", "[Kunde]"
      .replace(/\s+via\s+.*$/i, '')            // "Maria via Facebook"
      .replace(/["“”'‘’]/g, '')
      .replace(/\s+/g, ' ')
      .trim();
    name = name.replace(/^[,;:–—-]+|[,;:–—-]+$/g, '').trim();
    if (!name || name.length > 80 || !/\p{L}/u.test(name)) return null;
    return name;
  }

  /** The last element of a list (the latest message in a log rendered oldest first), or null. */
  function last(list) {
    return list && list.length ? list[list.length - 1] : null;
  }

  /**
   * The reply editor among `candidates` (elements matching an adapter's composer selector): the one
   * holding `focused` wins; with nothing focused (null or <body>), the single candidate, else null
   * (several composers and no focus: the adapter does not guess).
   */
  function pickComposer(candidates, focused) {
    const list = Array.from(candidates || []);
    const doc = focused && focused.ownerDocument;
    if (focused && focused.nodeType === 1 && focused !== doc.body && focused !== doc.documentElement) {
      // Something specific has focus: it is the reply only when it sits in a composer (not a search
      // box, a note field or a button elsewhere in the app).
      return list.find((c) => c === focused || c.contains(focused)) || null;
    }
    // Nothing focused (the app just re-rendered its composer): only an unambiguous composer is taken.
    return list.length === 1 ? list[0] : null;
  }

  /**
   * The editable element of the composer that holds `focused` (or the only composer): `wrappers` are
   * the site's composer containers, `editable` the selector of the editing root inside one (a wrapper
   * that is itself editable counts).
   */
  function findComposerEditor(doc, wrappers, editable, focused) {
    const wrapper = pickComposer(doc.querySelectorAll(wrappers), focused);
    if (!wrapper) return null;
    return wrapper.matches(editable) ? wrapper : wrapper.querySelector(editable);
  }

  /**
   * Every element matching `selector` under `rootNode`, including inside open shadow roots (Intercom's
   * 2026 inbox may render parts of the page in web components; unverified, so the light DOM is tried first).
   */
  function deepQueryAll(rootNode, selector) {
    const found = Array.from(rootNode.querySelectorAll(selector));
    if (found.length) return found;
    for (const host of shadowHosts(rootNode)) found.push(...deepQueryAll(host.shadowRoot, selector));
    return found;
  }

  // Shadow hosts per document/shadow root, for 2 s: finding them walks every element, and a selector
  // that is simply absent (a chat has no e-mail parts) would otherwise walk the page at every check.
  const shadowHostCache = new WeakMap();
  const SHADOW_HOSTS_MAX_AGE_MS = 2000;

  /** The elements under `rootNode` with an open shadow root (cached briefly). */
  function shadowHosts(rootNode) {
    const now = Date.now();
    const cached = shadowHostCache.get(rootNode);
    if (cached && now - cached.at < SHADOW_HOSTS_MAX_AGE_MS) return cached.hosts;
    const hosts = Array.from(rootNode.querySelectorAll('*')).filter((el) => el.shadowRoot);
    shadowHostCache.set(rootNode, { at: now, hosts });
    return hosts;
  }

  /** The innermost focused element: through open shadow roots (`activeElement` stops at the host). */
  function deepFocused(el) {
    let current = el;
    while (current && current.shadowRoot && current.shadowRoot.activeElement) current = current.shadowRoot.activeElement;
    return current;
  }

  // Same-origin API answers, by URL: {at, value, pending}. Page memory only; a reload forgets them.
  const apiCache = new Map();
  const API_MAX_AGE_MS = 30000;

  /** The fetch that carries the page's own session: Firefox's `content.fetch`, else the frame's fetch. */
  function pageFetch(site) {
    // Firefox: a content script's plain fetch() is the extension's; `content.fetch` is the page's (MDN).
    if (typeof root.content === 'object' && root.content && typeof root.content.fetch === 'function') {
      return root.content.fetch.bind(root.content);
    }
    if (typeof root.fetch === 'function') return root.fetch.bind(root);
    const win = site.defaultView;
    return win && typeof win.fetch === 'function' ? win.fetch.bind(win) : null;
  }

  /**
   * The JSON a helpdesk's own API answers for `path` on the app's origin (GET, the agent's session,
   * nothing sent anywhere else), or undefined while it is not known yet. The first call starts the
   * request and returns undefined; a later call (the next check) gets the answer (null on an error).
   * Adapters use it where the API is more reliable than markup, and keep the markup as the fallback.
   */
  function sameOriginJson(doc, path) {
    const site = siteDocument(doc);
    const location = site.location;
    if (!location || !/^https?:$/.test(location.protocol) || !String(path).startsWith('/')) return undefined;
    const url = location.origin + path;
    const now = Date.now();
    const entry = apiCache.get(url);
    if (entry && (entry.pending || now - entry.at < API_MAX_AGE_MS)) return entry.value;
    const next = { at: now, value: entry ? entry.value : undefined, pending: true };
    apiCache.set(url, next);
    const fetchFn = pageFetch(site);
    if (!fetchFn) { next.pending = false; return next.value; }
    Promise.resolve()
      .then(() => fetchFn(url, { method: 'GET', credentials: 'same-origin', headers: { Accept: 'application/json' } }))
      .then((response) => (response && response.ok ? response.json() : null))
      .then((value) => { next.value = value; }, () => { next.value = null; })
      .then(() => { next.pending = false; next.at = Date.now(); });
    return next.value;
  }

  /** Forget every cached API answer (tests; a new conversation is a new URL anyway). */
  function clearApiCache() {
    apiCache.clear();
  }

  /** `{message, name}` with empty parts as null, or null when both are empty. */
  function context(message, name) {
    const m = message ? String(message).trim() : '';
    const n = cleanName(name);
    if (!m && !n) return null;
    return { message: m || null, name: n };
  }

  const api = {
    TEST_HOSTS, TEST_SITE_META, siteDocument, isTestLocation, testSiteOverride, hostMatches, siteMatcher,
    textOf, cleanName, last, pickComposer, findComposerEditor, context, deepQueryAll, deepFocused,
    sameOriginJson, clearApiCache,
  };
  root.Klarsvar = root.Klarsvar || {};
  root.Klarsvar.siteTools = api;
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
})(globalThis);
