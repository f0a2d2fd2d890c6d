// The exchange's JSON API (docs: notes/exchange-api.md), the session token kept in sessionStorage, and the
// unit arithmetic: AITBC amounts are integers of 10^-8 AITBC, BTC amounts integers of satoshi, a price is satoshi
// per whole AITBC. Decimal text is converted with BigInt, never through floating point.

export const UNITS = 100000000n; // units per AITBC, satoshi per BTC
const STORE = 'aitbc-exchange-session';

export class HttpError extends Error {
  constructor(status, body) {
    super((body && (body.detail || body.message || body.error)) || `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

export const session = { token: null, wallet: null, expiresAt: null, onExpired: null };

export function saveSession(login) {
  session.token = login.token;
  session.wallet = login.wallet_address;
  session.expiresAt = login.expires_at || null;
  try {
    sessionStorage.setItem(STORE, JSON.stringify({ token: session.token, wallet_address: session.wallet,
      expires_at: session.expiresAt }));
  } catch (e) { /* storage off: the session lasts as long as the page */ }
}

export function restoreSession() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(STORE) || 'null');
    if (saved && saved.token && (!saved.expires_at || Date.parse(saved.expires_at) > Date.now())) {
      session.token = saved.token;
      session.wallet = saved.wallet_address;
      session.expiresAt = saved.expires_at;
      return true;
    }
  } catch (e) { /* nothing usable */ }
  return false;
}

export function clearSession() {
  session.token = null;
  session.wallet = null;
  session.expiresAt = null;
  try {
    sessionStorage.removeItem(STORE);
  } catch (e) { /* storage off */ }
}

/** The raw text of an answer (for figures that may exceed 2^53); throws HttpError on a non-2xx status. */
export async function apiText(path, body, method) {
  const headers = { Accept: 'application/json' };
  const token = session.token;
  if (token) headers.Authorization = 'Bearer ' + token;
  const init = { method: method || (body === undefined ? 'GET' : 'POST'), headers, cache: 'no-store' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const r = await fetch(path, init);
  const text = await r.text();
  if (!r.ok) {
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch (e) { /* not JSON */ }
    if (r.status === 401 && token && session.token === token) {
      clearSession();
      if (session.onExpired) session.onExpired();
    }
    throw new HttpError(r.status, json);
  }
  return text;
}

/** JSON in, JSON out; a POST when a body is given; the session's bearer token when there is one. */
export async function api(path, body, method) {
  const text = await apiText(path, body, method);
  return text ? JSON.parse(text) : null;
}

/** An integer field of a JSON text as a BigInt, exactly (JSON.parse rounds beyond 2^53). */
export function bigField(text, name) {
  const m = new RegExp('"' + name + '"\\s*:\\s*(-?\\d+)').exec(text);
  return m ? BigInt(m[1]) : null;
}

/** "1.5" → 150000000n; accepts up to 8 decimals; throws with a readable message otherwise. */
export function parseDecimal(text, what = 'amount') {
  const t = String(text || '').trim().replace(/,/g, '');
  const m = /^(\d*)(?:\.(\d*))?$/.exec(t);
  if (!t || !m || (m[1] === '' && (m[2] || '') === '')) throw new Error(`${what}: a number such as 1.5`);
  const frac = m[2] || '';
  if (frac.length > 8) throw new Error(`${what}: at most 8 decimals (1 unit = 0.00000001)`);
  const units = BigInt(m[1] || '0') * UNITS + BigInt((frac + '00000000').slice(0, 8));
  if (units <= 0n) throw new Error(`${what} must be more than 0`);
  if (units > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`${what} is too large`);
  return units;
}

/** 150000000 → "1.5" (integer units to the decimal form, trailing zeros dropped). */
export function decimal(units) {
  if (units === null || units === undefined) return '–';
  let v = BigInt(units);
  const neg = v < 0n;
  if (neg) v = -v;
  const whole = v / UNITS;
  const frac = (v % UNITS).toString().padStart(8, '0').replace(/0+$/, '');
  return (neg ? '-' : '') + whole.toLocaleString('en') + (frac ? '.' + frac : '');
}

export function int(n) {
  if (n === null || n === undefined) return '–';
  return BigInt(n).toLocaleString('en');
}

/** The quote of a fill: floor(amount × price / 10^8) satoshi. */
export function quoteOf(units, price) {
  return (BigInt(units) * BigInt(price)) / UNITS;
}

export function time(iso) {
  if (!iso) return '–';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : d.toLocaleTimeString('en-GB');
}

export function dateTime(iso) {
  if (!iso) return '–';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : d.toLocaleString('en-GB');
}
