/**
 * The HTTP client for the local Klarsvar server: timeout, bearer token, retry with backoff, and a
 * mapping of every failure to one of the overlay's states (offline / unauthorized / error).
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

  /** Whether a failed attempt is worth repeating (the server may be starting or briefly busy). */
  function isRetryable(error) {
    if (error.state === 'offline') return true;
    return error.status === 429 || error.status === 502 || error.status === 503 || error.status === 504;
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
          if (timedOut) throw new ServerError('offline', 'timeout', `The server did not answer within ${timeoutMs} ms.`);
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
    async function request(path, { method = 'GET', body, signal, timeoutMs = 8000, auth = true } = {}) {
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
      const init = { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'omit', cache: 'no-store' };
      let lastError;
      for (let n = 0; n <= retries; n += 1) {
        try {
          return await attempt(base + path, init, timeoutMs, signal);
        } catch (err) {
          lastError = err;
          if (!isRetryable(err) || n === retries) throw err;
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
      /** GET /v1/terms. */
      getTerms: (options = {}) => request('/v1/terms', options),
      /** PUT /v1/terms. */
      putTerms: (body, options = {}) => request('/v1/terms', { method: 'PUT', body, ...options }),
    };
  }

  /**
   * Return `terms` (a list, or `{terms: [...]}`) with `term` allowed in `language`, or null when it
   * already is. A team's own internal term for the same word becomes allowed (the agent's decision wins).
   */
  function withAllowedTerm(terms, term, language) {
    const list = Array.isArray(terms) ? terms : (terms && Array.isArray(terms.terms) ? terms.terms : []);
    const wanted = term.trim();
    const lang = language === 'da' || language === 'en' ? language : 'any';
    const same = (t) => String(t.term).toLocaleLowerCase() === wanted.toLocaleLowerCase() && (t.language || 'any') === lang;
    const existing = list.find(same);
    if (existing && existing.kind === 'allowed') return null;
    const entry = { term: existing ? existing.term : wanted, language: lang, kind: 'allowed', note: 'Added from the browser extension' };
    const updated = existing ? list.map((t) => (t === existing ? entry : t)) : list.concat([entry]);
    return Array.isArray(terms) ? updated : { ...(terms || {}), terms: updated };
  }

  const api = { ServerError, createServerClient, errorFromResponse, isRetryable, withAllowedTerm, sleep };
  root.Klarsvar = root.Klarsvar || {};
  root.Klarsvar.client = api;
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
})(globalThis);
