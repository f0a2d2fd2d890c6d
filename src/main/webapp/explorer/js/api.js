// The node's JSON API (same origin). Errors carry the HTTP status and the node's JSON error body.

export class ApiError extends Error {
  constructor(status, body, path) {
    super((body && (body.detail || body.error)) || `HTTP ${status} for ${path}`);
    this.status = status;
    this.body = body;
    this.path = path;
  }
}

export async function get(path, signal) {
  let response;
  try {
    response = await fetch(path, { headers: { Accept: 'application/json' }, signal, cache: 'no-store' });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, { detail: 'the node did not answer (' + e.message + ')' }, path);
  }
  if (!response.ok) {
    let body = null;
    try {
      body = await response.json();
    } catch (e) {
      body = null;
    }
    throw new ApiError(response.status, body, path);
  }
  return response.json();
}

/** Like get, but null for a 404. */
export async function find(path, signal) {
  try {
    return await get(path, signal);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  }
}

let statusCache = null;
let statusAt = 0;
/** /rpc/status, cached for a minute (chain id, authorities and their keys do not change while running). */
export function status(fresh) {
  if (fresh || !statusCache || Date.now() - statusAt > 60000) {
    statusAt = Date.now();
    statusCache = get('/rpc/status').catch((e) => {
      statusCache = null;
      throw e;
    });
  }
  return statusCache;
}

export const enc = encodeURIComponent;
