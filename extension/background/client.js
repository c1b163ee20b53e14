/**
 * The HTTP client for the local Klarsvar server: timeout, bearer token, retry with backoff, and a
 * mapping of every failure to one of the overlay's states (offline / unauthorized / error).
 *
 * A request that timed out is never repeated: the server is up but busy with it, and a repeat would
 * only add a second copy of the work (the server caps each check's time itself).
 *
 * Pure apart from the injected `fetchImpl`, so Node's test runner drives it with a fake fetch.
 */
(function (root) {
  'use strict';

  /** A failed request, already translated into an overlay state and a machine code. */
  class ServerError extends Error {
    /** `state` is offline | unauthorized | error | cancelled; `code` is the server's error code or ours. */
    constructor(state, code, message, status = 0) {
      super(message);
      this.name = 'ServerError';
      this.state = state;
      this.code = code;
      this.status = status;
    }
  }

  // 503s that say something is broken on the server (a person must fix it): repeating cannot help.
  const PERMANENT_CODES = new Set(['token_unreadable', 'terms_unreadable', 'terms_unwritable']);

  /** Whether a failed attempt is worth repeating (the server may be starting or briefly unreachable). */
  function isRetryable(error) {
    if (error.code === 'timeout' || error.state === 'cancelled') return false;
    if (error.state === 'offline') return true;
    if (PERMANENT_CODES.has(error.code)) return false;
    return error.status === 429 || error.status === 502 || error.status === 503 || error.status === 504;
  }

  // Lone surrogates (half an emoji, e.g. after a cut) are not valid Unicode and the server refuses
  // them; U+FFFD is one UTF-16 unit too, so every offset in the answer still fits the editor's text.
  const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

  /** `value` with every string made well-formed (same length in UTF-16 units). */
  function wellFormed(value) {
    if (typeof value === 'string') {
      return typeof value.toWellFormed === 'function' ? value.toWellFormed() : value.replace(LONE_SURROGATE, '\uFFFD');
    }
    if (Array.isArray(value)) return value.map(wellFormed);
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [wellFormed(k), wellFormed(v)]));
    }
    return value;
  }

  /** Map an HTTP error answer (status + parsed JSON body) to a ServerError. */
  function errorFromResponse(status, body) {
    const code = (body && body.error && body.error.code) || `http_${status}`;
    const message = (body && body.error && body.error.message) || `The server answered ${status}.`;
    if (status === 401) return new ServerError('unauthorized', code, message, status);
    return new ServerError('error', code, message, status);
  }

  /** Sleep for `ms`, rejecting early when `signal` aborts. */
  function sleep(ms, signal) {
    return new Promise((resolve, reject) => {
      if (signal && signal.aborted) return reject(new ServerError('cancelled', 'cancelled', 'Cancelled.'));
      const timer = setTimeout(resolve, ms);
      if (signal) {
        signal.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(new ServerError('cancelled', 'cancelled', 'Cancelled.'));
        }, { once: true });
      }
    });
  }

  /**
   * Create a client. `getConfig()` returns `{serverUrl, token}` (read fresh per request so a new token
   * from the options page is used at once).
   */
  function createServerClient({ fetchImpl, getConfig, retries = 2, backoffMs = 250 } = {}) {
    const doFetch = fetchImpl || ((...args) => fetch(...args));

    /** One attempt: fetch with its own timeout, linked to the caller's abort signal. */
    async function attempt(url, init, timeoutMs, callerSignal) {
      // Superseded before it started (e.g. while the settings were read): never send it.
      if (callerSignal && callerSignal.aborted) throw new ServerError('cancelled', 'cancelled', 'Cancelled.');
      const controller = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => { timedOut = true; controller.abort(); }, timeoutMs);
      const onAbort = () => controller.abort();
      if (callerSignal) callerSignal.addEventListener('abort', onAbort, { once: true });
      try {
        let response;
        try {
          response = await doFetch(url, { ...init, signal: controller.signal });
        } catch (err) {
          if (callerSignal && callerSignal.aborted) throw new ServerError('cancelled', 'cancelled', 'Cancelled.');
          // Busy, not offline: it is working on this very request (and will stop at its own time cap).
          if (timedOut) throw new ServerError('error', 'timeout', `The server did not answer within ${timeoutMs / 1000} s; try a shorter text.`);
          throw new ServerError('offline', 'unreachable', 'The Klarsvar server cannot be reached.');
        }
        let body = null;
        try {
          body = await response.json();
        } catch (err) {
          if (callerSignal && callerSignal.aborted) throw new ServerError('cancelled', 'cancelled', 'Cancelled.');
          if (response.ok) throw new ServerError('error', 'bad_response', 'The server sent an answer that is not JSON.', response.status);
        }
        if (!response.ok) throw errorFromResponse(response.status, body);
        return body;
      } finally {
        clearTimeout(timer);
        if (callerSignal) callerSignal.removeEventListener('abort', onAbort);
      }
    }

    /** Send a request with retries; resolves to the parsed JSON body or rejects with a ServerError. */
    async function request(path, { method = 'GET', body, signal, timeoutMs = 8000, auth = true, retries: tries = retries } = {}) {
      const config = await getConfig();
      const base = String(config.serverUrl || '').replace(/\/+$/, '');
      if (!/^https?:\/\//.test(base)) {
        throw new ServerError('error', 'bad_server_url', 'The server address must start with http:// or https://.');
      }
      const headers = { Accept: 'application/json' };
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      if (auth) {
        if (!config.token) throw new ServerError('unauthorized', 'no_token', 'No token is paired yet.');
        headers.Authorization = `Bearer ${config.token}`;
      }
      const init = { method, headers, body: body === undefined ? undefined : JSON.stringify(wellFormed(body)), credentials: 'omit', cache: 'no-store' };
      let lastError;
      for (let n = 0; n <= tries; n += 1) {
        try {
          return await attempt(base + path, init, timeoutMs, signal);
        } catch (err) {
          lastError = err;
          if (!isRetryable(err) || n === tries) throw err;
          await sleep(backoffMs * 2 ** n, signal);
        }
      }
      throw lastError;
    }

    return {
      request,
      /** POST /v1/check. */
      check: (payload, options = {}) => request('/v1/check', { method: 'POST', body: payload, ...options }),
      /** GET /v1/health (no token needed; one quick attempt). */
      health: (options = {}) => request('/v1/health', { auth: false, timeoutMs: 3000, ...options }),
      /** POST /v1/pair: a one-time code from `klarsvar pair` for the token. Never repeated: a repeated right
       * code fails as used, a repeated wrong one counts twice towards the lock. */
      pair: (code, options = {}) => request('/v1/pair', { method: 'POST', body: { code: String(code) }, auth: false,
        timeoutMs: 5000, retries: 0, ...options }),
      /** GET /v1/terms. */
      getTerms: (options = {}) => request('/v1/terms', options),
      /** POST /v1/terms: allow one word (the server adds it, or turns the team's entry for it into an allowed one). */
      allowTerm: (term, language, options = {}) => request('/v1/terms', { method: 'POST', body: allowedTermEntry(term, language), ...options }),
    };
  }

  /** The `POST /v1/terms` body that allows `term` in `language` ('da', 'en', else any). */
  function allowedTermEntry(term, language) {
    const lang = language === 'da' || language === 'en' ? language : 'any';
    return { term: String(term).trim(), language: lang, kind: 'allowed', note: 'Added from the browser extension' };
  }

  const api = { ServerError, createServerClient, errorFromResponse, isRetryable, allowedTermEntry, wellFormed, sleep };
  root.Klarsvar = root.Klarsvar || {};
  root.Klarsvar.client = api;
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
})(globalThis);
