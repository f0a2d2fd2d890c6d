// Drawing the dashboard's parts from the answers. Text only (textContent, never HTML): audit fields and peer
// errors are whatever the server recorded, so nothing from them is ever parsed as markup.
import { bigField } from './api.js';

const $ = (sel) => document.querySelector(sel);

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

function text(id, value) {
  const el = document.getElementById(id);
  el.textContent = value === undefined || value === null || value === '' ? '–' : String(value);
  return el;
}

/** 12345 → "12,345"; integers as the server counts them (BigInt for those beyond 2^53). */
export function int(n) {
  if (n === null || n === undefined) return '–';
  return typeof n === 'bigint' ? n.toLocaleString('en') : Number(n).toLocaleString('en', { maximumFractionDigits: 0 });
}

export function time(iso) {
  if (!iso) return '–';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : d.toLocaleString('en-GB');
}

function timeCell(iso) {
  return h('td', { class: 'nobr', title: iso || undefined }, time(iso));
}

/** A section's own error line: one failing source does not blank the others. */
export function sectionError(id, message) {
  const el = document.getElementById(id);
  el.textContent = message || '';
  el.hidden = !message;
}

function emptyRow(columns, message) {
  return h('tr', { class: 'empty' }, h('td', { colspan: String(columns) }, message));
}

// ---- the chain node and its peers ----

/** The sync's peer states (chain/sync PeerState) and how they look. */
const PEER_STATES = { in_sync: 'good', ahead: 'good', behind: 'warn', unknown: 'self', backoff: 'bad', down: 'bad',
  diverged: 'bad' };

export function renderNodes(n) {
  const where = n.chain_url || 'no chain configured';
  text('node-source', n.node_role
    ? `This server has the node role; shown is the node its coordinator reaches the chain through: ${where}.`
    : `This server has no node role: shown is the node at AITBC_CHAIN_URL, ${where}.`);
  const s = n.reachable ? n.sync : null;
  sectionError('node-error', s ? '' : `The node cannot be asked: ${n.error || 'no answer'}`);
  const height = document.getElementById('node-height');
  height.textContent = s ? int(s.height) : '–';
  if (s) height.dataset.height = String(s.height);
  else delete height.dataset.height;
  text('node-name', s ? s.node_id : '');
  text('node-id', s ? s.node_id : '');
  text('node-height-detail', s ? int(s.height) : '');
  const head = text('node-head', s ? s.head_hash : '');
  if (s) head.dataset.hash = s.head_hash;
  else delete head.dataset.hash;
  text('node-last-sync', s ? (s.last_sync_at ? time(s.last_sync_at) : 'not yet') : '');

  const peers = s && Array.isArray(s.peers) ? s.peers : [];
  text('peer-count', s ? peers.length : '');
  const maxLag = peers.reduce((m, p) => Math.max(m, Number(p.lag) || 0), 0);
  text('peer-lag', s && peers.length ? `largest lag ${int(maxLag)} blocks` : s ? 'no peers configured' : '');
  const rows = peers.map((p) => h('tr', { dataset: { url: p.url } },
    h('td', { class: 'mono' }, p.url),
    h('td', { class: 'num' }, int(p.height)),
    h('td', { class: 'num' + (Number(p.lag) > 0 ? ' state-warn' : '') }, int(p.lag)),
    h('td', {}, h('span', { class: 'badge ' + (PEER_STATES[p.state] || 'warn') }, p.state || '–')),
    h('td', { class: 'opt nobr', title: p.last_sync_at || undefined }, time(p.last_sync_at)),
    h('td', { class: 'details' }, p.last_error || '')));
  $('#peers tbody').replaceChildren(...(rows.length ? rows
    : [emptyRow(6, s ? 'This node has no peers (AITBC_PEERS is empty).' : 'Unknown while the node does not answer.')]));
}

// ---- jobs and miners (/v1/admin/stats) ----

export function renderStats(s) {
  const byState = s.jobs_by_state || {};
  const rows = Object.entries(byState).map(([state, count]) => h('tr', { dataset: { state } },
    h('th', { scope: 'row' }, state), h('td', { class: 'num', dataset: { count: String(count) } }, int(count))));
  $('#jobs-by-state tbody').replaceChildren(...rows);
  text('jobs-sum', int(s.total_jobs)).dataset.count = String(s.total_jobs);
  text('jobs-active', int(s.active_jobs));
  text('jobs-total', `of ${int(s.total_jobs)} jobs in all`);
  const online = text('miners-online', int(s.online_miners));
  online.dataset.count = String(s.online_miners);
  text('miners-total', `of ${int(s.total_miners)} registered`);
  text('miners-detail', `${int(s.online_miners)} / ${int(s.total_miners)}`);
  text('polls-waiting', int(s.polls_waiting));
  text('avg-duration', s.avg_miner_job_duration_ms ? `${(s.avg_miner_job_duration_ms / 1000).toFixed(1)} s` : 'none completed yet');
}

// ---- open escrows (/v1/admin/escrows/open) ----

export function renderEscrows({ json, text: raw }) {
  const total = bigField(raw, 'open_total');
  const card = text('escrow-total', int(total));
  card.dataset.units = total === null ? '' : total.toString();
  text('escrow-total-detail', int(total));
  text('escrow-count', `${int(json.open_count)} open`);
  text('escrow-count-detail', int(json.open_count));
  text('escrow-height', int(json.height));
  text('escrow-note', !json.consistent
    ? 'The chain moved while the escrows were summed: the figure may mix two blocks; the next refresh sums again.'
    : !json.complete ? `Only ${int(json.summed)} of ${int(json.open_count)} open escrows were summed (the newest).` : '');
}

// ---- exchange solvency (/exchange/api/solvency, on a server with the exchange role) ----

export function renderSolvency(roles, result) {
  const card = document.getElementById('solvency-state');
  card.className = 'card-value';
  const fields = document.getElementById('solvency-fields');
  if (!roles) {
    text('solvency-state', '');
    text('solvency-surplus', '');
    text('solvency-note', 'Unknown: the server\'s roles could not be read.');
    fields.hidden = true;
    return;
  }
  if (!roles.includes('exchange')) {
    text('solvency-state', 'no exchange');
    text('solvency-surplus', 'not on this server');
    text('solvency-note', 'This server has no exchange role, so no exchange to be solvent.');
    fields.hidden = true;
    return;
  }
  if (result.status === 'rejected') {
    const e = result.reason;
    const unknown = e && e.status === 503 && e.body && e.body.error === 'solvency_unknown';
    text('solvency-state', unknown ? 'not yet known' : 'cannot be read').classList.add('state-warn');
    text('solvency-surplus', '');
    text('solvency-note', unknown ? `Not yet known: ${e.message}.` : `The solvency cannot be read: ${e.describe ? e.describe() : e.message}`);
    fields.hidden = true;
    return;
  }
  const { json, text: raw } = result.value;
  text('solvency-state', json.solvent ? 'solvent' : 'INSOLVENT').classList.add(json.solvent ? 'state-good' : 'state-bad');
  text('solvency-surplus', `surplus ${int(bigField(raw, 'surplus'))}`);
  text('solvency-note', `Computed ${time(json.computed_at)}: the hot wallet's balance on chain against what the exchange owes.`);
  text('solvency-wallet', json.hot_wallet);
  text('solvency-balance', int(bigField(raw, 'chain_balance')));
  text('solvency-required', int(bigField(raw, 'required')));
  text('solvency-height', int(json.height));
  fields.hidden = false;
}

// ---- the audit trail (/v1/admin/audit) ----

const AUDIT_COMMON = new Set(['time', 'node_id', 'event']);

/** The event's own fields, "name value" each, separated by spaces (so they also read apart as plain text). */
function details(event) {
  const fields = Object.entries(event).filter(([k]) => !AUDIT_COMMON.has(k)).map(([k, v]) => h('span', { class: 'field' },
    h('span', { class: 'field-name' }, k), ' ', typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)));
  return fields.flatMap((f, i) => (i === 0 ? [f] : [' ', f]));
}

export function renderAudit(a) {
  const events = Array.isArray(a.events) ? a.events : [];
  text('audit-count', `${events.length} shown`);
  const rows = events.map((e) => h('tr', { dataset: { event: e.event || '' } },
    timeCell(e.time), h('td', { class: 'mono' }, e.event || '–'), h('td', { class: 'opt' }, e.node_id || '–'),
    h('td', { class: 'details' }, details(e))));
  $('#audit tbody').replaceChildren(...(rows.length ? rows : [emptyRow(4, 'No audit events on this server yet.')]));
}
