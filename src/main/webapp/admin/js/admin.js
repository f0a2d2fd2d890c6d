// The admin dashboard (/admin/): sign in with an admin key, then every few seconds the chain node and its peers,
// jobs by state and miners online, the money in open escrows, the exchange's solvency and this server's audit
// trail. The key is checked by the server (a refused key shows the server's own error) and kept in this tab's
// sessionStorage only; signing out forgets it and clears what was shown.
import { HttpError, adminGet, forgetStoredKey, publicGet, storeKey, storedKey } from './api.js';
import { renderAudit, renderEscrows, renderNodes, renderSolvency, renderStats, sectionError } from './render.js';

const $ = (sel) => document.querySelector(sel);
const REFRESH_MS = 5000;
const AUDIT_LIMIT = 50;

const session = {
  key: null, // in memory while signed in; also in sessionStorage for a reload of this tab
  gen: 0, // bumped at every sign-in and sign-out: answers for an older one are dropped
  timer: null,
  busy: null, // the generation whose round is running: one round at a time per sign-in
  refreshes: 0,
};
let pristine; // a clean copy of the dashboard, put back at sign-out so nothing shown stays on screen

function setState(state, label) {
  document.body.dataset.state = state;
  const badge = $('#admin-state');
  badge.textContent = label;
  badge.classList.toggle('on', state === 'signed-in');
  $('#signin').hidden = state !== 'signed-out';
  $('#dashboard').hidden = state !== 'signed-in';
  $('#sign-out').hidden = state !== 'signed-in';
}

function showError(message) {
  const el = $('#error');
  el.textContent = message || '';
  el.hidden = !message;
}

function invalidKey(on) {
  const input = $('#admin-key');
  if (on) input.setAttribute('aria-invalid', 'true');
  else input.removeAttribute('aria-invalid');
}

function why(e) {
  if (e instanceof HttpError) return e.describe();
  return `the server cannot be reached (${e && e.message ? e.message : e})`;
}

// ---- signing in and out ----

async function signIn(key) {
  const gen = ++session.gen;
  setState('checking', 'checking the key…');
  try {
    await adminGet(key, '/stats'); // the server decides whether the key is an admin key
  } catch (e) {
    if (gen !== session.gen) return;
    session.key = null;
    let message;
    if (e instanceof HttpError && e.refusesKey) {
      forgetStoredKey();
      invalidKey(true);
      message = `The key was refused (${e.label}): ${e.message}.`;
    } else if (e instanceof HttpError && e.status === 404) {
      message = `This server has no coordinator role, so no admin API here: ${e.describe()}.`;
    } else {
      message = `The key could not be checked: ${why(e)}.`;
    }
    setState('signed-out', 'signed out');
    showError(message);
    $('#admin-key').focus();
    return;
  }
  if (gen !== session.gen) return;
  session.key = key;
  storeKey(key);
  $('#admin-key').value = ''; // not kept in the page either
  invalidKey(false);
  showError('');
  setState('signed-in', 'signed in');
  refresh();
}

function signOut(message) {
  session.gen++;
  session.key = null;
  clearTimeout(session.timer);
  forgetStoredKey();
  $('#dashboard').replaceWith(pristine.cloneNode(true));
  setState('signed-out', 'signed out');
  showError(message || '');
  $('#admin-key').focus();
}

// ---- the refresh loop ----

function schedule() {
  clearTimeout(session.timer);
  session.timer = setTimeout(refresh, REFRESH_MS);
}

/** One round: every source at once; each part shows its own answer or its own error. */
async function refresh() {
  const key = session.key;
  const gen = session.gen;
  if (!key || session.busy === gen) return;
  if (document.hidden) { // nobody looks: ask again when the tab is shown
    schedule();
    return;
  }
  session.busy = gen;
  try {
    const [nodes, stats, escrows, audit] = await Promise.allSettled([adminGet(key, '/nodes'), adminGet(key, '/stats'),
      adminGet(key, '/escrows/open'), adminGet(key, '/audit?limit=' + AUDIT_LIMIT)]);
    if (gen !== session.gen) return;
    const refused = [nodes, stats, escrows, audit].find((r) => r.status === 'rejected'
      && r.reason instanceof HttpError && r.reason.refusesKey);
    if (refused) {
      signOut(`The admin key is no longer accepted (${refused.reason.describe()}): sign in again.`);
      return;
    }
    const roles = nodes.status === 'fulfilled' && Array.isArray(nodes.value.json.roles) ? nodes.value.json.roles : null;
    const solvency = roles && roles.includes('exchange')
      ? (await Promise.allSettled([publicGet('/exchange/api/solvency')]))[0] : null;
    if (gen !== session.gen) return;

    if (nodes.status === 'fulfilled') renderNodes(nodes.value.json);
    else sectionError('node-error', 'The node\'s state cannot be read: ' + why(nodes.reason));
    if (stats.status === 'fulfilled') {
      renderStats(stats.value.json);
      sectionError('jobs-error', '');
    } else sectionError('jobs-error', 'The counts cannot be read: ' + why(stats.reason));
    if (escrows.status === 'fulfilled') {
      renderEscrows(escrows.value);
      sectionError('escrow-error', '');
    } else sectionError('escrow-error', 'The open escrows cannot be summed: ' + why(escrows.reason));
    renderSolvency(roles, solvency);
    if (audit.status === 'fulfilled') {
      renderAudit(audit.value.json);
      sectionError('audit-error', '');
    } else sectionError('audit-error', 'The audit trail cannot be read: ' + why(audit.reason));

    session.refreshes++;
    document.body.dataset.refreshes = String(session.refreshes);
    $('#updated').textContent = 'Updated ' + new Date().toLocaleTimeString('en-GB') + '; every '
      + REFRESH_MS / 1000 + ' s.';
  } finally {
    if (session.busy === gen) session.busy = null;
    if (gen === session.gen && session.key) schedule();
  }
}

// ---- start ----

function theme() {
  $('#theme-toggle').addEventListener('click', () => {
    const dark = document.documentElement.dataset.theme
      ? document.documentElement.dataset.theme === 'dark' : matchMedia('(prefers-color-scheme: dark)').matches;
    document.documentElement.dataset.theme = dark ? 'light' : 'dark';
    try {
      localStorage.setItem('aitbc-theme', document.documentElement.dataset.theme);
    } catch (e) { /* private mode */ }
  });
}

function start() {
  theme();
  pristine = $('#dashboard').cloneNode(true);
  $('#key-form').addEventListener('submit', (e) => {
    e.preventDefault(); // never a form submission: the key must not travel in a URL or a body
    const key = $('#admin-key').value.trim();
    if (!key) {
      invalidKey(true);
      showError('Enter the admin key.');
      return;
    }
    signIn(key);
  });
  $('#sign-out').addEventListener('click', () => signOut(''));
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden && session.key) refresh();
  });
  const kept = storedKey();
  if (kept) signIn(kept); // a reload of this tab stays signed in
  else setState('signed-out', 'signed out');
  document.body.dataset.ready = 'true';
}

start();
