// The admin key and the calls made with it. The key lives in this tab's sessionStorage only (never localStorage,
// never a URL) and goes only to this server's /v1/admin endpoints as X-Api-Key; other reads go without it.

const STORE = 'aitbc-admin-key';

export const ADMIN = '/v1/admin';

export class HttpError extends Error {
  /** body: the server's JSON error {status, error, detail, field?, request_id}, or null */
  constructor(status, body) {
    super((body && (body.detail || body.error)) || `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }

  /** "401 unauthorized": the status and the server's error code */
  get label() {
    return this.body && this.body.error ? `${this.status} ${this.body.error}` : String(this.status);
  }

  /** "401 unauthorized: the key in X-Api-Key is not valid" */
  describe() {
    return `${this.label}: ${this.message}`;
  }

  get refusesKey() {
    return this.status === 401 || this.status === 403;
  }
}

export function storedKey() {
  try {
    return sessionStorage.getItem(STORE);
  } catch (e) {
    return null; // storage off: the key then lasts as long as the page
  }
}

export function storeKey(key) {
  try {
    sessionStorage.setItem(STORE, key);
  } catch (e) { /* storage off */ }
}

export function forgetStoredKey() {
  try {
    sessionStorage.removeItem(STORE);
  } catch (e) { /* storage off */ }
}

/** GET a JSON answer: {json, text} (text for integers beyond 2^53); throws HttpError on a non-2xx status. */
async function get(path, headers) {
  const r = await fetch(path, { headers: { Accept: 'application/json', ...headers }, cache: 'no-store',
    credentials: 'same-origin', referrerPolicy: 'no-referrer' });
  const text = await r.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch (e) {
    json = null;
  }
  if (!r.ok) throw new HttpError(r.status, json && typeof json === 'object' ? json : null);
  if (json === null) throw new HttpError(r.status, { detail: 'the answer is not JSON' });
  return { json, text };
}

/** An admin endpoint (path below /v1/admin) with the key. */
export function adminGet(key, path) {
  return get(ADMIN + path, { 'X-Api-Key': key });
}

/** Any other endpoint of this server, without the key. */
export function publicGet(path) {
  return get(path, {});
}

/** An integer field of a JSON text, exactly (JSON.parse rounds beyond 2^53); null when absent. */
export function bigField(text, name) {
  const m = new RegExp('"' + name + '"\\s*:\\s*(-?\\d+)').exec(text);
  return m ? BigInt(m[1]) : null;
}
