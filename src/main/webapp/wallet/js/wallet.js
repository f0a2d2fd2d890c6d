// The browser wallet (web.md, "Wallet"): an Ed25519 key created or imported here and kept in this browser only,
// in localStorage as the CLI's encrypted key file (keyfile.js), never as the plain key; unlocked with its
// passphrase into memory, locked again by forgetting it there. Unlocked: balance, nonce, history, open escrows
// (with reclaim once expired), a signed TRANSFER, escrow locks (a marketplace job's, or any), and the sign-in
// of the marketplace and the exchange, whose sessions are left in this tab for those pages.
import { copyButton, fill, h, shorten } from '../../explorer/js/ui.js';
import { ed25519Supported } from '../../explorer/js/verify.js';
import { decimal, int, saveSession as saveExchangeSession } from '../../exchange/js/api.js';
import { WalletKey, signEscrowLock, signEscrowReclaim, signIn, signTransfer, storeMarketSession, storedMarketSession }
  from './keys.js';
import { KeyFileError, MIN_PASSPHRASE, addressOfFile, decryptKeyFile, encryptKeyFile, parseKeyFile } from './keyfile.js';

const $ = (sel) => document.querySelector(sel);
const STORE = 'aitbc-wallet-keyfile';
const ADDRESS = /^ait1[0-9a-f]{40}$/;
const POLL_MS = 1500;
const MAX_FILE_BYTES = 64 * 1024;

const wallet = {
  key: null, // the unlocked WalletKey, in memory only
  gen: 0, // bumped at every unlock and lock: answers for an older one are dropped
  timer: null,
  node: null, // {chainId, minFee, roles} from /rpc/status
  head: null,
  balance: null,
  dirty: false,
  sent: [], // transactions sent from here, followed until included: {hash, el, what}
  reclaiming: new Set(),
  escrows: [],
  exportUrl: null,
};

// ---- small helpers ----

class HttpError extends Error {
  constructor(status, body) {
    super((body && (body.detail || body.message || body.error)) || `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

/** JSON in, JSON out (a POST when a body is given); throws HttpError on a non-2xx answer. */
async function call(path, body, token) {
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = 'Bearer ' + token;
  const init = { method: body === undefined ? 'GET' : 'POST', headers, cache: 'no-store' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const r = await fetch(path, init);
  const text = await r.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch (e) {
    json = null;
  }
  if (!r.ok) throw new HttpError(r.status, json);
  if (json === null) throw new HttpError(r.status, { detail: 'the answer is not JSON' });
  return json;
}

const post = (path, body) => call(path, body);

function units(n) {
  return typeof n === 'number' && Number.isInteger(n) ? int(n) : n === null || n === undefined ? '–' : String(n);
}

function message(el, content, ok) {
  el.className = 'result' + (ok === undefined ? '' : ok ? ' ok' : ' bad');
  fill(el, content);
}

function showError(text) {
  const el = $('#error');
  el.textContent = text;
  el.hidden = !text;
}

function notice(text) {
  const el = $('#notice');
  el.textContent = text || '';
  el.hidden = !text;
}

function invalid(id, on) {
  const el = document.getElementById(id);
  if (on) el.setAttribute('aria-invalid', 'true');
  else el.removeAttribute('aria-invalid');
}

/** A whole number of units from a form field: digits only, at least `min`, at most 2^53 − 1 (chain.md). */
function wholeUnits(text, what, min) {
  const t = String(text === undefined || text === null ? '' : text).trim().replace(/[,_\s]/g, '');
  if (!/^\d+$/.test(t)) throw new Error(`${what}: a whole number of units (the chain's smallest unit)`);
  const n = Number(t);
  if (!Number.isSafeInteger(n)) throw new Error(`${what} is too large (at most ${int(Number.MAX_SAFE_INTEGER)})`);
  if (n < min) throw new Error(`${what} must be at least ${int(min)}`);
  return n;
}

function txLink(hash, id) {
  return h('a', { href: '/explorer/tx/' + encodeURIComponent(hash), class: 'mono', title: hash, id }, shorten(hash, 10, 6));
}

function addressLink(address) {
  return address ? h('a', { href: '/explorer/address/' + encodeURIComponent(address), class: 'mono', title: address },
    shorten(address, 10, 6)) : h('span', { class: 'muted' }, '—');
}

function busy(button, on, label) {
  if (on) {
    button.dataset.label = button.textContent;
    button.textContent = label;
    button.disabled = true;
  } else {
    if (button.dataset.label) button.textContent = button.dataset.label;
    delete button.dataset.label;
    button.disabled = false;
  }
}

// ---- the key at rest ----

function storedFile() {
  try {
    return localStorage.getItem(STORE);
  } catch (e) {
    return null;
  }
}

function store(text) {
  try {
    localStorage.setItem(STORE, text);
  } catch (e) {
    throw new Error('this browser refused to keep the key (is site storage off?): ' + e.message);
  }
}

// ---- states: no key, locked, unlocked ----

function show(state) {
  document.body.dataset.state = state;
  $('#setup').hidden = state !== 'none';
  $('#locked').hidden = state !== 'locked';
  document.querySelectorAll('[data-when-unlocked]').forEach((el) => { el.hidden = state !== 'unlocked'; });
  $('#backup').hidden = state === 'none';
  const badge = $('#wallet-state');
  badge.textContent = state === 'unlocked' ? 'unlocked' : state === 'locked' ? 'locked' : 'no key';
  badge.classList.toggle('on', state === 'unlocked');
  if (state !== 'locked') $('#forget-box').hidden = true;
  hideExport();
}

function showLocked() {
  const text = storedFile();
  let address = null;
  try {
    address = addressOfFile(parseKeyFile(text));
  } catch (e) {
    showError('The key file kept in this browser cannot be read: ' + e.message + '. Forget it and import a copy.');
  }
  $('#locked-address').textContent = address || 'an unknown address';
  show('locked');
}

function openWallet(key, note) {
  wallet.key = key;
  wallet.gen++;
  wallet.head = null;
  wallet.balance = null;
  wallet.sent = [];
  wallet.reclaiming.clear();
  wallet.escrows = [];
  showError('');
  notice(note || '');
  const a = $('#address');
  a.textContent = key.address;
  a.href = '/explorer/address/' + encodeURIComponent(key.address);
  $('#history-more').href = '/explorer/address/' + encodeURIComponent(key.address);
  fill($('#address-copy'), copyButton(key.address, 'address'));
  $('#balance').textContent = '…';
  delete $('#balance').dataset.units;
  $('#nonce').textContent = '…';
  for (const id of ['send-result', 'escrow-result', 'escrow-action-result', 'pay-job-result', 'signin-market-result',
    'signin-exchange-result']) {
    const el = document.getElementById(id);
    message(el, '');
    Object.keys(el.dataset).forEach((k) => delete el.dataset[k]);
  }
  fill($('#history tbody'), emptyRow(6, 'Reading the chain…'));
  fill($('#escrows tbody'), emptyRow(7, 'Reading the chain…'));
  show('unlocked');
  if (wallet.node) {
    $('#send-fee').value = String(wallet.node.minFee);
    $('#escrow-fee').value = String(wallet.node.minFee);
  }
  tick(wallet.gen);
}

function lockWallet() {
  wallet.key = null;
  wallet.gen++;
  clearTimeout(wallet.timer);
  wallet.sent = [];
  $('#send-to').value = '';
  $('#send-amount').value = '';
  $('#send-preview').textContent = '';
  fill($('#history tbody'));
  fill($('#escrows tbody'));
  $('#balance').textContent = '–';
  delete $('#balance').dataset.units;
  notice('Locked: the key is no longer in this page\'s memory.');
  showError('');
  showLocked();
  $('#passphrase').focus();
}

// ---- create, import, unlock, forget, export ----

function newPassphrase(id1, id2) {
  const p1 = document.getElementById(id1).value;
  const p2 = document.getElementById(id2).value;
  invalid(id1, false);
  invalid(id2, false);
  if (p1.length < MIN_PASSPHRASE) {
    invalid(id1, true);
    document.getElementById(id1).focus();
    throw new KeyFileError(`Choose a passphrase of at least ${MIN_PASSPHRASE} characters.`);
  }
  if (p1 !== p2) {
    invalid(id2, true);
    document.getElementById(id2).focus();
    throw new KeyFileError('The two passphrases differ.');
  }
  return p1;
}

async function create(event) {
  event.preventDefault();
  const button = $('#create');
  showError('');
  try {
    const passphrase = newPassphrase('new-passphrase', 'new-passphrase-confirm');
    busy(button, true, 'Encrypting…');
    const key = await WalletKey.generate();
    store(await encryptKeyFile(key, passphrase));
    $('#new-passphrase').value = '';
    $('#new-passphrase-confirm').value = '';
    openWallet(key, 'A new key was made and stored in this browser, encrypted under your passphrase. Back it up: '
      + 'show the key file below and keep a copy, or the funds go with this browser profile.');
  } catch (e) {
    showError(e instanceof KeyFileError ? e.message : 'No key was made: ' + e.message);
  } finally {
    busy(button, false);
  }
}

async function readChosenFile() {
  const input = $('#import-file');
  const file = input.files && input.files[0];
  if (!file) return;
  if (file.size > MAX_FILE_BYTES) {
    showError(`${file.name} is not a key file: it is larger than 64 KiB.`);
    return;
  }
  try {
    $('#import-file-text').value = (await file.text()).trim();
    showError('');
    $('#import-passphrase').focus();
  } catch (e) {
    showError(`${file.name} could not be read: ${e.message}`);
  }
}

async function importFile(event) {
  event.preventDefault();
  const button = $('#import');
  const text = $('#import-file-text').value.trim();
  showError('');
  invalid('import-file-text', false);
  invalid('import-passphrase', false);
  if (!text) {
    invalid('import-file-text', true);
    showError('Choose a key file or paste its text.');
    return;
  }
  busy(button, true, 'Decrypting…');
  try {
    const { key } = await decryptKeyFile(text, $('#import-passphrase').value);
    store(text);
    $('#import-file-text').value = '';
    $('#import-passphrase').value = '';
    $('#import-file').value = '';
    openWallet(key, `Imported the key of ${key.address}; this browser keeps it encrypted under the key file's passphrase.`);
  } catch (e) {
    if (e instanceof KeyFileError) {
      invalid(e.field === 'passphrase' ? 'import-passphrase' : 'import-file-text', true);
      showError('Not imported: ' + e.message + '.');
    } else {
      showError('Not imported: ' + e.message);
    }
  } finally {
    busy(button, false);
  }
}

async function importSeed(event) {
  event.preventDefault();
  const button = $('#import-seed-button');
  showError('');
  invalid('import-seed', false);
  try {
    let key;
    try {
      key = await WalletKey.fromSeed($('#import-seed').value);
    } catch (e) {
      invalid('import-seed', true);
      throw new KeyFileError(e.name === 'NotSupportedError' ? 'this browser has no Ed25519 in WebCrypto' : e.message);
    }
    const passphrase = newPassphrase('import-seed-passphrase', 'import-seed-confirm');
    busy(button, true, 'Encrypting…');
    store(await encryptKeyFile(key, passphrase));
    for (const id of ['import-seed', 'import-seed-passphrase', 'import-seed-confirm']) document.getElementById(id).value = '';
    openWallet(key, `Imported the key of ${key.address}; this browser keeps it encrypted under the new passphrase.`);
  } catch (e) {
    showError('Not imported: ' + e.message + (e instanceof KeyFileError && !/[.]$/.test(e.message) ? '.' : ''));
  } finally {
    busy(button, false);
  }
}

async function unlock(event) {
  event.preventDefault();
  const button = $('#unlock');
  const input = $('#passphrase');
  invalid('passphrase', false);
  if (!input.value) {
    invalid('passphrase', true);
    showError('Enter the passphrase of this wallet.');
    input.focus();
    return;
  }
  showError('');
  busy(button, true, 'Unlocking…');
  try {
    const { key } = await decryptKeyFile(storedFile(), input.value);
    input.value = '';
    openWallet(key);
  } catch (e) {
    invalid('passphrase', true);
    showError('Still locked: ' + (e instanceof KeyFileError ? e.message + '.' : e.message));
    input.select();
  } finally {
    busy(button, false);
  }
}

function forgetKey() {
  try {
    localStorage.removeItem(STORE);
  } catch (e) { /* nothing kept then */ }
  wallet.key = null;
  wallet.gen++;
  clearTimeout(wallet.timer);
  showError('');
  notice('The key was removed from this browser.');
  show('none');
}

function hideExport() {
  $('#export-text').value = '';
  $('#export-label').hidden = true;
  $('#export-download').hidden = true;
  if (wallet.exportUrl) {
    URL.revokeObjectURL(wallet.exportUrl);
    wallet.exportUrl = null;
  }
}

function showExport() {
  const text = storedFile();
  if (!text) {
    showError('There is no key in this browser to export.');
    return;
  }
  hideExport();
  let address = null;
  try {
    address = addressOfFile(parseKeyFile(text));
  } catch (e) { /* shown as it is */ }
  $('#export-text').value = text;
  $('#export-label').hidden = false;
  wallet.exportUrl = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = $('#export-download');
  a.href = wallet.exportUrl;
  a.download = `aitbc-wallet-${address ? address.slice(4, 16) : 'key'}.json`;
  a.hidden = false;
  $('#export-text').select();
}

// ---- the node: status, account, history, escrows ----

async function loadNode() {
  try {
    const s = await call('/rpc/status');
    wallet.node = { chainId: s.chain_id, minFee: Number.isSafeInteger(s.min_fee) ? s.min_fee : 0,
      roles: Array.isArray(s.roles) ? s.roles : [] };
    for (const id of ['send-fee', 'escrow-fee']) {
      const el = document.getElementById(id);
      if (!el.value) el.value = String(wallet.node.minFee);
    }
    return true;
  } catch (e) {
    wallet.node = null;
    $('#node-note').textContent = 'This server answers no node API (/rpc/status: ' + e.message + '): balance, '
      + 'history and sending need one.';
    return false;
  }
}

function emptyRow(columns, text) {
  return h('tr', { class: 'none' }, h('td', { colspan: String(columns), class: 'muted wrap' }, text));
}

/** What a transaction moved for this address: {sign, amount} or null. */
function movement(t, me) {
  const p = t.payload || {};
  if (t.type === 'ESCROW_SETTLE') {
    const mine = (Array.isArray(p.payouts) ? p.payouts : []).filter((x) => x && x.recipient === me)
      .reduce((sum, x) => sum + (Number(x.amount) || 0), 0);
    return mine ? { sign: '+', amount: mine } : null;
  }
  const amount = typeof p.amount === 'number' ? p.amount : typeof t.amount === 'number' && t.amount > 0 ? t.amount : null;
  if (amount === null) return null;
  if (t.type === 'ESCROW_RECLAIM') return { sign: '+', amount };
  const recipient = p.recipient || t.recipient;
  if (t.sender === me && recipient !== me) return { sign: '−', amount };
  if (recipient === me && t.sender !== me) return { sign: '+', amount };
  return { sign: '', amount };
}

function counterparty(t, me) {
  const p = t.payload || {};
  if (t.type === 'ESCROW_LOCK') return ['escrow for ', addressLink(p.arbiter)];
  if (t.type === 'ESCROW_RECLAIM' || (t.type === 'ESCROW_SETTLE' && t.sender !== me)) {
    return p.escrow_id ? ['escrow ', h('a', { href: '/explorer/escrow/' + encodeURIComponent(p.escrow_id), class: 'mono',
      title: p.escrow_id }, shorten(p.escrow_id, 8, 4))] : 'escrow';
  }
  if (t.sender === me) {
    const to = p.recipient || t.recipient;
    return to ? ['to ', addressLink(to)] : '—';
  }
  return ['from ', addressLink(t.sender)];
}

function historyRow(t, me) {
  const m = movement(t, me);
  const pending = t.block_height === null || t.block_height === undefined;
  return h('tr', { dataset: { txHash: t.tx_hash, status: pending ? 'pending' : 'included', type: t.type } },
    h('td', {}, txLink(t.tx_hash)),
    h('td', { class: 'small wrap tx-type' }, String(t.type || '').split('_').join(' ')), // wraps on a phone
    h('td', { class: 'opt' }, counterparty(t, me)),
    h('td', { class: 'num' + (m && m.sign === '+' ? ' in' : m && m.sign === '−' ? ' out' : '') },
      m ? `${m.sign}${units(m.amount)}` : '—'),
    h('td', { class: 'num opt' }, units(t.fee)),
    h('td', {}, pending ? h('span', { class: 'badge warn' }, 'pending')
      : h('a', { href: '/explorer/block/' + encodeURIComponent(t.block_height) }, units(t.block_height))));
}

function reclaimable(e) {
  return wallet.head !== null && wallet.head.height + 1 >= e.expires_at_height;
}

function escrowRow(e) {
  const sent = wallet.reclaiming.has(e.escrow_id);
  const can = reclaimable(e) && !sent;
  const button = h('button', { type: 'button', class: 'secondary small reclaim', disabled: !can,
    'aria-label': `Reclaim escrow ${shorten(e.escrow_id, 8, 4)}`, onclick: () => reclaim(e, button) },
  sent ? 'Reclaim sent' : 'Reclaim');
  return h('tr', { dataset: { escrowId: e.escrow_id, status: e.status, amount: String(e.amount) } },
    h('td', {}, h('a', { href: '/explorer/escrow/' + encodeURIComponent(e.escrow_id), class: 'mono', title: e.escrow_id },
      shorten(e.escrow_id, 10, 6))),
    h('td', { class: 'num' }, units(e.amount)),
    h('td', { class: 'wrap ref-cell' }, e.reference ? h('span', { class: 'mono' }, e.reference) : h('span', { class: 'muted' }, '—')),
    h('td', { class: 'opt' }, addressLink(e.arbiter)),
    h('td', { class: 'num' }, units(e.expires_at_height)),
    h('td', {}, h('span', { class: 'badge' }, e.status)),
    h('td', {}, button, can || sent ? null
      : h('span', { class: 'muted small sub' }, `from block ${units(e.expires_at_height)}`)));
}

function renderEscrows() {
  const list = wallet.escrows;
  for (const id of [...wallet.reclaiming]) {
    if (!list.some((e) => e.escrow_id === id)) wallet.reclaiming.delete(id);
  }
  fill($('#escrows tbody'), list.length ? list.map(escrowRow) : emptyRow(7, 'No open escrow paid by this address.'));
  $('#escrow-count').textContent = list.length ? `${list.length} open` : '';
}

async function refresh() {
  const key = wallet.key;
  if (!key || !wallet.node) return;
  const me = key.address;
  const [bal, view, esc] = await Promise.allSettled([
    call('/rpc/getBalance/' + encodeURIComponent(me)),
    call('/rpc/address/' + encodeURIComponent(me) + '?limit=20'),
    call('/rpc/escrows?payer=' + encodeURIComponent(me) + '&status=OPEN&limit=100'),
  ]);
  if (wallet.key !== key) return; // locked meanwhile
  if (bal.status === 'fulfilled') {
    const b = bal.value;
    wallet.balance = b.balance;
    const el = $('#balance');
    el.dataset.units = String(b.balance);
    el.textContent = units(b.balance);
    $('#balance-note').textContent = `units (${decimal(b.balance)} AITBC)`;
    $('#nonce').textContent = units(b.nonce);
    $('#nonce').dataset.nextNonce = String(b.next_nonce);
    $('#nonce-note').textContent = b.next_nonce !== b.nonce ? `next: ${units(b.next_nonce)} (pending ones counted)` : '';
  } else {
    $('#balance-note').textContent = 'could not be read: ' + bal.reason.message;
  }
  if (view.status === 'fulfilled') {
    const v = view.value;
    const rows = [...(v.pending || []), ...(v.transactions || [])];
    fill($('#history tbody'), rows.length ? rows.map((t) => historyRow(t, me)) : emptyRow(6, 'No transactions yet.'));
    $('#history-count').textContent = typeof v.tx_count === 'number' ? `${units(v.tx_count)} included` : '';
  } else {
    fill($('#history tbody'), emptyRow(6, 'The history could not be read: ' + view.reason.message));
  }
  if (esc.status === 'fulfilled') {
    wallet.escrows = esc.value.escrows || [];
    renderEscrows();
  } else {
    fill($('#escrows tbody'), emptyRow(7, 'The escrows could not be read: ' + esc.reason.message));
  }
}

/** The transactions sent from here: "included in block N" once they are. */
async function followSent() {
  for (const s of [...wallet.sent]) {
    try {
      const t = await call('/rpc/tx/' + encodeURIComponent(s.hash));
      if (t.status === 'included' || (t.block_height !== null && t.block_height !== undefined)) {
        wallet.sent = wallet.sent.filter((x) => x !== s);
        if (s.el.dataset.txHash === s.hash) {
          s.el.dataset.status = 'included';
          message(s.el, [s.what, txLink(s.hash, s.el.id + '-tx'), ` — included in block `,
            h('a', { href: '/explorer/block/' + encodeURIComponent(t.block_height) }, units(t.block_height)), '.'], true);
        }
        wallet.dirty = true;
      }
    } catch (e) {
      if (e.status === 404) { // dropped by the node (it became invalid): say so, stop asking
        wallet.sent = wallet.sent.filter((x) => x !== s);
        if (s.el.dataset.txHash === s.hash) {
          s.el.dataset.status = 'dropped';
          message(s.el, [s.what, txLink(s.hash), ' — no longer known to the node (dropped).'], false);
        }
      }
    }
  }
}

function follow(hash, el, what) {
  el.dataset.txHash = hash;
  el.dataset.status = 'pending';
  message(el, [what, txLink(hash, el.id + '-tx'), ' — pending, waiting for a block…'], true);
  wallet.sent.push({ hash, el, what });
  wallet.dirty = true;
}

async function tick(gen) {
  if (gen !== wallet.gen || !wallet.key) return;
  try {
    if (wallet.node || (await loadNode())) {
      const head = await call('/rpc/head');
      if (gen !== wallet.gen) return;
      const moved = !wallet.head || head.height !== wallet.head.height;
      wallet.head = head;
      $('#node-note').textContent = `chain ${wallet.node.chainId} · block ${units(head.height)} · minimum fee ${units(wallet.node.minFee)}`;
      if (wallet.sent.length) await followSent();
      if (moved || wallet.dirty) {
        wallet.dirty = false;
        await refresh();
      }
    }
  } catch (e) {
    $('#node-note').textContent = 'The node did not answer: ' + e.message + ' (trying again)';
  }
  if (gen === wallet.gen && wallet.key) {
    clearTimeout(wallet.timer);
    wallet.timer = setTimeout(() => tick(gen), POLL_MS);
  }
}

// ---- signing: send, escrow lock, reclaim, a marketplace job's lock ----

function requireNode(el) {
  if (!wallet.key) {
    message(el, 'Unlock the wallet first.', false);
    return false;
  }
  if (!wallet.node) {
    message(el, 'This server has no node API (/rpc): nothing can be sent from here.', false);
    return false;
  }
  return true;
}

function sendPreview() {
  const out = $('#send-preview');
  try {
    const amount = wholeUnits($('#send-amount').value, 'amount', 1);
    const fee = wholeUnits($('#send-fee').value || '0', 'fee', 0);
    out.textContent = `${decimal(amount)} AITBC; with the fee ${units(amount + fee)} units leave this address`;
  } catch (e) {
    out.textContent = $('#send-amount').value.trim() ? e.message : '';
  }
}

async function send(event) {
  event.preventDefault();
  const out = $('#send-result');
  delete out.dataset.txHash;
  delete out.dataset.status;
  for (const id of ['send-to', 'send-amount', 'send-fee']) invalid(id, false);
  if (!requireNode(out)) return;
  const key = wallet.key;
  const to = $('#send-to').value.trim().toLowerCase();
  if (!ADDRESS.test(to)) {
    invalid('send-to', true);
    message(out, 'Recipient: an address is ait1 followed by 40 hex digits.', false);
    return;
  }
  let amount;
  let fee;
  try {
    amount = wholeUnits($('#send-amount').value, 'Amount', 1);
  } catch (e) {
    invalid('send-amount', true);
    message(out, e.message + '.', false);
    return;
  }
  try {
    fee = wholeUnits($('#send-fee').value, 'Fee', wallet.node.minFee);
  } catch (e) {
    invalid('send-fee', true);
    message(out, e.message + (wallet.node.minFee ? ' (the node\'s minimum fee)' : '') + '.', false);
    return;
  }
  const button = $('#send');
  busy(button, true, 'Signing…');
  try {
    const account = await call('/rpc/getBalance/' + encodeURIComponent(key.address));
    if (amount + fee > account.balance) {
      invalid('send-amount', true);
      message(out, `The balance of ${units(account.balance)} units does not cover the amount and the fee `
        + `(${units(amount + fee)}).`, false);
      return;
    }
    const tx = await signTransfer(key, { chainId: wallet.node.chainId, nonce: account.next_nonce, fee, recipient: to, amount });
    const answer = await post('/rpc/sendTx', tx.wire);
    if (wallet.key !== key) return;
    follow(answer.tx_hash || tx.txHash, out, `Sent ${units(amount)} units to ${shorten(to, 10, 6)}: `);
    $('#send-amount').value = '';
    $('#send-preview').textContent = '';
  } catch (e) {
    if (e.body && e.body.field) {
      const field = { 'payload.recipient': 'send-to', 'payload.amount': 'send-amount', fee: 'send-fee' }[e.body.field];
      if (field) invalid(field, true);
    }
    message(out, 'Refused: ' + e.message, false);
  } finally {
    busy(button, false);
  }
}

async function lockEscrow(event) {
  event.preventDefault();
  const out = $('#escrow-result');
  delete out.dataset.txHash;
  delete out.dataset.status;
  for (const id of ['escrow-arbiter', 'escrow-amount', 'escrow-blocks', 'escrow-fee', 'escrow-reference']) invalid(id, false);
  if (!requireNode(out)) return;
  const key = wallet.key;
  const arbiter = $('#escrow-arbiter').value.trim().toLowerCase();
  if (!ADDRESS.test(arbiter) || arbiter === key.address) {
    invalid('escrow-arbiter', true);
    message(out, arbiter === key.address ? 'The arbiter must be another address than this one.'
      : 'Arbiter: an address is ait1 followed by 40 hex digits.', false);
    return;
  }
  const fields = [['escrow-amount', 'Amount', 1], ['escrow-blocks', 'Expiry', 2], ['escrow-fee', 'Fee', wallet.node.minFee]];
  const values = [];
  for (const [id, what, min] of fields) {
    try {
      values.push(wholeUnits(document.getElementById(id).value, what, min));
    } catch (e) {
      invalid(id, true);
      message(out, e.message + (id === 'escrow-blocks' ? ' blocks (the lock must expire after the block that takes it)' : '') + '.', false);
      return;
    }
  }
  const [amount, blocks, fee] = values;
  const reference = $('#escrow-reference').value.trim();
  if (reference.length > 128) {
    invalid('escrow-reference', true);
    message(out, 'The reference has at most 128 characters.', false);
    return;
  }
  const button = $('#escrow-submit');
  busy(button, true, 'Signing…');
  try {
    const [account, head] = await Promise.all([call('/rpc/getBalance/' + encodeURIComponent(key.address)), call('/rpc/head')]);
    if (amount + fee > account.balance) {
      invalid('escrow-amount', true);
      message(out, `The balance of ${units(account.balance)} units does not cover the amount and the fee (${units(amount + fee)}).`, false);
      return;
    }
    const expiresAtHeight = head.height + blocks;
    const tx = await signEscrowLock(key, { chainId: wallet.node.chainId, nonce: account.next_nonce, fee, amount, arbiter,
      expiresAtHeight, reference: reference || undefined });
    const answer = await post('/rpc/sendTx', tx.wire);
    if (wallet.key !== key) return;
    out.dataset.expiresAtHeight = String(expiresAtHeight);
    follow(answer.tx_hash || tx.txHash, out, `Locked ${units(amount)} units until block ${units(expiresAtHeight)}; escrow id = lock `);
  } catch (e) {
    message(out, 'Refused: ' + e.message, false);
  } finally {
    busy(button, false);
  }
}

async function reclaim(e, button) {
  const out = $('#escrow-action-result');
  if (!requireNode(out)) return;
  const key = wallet.key;
  button.disabled = true;
  try {
    const account = await call('/rpc/getBalance/' + encodeURIComponent(key.address));
    const tx = await signEscrowReclaim(key, { chainId: wallet.node.chainId, nonce: account.next_nonce,
      fee: wallet.node.minFee, escrowId: e.escrow_id });
    const answer = await post('/rpc/sendTx', tx.wire);
    if (wallet.key !== key) return;
    wallet.reclaiming.add(e.escrow_id);
    renderEscrows();
    out.dataset.escrowId = e.escrow_id;
    follow(answer.tx_hash || tx.txHash, out, `Reclaiming ${units(e.amount)} units of escrow ${shorten(e.escrow_id, 8, 4)}: `);
  } catch (err) {
    message(out, `Escrow ${shorten(e.escrow_id, 8, 4)} was not reclaimed: ${err.message}`, false);
    button.disabled = false;
  }
}

function roleMissing(role) {
  return wallet.node && !wallet.node.roles.includes(role);
}

async function payJob(event) {
  event.preventDefault();
  const out = $('#pay-job-result');
  invalid('pay-job-id', false);
  if (!wallet.key) {
    message(out, 'Unlock the wallet first.', false);
    return;
  }
  const key = wallet.key;
  const jobId = $('#pay-job-id').value.trim();
  if (!jobId) {
    invalid('pay-job-id', true);
    message(out, 'Enter the id of the job to pay.', false);
    return;
  }
  if (roleMissing('coordinator')) {
    message(out, 'This server runs no marketplace (coordinator): pay the job on the marketplace\'s own site.', false);
    return;
  }
  const session = storedMarketSession();
  if (!session || session.wallet_address !== key.address) {
    message(out, 'Sign in to the marketplace with this key first (below): the job is read with that session.', false);
    return;
  }
  const button = $('#pay-job');
  busy(button, true, 'Signing…');
  try {
    const job = await call('/v1/jobs/' + encodeURIComponent(jobId), undefined, session.token);
    const p = job.payment;
    if (!p || job.payment_id) {
      message(out, !p ? `Job ${jobId} was submitted without payment.` : `Job ${jobId} is already paid (escrow ${job.payment_id}).`, false);
      return;
    }
    const account = await call(`/v1/users/${encodeURIComponent(session.user_id)}/balance`, undefined, session.token);
    const lock = await signEscrowLock(key, { chainId: p.chain_id, nonce: account.next_nonce, fee: p.fee || 0,
      amount: p.amount, arbiter: p.arbiter, expiresAtHeight: p.expires_at_height, reference: p.reference });
    const paid = await call('/v1/payments', { job_id: jobId, amount: p.amount, payment_tx: lock.wire }, session.token);
    if (wallet.key !== key) return;
    follow(paid.escrow_tx || lock.txHash, out, `Job ${jobId} paid: ${units(p.amount)} units locked for the coordinator; lock `);
  } catch (e) {
    message(out, (e.status === 404 ? `No job ${jobId} of yours here: ` : 'Refused: ') + e.message, false);
  } finally {
    busy(button, false);
  }
}

// ---- sign-in for the marketplace and the exchange ----

function until(iso) {
  const d = new Date(iso);
  return iso && !Number.isNaN(d.getTime()) ? ' until ' + d.toLocaleString('en-GB') : '';
}

async function signInMarket() {
  const out = $('#signin-market-result');
  delete out.dataset.signedIn;
  if (!wallet.key) {
    message(out, 'Unlock the wallet first.', false);
    return;
  }
  if (roleMissing('coordinator')) {
    message(out, `This server runs no marketplace (its roles: ${wallet.node.roles.join(', ') || 'none'}): sign in on `
      + 'the marketplace\'s own site.', false);
    return;
  }
  const key = wallet.key;
  const button = $('#signin-market');
  busy(button, true, 'Signing the challenge…');
  try {
    const login = await signIn(key, post);
    if (wallet.key !== key) return;
    storeMarketSession({ ...login, wallet_address: login.wallet_address || key.address });
    out.dataset.signedIn = 'true';
    message(out, [`Signed in to the marketplace as ${shorten(key.address, 10, 6)}${until(login.expires_at)}: `,
      h('a', { href: '/marketplace/', id: 'open-marketplace' }, 'open the marketplace')], true);
  } catch (e) {
    message(out, e.status === 404 ? 'This server has no marketplace sign-in (/v1/users: 404).' : 'Sign-in refused: ' + e.message, false);
  } finally {
    busy(button, false);
  }
}

async function signInExchange() {
  const out = $('#signin-exchange-result');
  delete out.dataset.signedIn;
  if (!wallet.key) {
    message(out, 'Unlock the wallet first.', false);
    return;
  }
  if (roleMissing('exchange')) {
    message(out, `This server runs no exchange (its roles: ${wallet.node.roles.join(', ') || 'none'}): sign in on `
      + 'the exchange\'s own site.', false);
    return;
  }
  const key = wallet.key;
  const button = $('#signin-exchange');
  busy(button, true, 'Signing the challenge…');
  try {
    const challenge = await post('/exchange/api/auth/challenge', { wallet_address: key.address });
    const signature = await key.sign(new TextEncoder().encode(challenge.challenge));
    const login = await post('/exchange/api/auth/login', { wallet_address: key.address, public_key: key.publicKey, signature });
    if (wallet.key !== key) return;
    saveExchangeSession({ ...login, wallet_address: login.wallet_address || key.address });
    out.dataset.signedIn = 'true';
    message(out, [`Signed in to the exchange as ${shorten(key.address, 10, 6)}${until(login.expires_at)}: `,
      h('a', { href: '/exchange/', id: 'open-exchange' }, 'open the exchange')], true);
  } catch (e) {
    message(out, e.status === 404 ? 'This server has no exchange sign-in (/exchange/api/auth: 404).' : 'Sign-in refused: ' + e.message, false);
  } finally {
    busy(button, false);
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

async function start() {
  theme();
  $('#create-form').addEventListener('submit', create);
  $('#import-form').addEventListener('submit', importFile);
  $('#import-file').addEventListener('change', readChosenFile);
  $('#seed-form').addEventListener('submit', importSeed);
  $('#unlock-form').addEventListener('submit', unlock);
  $('#lock').addEventListener('click', lockWallet);
  $('#forget').addEventListener('click', () => {
    $('#forget-box').hidden = false;
    $('#forget-cancel').focus();
  });
  $('#forget-cancel').addEventListener('click', () => {
    $('#forget-box').hidden = true;
    $('#forget').focus();
  });
  $('#forget-confirm').addEventListener('click', forgetKey);
  $('#export').addEventListener('click', showExport);
  $('#send-form').addEventListener('submit', send);
  $('#send-form').addEventListener('input', sendPreview);
  $('#escrow-form').addEventListener('submit', lockEscrow);
  $('#pay-job-form').addEventListener('submit', payJob);
  $('#signin-market').addEventListener('click', signInMarket);
  $('#signin-exchange').addEventListener('click', signInExchange);

  if (!window.isSecureContext || !window.crypto || !crypto.subtle) {
    showError('This page needs a secure context (https or localhost): the browser offers its cryptography (WebCrypto) only there.');
  } else if (!(await ed25519Supported())) {
    showError('This browser has no Ed25519 in WebCrypto: use a current Chromium, Firefox or Safari.');
  }
  if (storedFile()) showLocked();
  else show('none');
  document.body.dataset.ready = 'true';
  await loadNode();
}

start();
