// The exchange page: the live order book (WebSocket stream checked against the server's hash, REST polling when
// the stream is not there) with its depth chart, recent trades, price chart and market stats; a wallet signed in
// from this browser (the key signs the challenge here and never leaves); orders placed and canceled, own orders,
// fills, balances, deposits and withdrawals; and the exchange's solvency recomputed here at every new block.
import { h, fill, shorten } from '../../explorer/js/ui.js';
import { WalletKey } from '../../wallet/js/keys.js';
import { api, apiText, bigField, clearSession, dateTime, decimal, int, parseDecimal, quoteOf, restoreSession,
  saveSession, session, time } from './api.js';
import { BookFeed } from './book.js';
import { depthChart, priceChart } from './charts.js';

const $ = (sel) => document.querySelector(sel);
const SHOWN_LEVELS = 20;
let book = { buys: [], sells: [] };

// ---- small helpers ----

function txLink(hash) {
  return hash ? h('a', { href: '/explorer/tx/' + encodeURIComponent(hash), class: 'mono', title: hash }, shorten(hash, 10, 6)) : null;
}

function blockLink(height) {
  return height === null || height === undefined ? '–' : h('a', { href: '/explorer/block/' + encodeURIComponent(height) }, int(height));
}

function addressLink(address, id) {
  return h('a', { href: '/explorer/address/' + encodeURIComponent(address), class: 'mono ref', id }, address);
}

function td(text, cls) {
  return h('td', { class: cls }, text);
}

function rows(tbody, items, row, emptyText, columns) {
  fill(tbody, items.length ? items.map(row)
    : h('tr', { class: 'none' }, h('td', { colspan: String(columns), class: 'muted' }, emptyText)));
}

function units(el, value, unitName) {
  el.dataset.units = String(value);
  fill(el, int(value), h('span', { class: 'muted' }, ` (${decimal(value)} ${unitName})`));
}

function message(el, text, ok) {
  el.className = ok === undefined ? '' : ok ? 'ok' : 'bad';
  fill(el, text);
}

// ---- the book ----

function levelRow(level, side, total, maxTotal) {
  const verb = side === 'S' ? 'buy' : 'sell';
  const tr = h('tr', {
    class: 'level', tabindex: '0', dataset: { price: String(level.price), side },
    'aria-label': `${side === 'S' ? 'Sell' : 'Buy'} level ${int(level.price)} sat, ${decimal(level.amount)} AITBC: `
      + `choose to ${verb} at this price`,
    onclick: () => choose(side, level.price),
    onkeydown: (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        choose(side, level.price);
      }
    },
  }, td(int(level.price), 'num price'), td(decimal(level.amount), 'num'), td(decimal(total), 'num opt'),
  td(String(level.orders), 'num opt'));
  tr.style.setProperty('--depth', (maxTotal > 0 ? (100 * Number(total)) / maxTotal : 0).toFixed(1) + '%');
  return tr;
}

function bookTable(tbody, levels, side, emptyText) {
  let total = 0n;
  const shown = levels.slice(0, SHOWN_LEVELS).map((l) => {
    total += BigInt(l.amount);
    return { l, total };
  });
  const maxTotal = shown.length ? Number(shown[shown.length - 1].total) : 0;
  rows(tbody, shown, (x) => levelRow(x.l, side, x.total, maxTotal), emptyText, 4);
}

function renderBook(state) {
  book = state.sorted();
  const focused = document.activeElement && document.activeElement.matches && document.activeElement.matches('tr.level')
    ? { side: document.activeElement.dataset.side, price: document.activeElement.dataset.price } : null;
  bookTable($('#book-buys tbody'), book.buys, 'B', 'No buy orders.');
  bookTable($('#book-sells tbody'), book.sells, 'S', 'No sell orders.');
  if (focused) {
    const again = document.querySelector(`tr.level[data-side="${focused.side}"][data-price="${CSS.escape(focused.price)}"]`);
    if (again) again.focus();
  }
  $('#book-levels').textContent = `${book.buys.length} buy, ${book.sells.length} sell levels · sequence ${state.sequence}`;
  depthChart($('#depth-chart'), book.buys, book.sells, choose);
}

/** A level chosen in the book or the chart: a sell level prepares a BUY at its price, a buy level a SELL. */
function choose(side, price) {
  $('#order-side').value = side === 'S' ? 'BUY' : 'SELL';
  $('#order-price').value = String(price);
  preview();
  message($('#order-message'), `${$('#order-side').value} at ${int(price)} sat per AITBC prepared: enter the amount.`);
  // beside the book on a wide screen; below it on a phone, where moving to the form is the point
  $('#order-amount').focus({ preventScroll: matchMedia('(min-width: 900px)').matches });
}

function showConsistency(st) {
  const el = $('#book-consistency');
  el.classList.toggle('on', st.consistent === true);
  el.classList.toggle('off', st.consistent === false);
  const via = st.source === 'rest' ? ' (polled)' : '';
  const text = st.consistent === true ? `book consistent ✓${via}`
    : st.consistent === false ? `book hash differs ✗ (${st.note || 'resyncing'})`
      : 'book: ' + (st.note || 'connecting…');
  if (el.textContent !== text) el.textContent = text; // a live region: said again only when it changes
  el.title = st.note || (st.consistent ? `the hash recomputed here matches the server's at sequence ${st.sequence}` : '');
}

// ---- market data ----

async function loadStats() {
  try {
    const s = await api('/exchange/api/market-stats');
    const put = (k, v) => {
      const el = document.querySelector(`#market-stats [data-stat="${k}"]`);
      if (el) el.textContent = v;
    };
    put('last_price', int(s.last_price));
    put('range', s.high_24h === null && s.low_24h === null ? '–' : `${int(s.high_24h)} / ${int(s.low_24h)}`);
    put('volume_24h', decimal(s.volume_24h ?? 0) + ' AITBC');
    put('quote_volume_24h', `${decimal(s.quote_volume_24h ?? 0)} BTC`);
    put('trades_24h', int(s.trades_24h ?? 0));
    put('bidask', `${int(s.best_bid)} / ${int(s.best_ask)}`);
    put('spread', s.spread === null || s.spread === undefined ? 'no spread' : `spread ${int(s.spread)} sat`);
  } catch (e) {
    $('#market-stats').dataset.error = e.message;
  }
}

function tradeRow(t) {
  return h('tr', { id: 'trade-' + t.id, class: 'side-' + String(t.side).toLowerCase(), dataset: { tradeId: String(t.id) } },
    td(time(t.executed_at)), td(h('span', { class: 'side ' + String(t.side).toLowerCase() }, t.side)),
    td(int(t.price), 'num'), td(decimal(t.amount), 'num'), td(int(t.quote), 'num opt'));
}

async function loadTrades() {
  try {
    const trades = await api('/exchange/api/trades/recent?limit=30');
    const highlighted = document.querySelector('#recent-trades tr.highlight');
    rows($('#recent-trades tbody'), trades, tradeRow, 'No trades yet.', 5);
    if (highlighted) {
      const again = document.getElementById(highlighted.id);
      if (again) again.classList.add('highlight');
    }
  } catch (e) {
    rows($('#recent-trades tbody'), [], tradeRow, 'Trades could not be read: ' + e.message, 5);
  }
}

async function loadPrices() {
  try {
    priceChart($('#price-chart'), await api('/exchange/api/price-history?limit=120'));
  } catch (e) {
    fill($('#price-chart'), h('p', { class: 'bad' }, 'Prices could not be read: ' + e.message));
  }
}

async function showTrade(id) {
  const box = $('#trade-detail');
  box.hidden = false;
  fill(box, h('p', { class: 'muted' }, `Trade ${id}…`));
  document.querySelectorAll('#recent-trades tr.highlight').forEach((r) => r.classList.remove('highlight'));
  const row = document.getElementById('trade-' + id);
  if (row) row.classList.add('highlight');
  try {
    const t = await api('/exchange/api/trades/' + encodeURIComponent(id));
    fill(box, h('h3', {}, `Trade ${t.id}`,
      h('button', { type: 'button', class: 'secondary small', 'aria-label': 'Close the trade details', onclick: () => { box.hidden = true; } }, '×')),
    h('dl', { class: 'fields', id: 'trade-detail-fields', dataset: { tradeId: String(t.id) } },
      h('dt', {}, 'Executed'), h('dd', {}, dateTime(t.executed_at)),
      h('dt', {}, 'Taker side'), h('dd', {}, t.side),
      h('dt', {}, 'Price'), h('dd', {}, `${int(t.price)} sat per AITBC`),
      h('dt', {}, 'Amount'), h('dd', {}, `${decimal(t.amount)} AITBC (${int(t.amount)} units)`),
      h('dt', {}, 'Quote'), h('dd', {}, `${int(t.quote)} sat (${decimal(t.quote)} BTC)`),
      h('dt', {}, 'Buy order'), h('dd', { class: 'mono' }, String(t.buy_order_id)),
      h('dt', {}, 'Sell order'), h('dd', { class: 'mono' }, String(t.sell_order_id))));
  } catch (e) {
    fill(box, h('p', { class: 'bad' }, `Trade ${id} could not be read: ${e.message}`));
  }
  if (!row) box.focus({ preventScroll: false });
}

async function refreshMarket() {
  await Promise.all([loadStats(), loadTrades(), loadPrices()]);
}

// ---- the signed-in account ----

function orderRow(o) {
  const cancel = h('button', { type: 'button', class: 'cancel secondary small', 'aria-label': `Cancel order ${o.id}`,
    onclick: () => cancelOrder(o.id, cancel) }, 'Cancel');
  return h('tr', { dataset: { orderId: String(o.id), price: String(o.price), status: o.status } },
    td(String(o.id), 'mono'), td(h('span', { class: 'side ' + String(o.order_type).toLowerCase() }, o.order_type)),
    td(int(o.price), 'num'), td(decimal(o.amount), 'num'), td(decimal(o.filled), 'num'), td(decimal(o.remaining), 'num'),
    td(o.status, 'status-cell'), td(cancel));
}

function fillRow(t) {
  return h('tr', { dataset: { tradeId: String(t.id), orderId: String(t.order_id) } },
    td(h('a', { href: '#trade-' + t.id, class: 'trade-link', onclick: (e) => {
      if (!document.getElementById('trade-' + t.id)) e.preventDefault();
      showTrade(t.id);
    } }, `#${t.id}`)),
    td(time(t.executed_at)), td(h('span', { class: 'side ' + String(t.role).toLowerCase() }, t.role)),
    td(int(t.price), 'num'), td(decimal(t.amount), 'num'), td(int(t.quote), 'num'), td(String(t.order_id), 'mono opt'));
}

async function loadMyOrders() {
  const answer = await api('/exchange/api/my/orders?limit=100');
  const open = (answer.orders || []).filter((o) => o.status === 'OPEN' || o.status === 'PARTIALLY_FILLED');
  rows($('#my-orders tbody'), open, orderRow, 'No open orders.', 8);
}

async function loadMyFills() {
  const answer = await api('/exchange/api/my/trades?limit=50');
  rows($('#my-fills tbody'), answer.trades || [], fillRow, 'No fills yet.', 7);
}

async function loadBalances() {
  const b = await api('/exchange/api/wallet/balance');
  units($('#balance-aitbc-available'), b.aitbc.available, 'AITBC');
  units($('#balance-aitbc-reserved'), b.aitbc.reserved, 'AITBC');
  units($('#balance-btc-available'), b.btc.available, 'BTC');
  units($('#balance-btc-reserved'), b.btc.reserved, 'BTC');
}

async function loadTransfers() {
  const [d, w] = await Promise.all([api('/exchange/api/wallet/deposits'), api('/exchange/api/wallet/withdrawals')]);
  rows($('#deposits tbody'), d.deposits || [], (x) => h('tr', { dataset: { txHash: x.tx_hash } },
    td(txLink(x.tx_hash)), td(decimal(x.amount), 'num'), td(blockLink(x.block_height), 'num'), td(dateTime(x.credited_at), 'opt')),
  'No deposits yet.', 4);
  rows($('#withdrawals tbody'), w.withdrawals || [], (x) => h('tr', { dataset: { withdrawalId: String(x.withdrawal_id) } },
    td(txLink(x.tx_hash) || h('span', { class: 'muted' }, 'not signed yet')), td(decimal(x.amount), 'num'),
    td(decimal(x.fee), 'num opt'), td(x.status + (x.error ? ': ' + x.error : '')), td(blockLink(x.block_height), 'num')),
  'No withdrawals yet.', 5);
}

async function refreshAccount(withTransfers = false) {
  if (!session.token) return;
  try {
    await Promise.all([loadMyOrders(), loadMyFills(), loadBalances(), withTransfers ? loadTransfers() : null]);
  } catch (e) {
    if (session.token) $('#account-note').textContent = 'could not be read: ' + e.message;
  }
}

function clearAccount() {
  rows($('#my-orders tbody'), [], orderRow, 'Sign in to see your orders.', 8);
  rows($('#my-fills tbody'), [], fillRow, 'Sign in to see your fills.', 7);
  rows($('#deposits tbody'), [], null, 'Sign in to see your deposits.', 4);
  rows($('#withdrawals tbody'), [], null, 'Sign in to see your withdrawals.', 5);
  for (const id of ['balance-aitbc-available', 'balance-aitbc-reserved', 'balance-btc-available', 'balance-btc-reserved']) {
    const el = document.getElementById(id);
    el.textContent = '–';
    delete el.dataset.units;
  }
}

let refreshTimer = null;
/** Trades, stats, own orders and balances after a change in the book, at most every 300 ms. */
function scheduleRefresh() {
  if (refreshTimer) return;
  refreshTimer = setTimeout(() => {
    refreshTimer = null;
    refreshMarket();
    refreshAccount();
  }, 300);
}

// ---- signing in ----

function showSignedIn() {
  $('#signin-form').hidden = true;
  $('#signed-in').hidden = false;
  const a = $('#signed-in-as');
  a.textContent = session.wallet;
  a.href = '/explorer/address/' + encodeURIComponent(session.wallet);
  $('#wallet-badge').textContent = 'signed in';
  $('#wallet-badge').classList.add('on');
  $('#account-note').textContent = '';
  $('#order-submit').disabled = false;
  $('#withdraw-submit').disabled = false;
}

function showSignedOut(note) {
  $('#signin-form').hidden = false;
  $('#signed-in').hidden = true;
  $('#signed-in-as').textContent = '';
  $('#wallet-badge').textContent = 'not signed in';
  $('#wallet-badge').classList.remove('on');
  $('#account-note').textContent = 'sign in to see them';
  $('#signin-status').textContent = note || '';
  clearAccount();
}

async function doSignIn() {
  const status = $('#signin-status');
  const seed = $('#key-seed').value.trim();
  if (!seed) {
    message(status, 'Paste your 64-hex-digit private key, or make a new one with “New key”.', false);
    $('#key-seed').focus();
    return;
  }
  $('#sign-in').disabled = true;
  try {
    let key;
    try {
      key = await WalletKey.fromSeed(seed);
    } catch (e) {
      $('#key-seed').setAttribute('aria-invalid', 'true');
      throw new Error(e.name === 'NotSupportedError' ? 'this browser has no Ed25519 in WebCrypto' : e.message);
    }
    $('#key-seed').removeAttribute('aria-invalid');
    message(status, 'Signing the challenge in this browser…');
    const challenge = await api('/exchange/api/auth/challenge', { wallet_address: key.address });
    const signature = await key.sign(new TextEncoder().encode(challenge.challenge));
    const login = await api('/exchange/api/auth/login', { wallet_address: key.address, public_key: key.publicKey, signature });
    saveSession(login);
    $('#key-seed').value = ''; // the page needs only the session token from here on
    $('#key-note').textContent = '';
    showSignedIn();
    message(status, login.expires_at ? 'Signed in until ' + dateTime(login.expires_at) : 'Signed in.', true);
    await refreshAccount(true);
  } catch (e) {
    message(status, 'Sign-in refused: ' + e.message, false);
  } finally {
    $('#sign-in').disabled = false;
  }
}

async function generateKey() {
  try {
    const key = await WalletKey.generate();
    $('#key-seed').value = key.seedHex;
    $('#key-note').textContent = `A new key for ${key.address}. Copy these 64 hex digits now: this page keeps no other copy, `
      + 'and the funds of this address need it.';
  } catch (e) {
    message($('#signin-status'), 'No key could be made: ' + e.message, false);
  }
}

async function signOut() {
  try {
    await api('/exchange/api/auth/logout', {});
  } catch (e) { /* the token is dropped here either way */ }
  clearSession();
  showSignedOut('Signed out.');
}

// ---- orders ----

function preview() {
  const out = $('#order-preview');
  try {
    const amount = parseDecimal($('#order-amount').value);
    const price = $('#order-price').value.trim();
    let text = `= ${int(amount)} units`;
    if (/^\d+$/.test(price) && BigInt(price) > 0n) {
      const q = quoteOf(amount, price);
      text += ` · quote ${int(q)} sat (${decimal(q)} BTC)`;
    }
    out.textContent = text;
  } catch (e) {
    out.textContent = $('#order-amount').value.trim() ? e.message : '';
  }
}

async function submitOrder(event) {
  event.preventDefault();
  const msg = $('#order-message');
  for (const id of ['order-amount', 'order-price']) $('#' + id).removeAttribute('aria-invalid');
  if (!session.token) {
    message(msg, 'Sign in first: orders are placed from your account.', false);
    return;
  }
  let amount;
  let price;
  try {
    amount = parseDecimal($('#order-amount').value);
  } catch (e) {
    $('#order-amount').setAttribute('aria-invalid', 'true');
    message(msg, e.message, false);
    return;
  }
  price = $('#order-price').value.trim();
  if (!/^\d+$/.test(price) || BigInt(price) < 1n || BigInt(price) > BigInt(Number.MAX_SAFE_INTEGER)) {
    $('#order-price').setAttribute('aria-invalid', 'true');
    message(msg, 'price: a whole number of satoshi per AITBC, at least 1', false);
    return;
  }
  $('#order-submit').disabled = true;
  try {
    const o = await api('/exchange/api/orders', { order_type: $('#order-side').value, amount: Number(amount), price: Number(price) });
    const n = (o.trades || []).length;
    message(msg, `Order ${o.id} ${o.status}: ${o.order_type} ${decimal(o.amount)} AITBC at ${int(o.price)} sat, `
      + `filled ${decimal(o.filled)}, remaining ${decimal(o.remaining)}` + (n ? ` (${n} trade${n > 1 ? 's' : ''})` : ''), true);
    msg.dataset.orderId = String(o.id);
    await Promise.all([refreshAccount(), refreshMarket()]);
  } catch (e) {
    const field = e.body && e.body.field;
    if (field === 'amount' || field === 'price') $('#order-' + field).setAttribute('aria-invalid', 'true');
    message(msg, 'Refused: ' + e.message, false);
  } finally {
    $('#order-submit').disabled = false;
  }
}

async function cancelOrder(id, button) {
  button.disabled = true;
  try {
    const o = await api('/exchange/api/orders/' + encodeURIComponent(id), undefined, 'DELETE');
    message($('#order-message'), `Order ${o.id} ${o.status}.`, true);
    const row = button.closest('tr');
    if (row) {
      row.dataset.status = o.status;
      row.querySelector('.status-cell').textContent = o.status;
    }
    await refreshAccount();
  } catch (e) {
    message($('#order-message'), `Order ${id} was not canceled: ${e.message}`, false);
    button.disabled = false;
  }
}

// ---- deposits and withdrawals ----

async function loadDepositAddress() {
  try {
    const d = await api('/exchange/api/wallet/deposit-address');
    fill($('#deposit-address'), addressLink(d.address));
    // the heading above already says what to send (the API's note says it again): only when it counts, and where
    const n = d.confirmations;
    $('#deposit-note').textContent = [n !== undefined ? `credited once it is in a block, after ${n} confirmation${n === 1 ? '' : 's'}` : null,
      d.chain_id ? `chain ${d.chain_id}` : null].filter(Boolean).join(' · ');
  } catch (e) {
    $('#deposit-address').textContent = 'unavailable: ' + e.message;
  }
}

async function submitWithdrawal(event) {
  event.preventDefault();
  const msg = $('#withdraw-message');
  $('#withdraw-amount').removeAttribute('aria-invalid');
  if (!session.token) {
    message(msg, 'Sign in first: withdrawals go to the wallet you sign in with.', false);
    return;
  }
  let amount;
  try {
    amount = parseDecimal($('#withdraw-amount').value);
  } catch (e) {
    $('#withdraw-amount').setAttribute('aria-invalid', 'true');
    message(msg, e.message, false);
    return;
  }
  $('#withdraw-submit').disabled = true;
  try {
    const w = await api('/exchange/api/wallet/withdraw', { amount: Number(amount) });
    fill(msg, `Withdrawal ${w.withdrawal_id} ${w.status}: ${decimal(w.amount)} AITBC + fee ${decimal(w.fee)} to `,
      addressLink(w.to), ' — ', w.tx_hash ? ['transaction ', txLink(w.tx_hash)] : 'the transaction is listed below once signed',
      w.error ? ` (${w.error})` : '');
    msg.className = 'ok';
    await Promise.all([refreshAccount(true)]);
  } catch (e) {
    if (e.body && e.body.field === 'amount') $('#withdraw-amount').setAttribute('aria-invalid', 'true');
    message(msg, 'Refused: ' + e.message, false);
  } finally {
    $('#withdraw-submit').disabled = false;
  }
}

// ---- solvency, recomputed at every new block ----

let nodeUp = null; // null: not known yet
let lastHeight = null;

async function solvency(head, why) {
  try {
    const text = await apiText('/exchange/api/solvency');
    const s = JSON.parse(text);
    const owed = bigField(text, 'accounts_available') + bigField(text, 'accounts_reserved') + bigField(text, 'pending_withdrawals');
    let balance = bigField(text, 'chain_balance');
    let height = s.height;
    let source;
    if (head) {
      const b = await apiText('/rpc/getBalance/' + encodeURIComponent(s.hot_wallet));
      balance = bigField(b, 'balance');
      height = head.height;
      const serverSurplus = bigField(text, 'surplus');
      source = `recomputed in this browser: the node's balance at block ${int(head.height)} minus what the exchange owes`
        + (serverSurplus === balance - owed ? ' (the exchange reports the same)' : ` (the exchange reported a surplus of ${decimal(serverSurplus)} at block ${int(s.height)})`);
    } else {
      source = why || 'the exchange\'s own figure: this server has no node API (/rpc/head did not answer), so the balance '
        + 'is not recomputed here';
    }
    const surplus = balance - owed;
    const ok = surplus >= 0n;
    const status = $('#solvency-status');
    status.textContent = ok ? 'solvent ✓' : 'not solvent ✗';
    status.className = 'badge ' + (ok ? 'good' : 'bad');
    fill($('#solvency-wallet'), addressLink(s.hot_wallet));
    fill($('#solvency-height'), blockLink(height));
    $('#solvency-height').dataset.height = String(height);
    $('#solvency-balance').textContent = `${decimal(balance)} AITBC`;
    $('#solvency-required').textContent = `${decimal(owed)} AITBC`;
    $('#solvency-surplus').textContent = `${decimal(surplus)} AITBC`;
    $('#solvency-source').textContent = source;
    $('#solvency').dataset.source = head ? 'browser' : 'server';
  } catch (e) {
    $('#solvency-source').textContent = 'could not be read: ' + e.message;
  }
}

async function pollHead() {
  let head = null;
  try {
    const r = await fetch('/rpc/head', { cache: 'no-store', headers: { Accept: 'application/json' } });
    if (r.ok) head = await r.json();
  } catch (e) { /* no node here */ }
  if (!head || head.height === undefined) {
    if (nodeUp !== false) {
      nodeUp = false;
      solvency(null);
    }
    setTimeout(pollHead, 30000); // ask again now and then; the exchange's figure meanwhile
    return;
  }
  nodeUp = true;
  if (head.height !== lastHeight) {
    lastHeight = head.height;
    await solvency(head);
    refreshAccount(true);
  }
  setTimeout(pollHead, 2000);
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
  $('#key-generate').addEventListener('click', generateKey);
  $('#sign-in').addEventListener('click', doSignIn);
  $('#key-seed').addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      doSignIn();
    }
  });
  $('#sign-out').addEventListener('click', signOut);
  $('#order-form').addEventListener('submit', submitOrder);
  $('#order-form').addEventListener('input', preview);
  $('#withdraw-form').addEventListener('submit', submitWithdrawal);
  $('#withdraw-amount').addEventListener('input', () => {
    try {
      $('#withdraw-preview').textContent = `= ${int(parseDecimal($('#withdraw-amount').value))} units (a fee is added)`;
    } catch (e) {
      $('#withdraw-preview').textContent = $('#withdraw-amount').value.trim() ? e.message : '';
    }
  });
  session.onExpired = () => showSignedOut('Your session ended: sign in again.');

  new BookFeed({
    onBook: (state) => {
      renderBook(state);
      scheduleRefresh();
    },
    onStatus: showConsistency,
  }).start();

  if (restoreSession()) {
    showSignedIn();
    api('/exchange/api/auth/me').then(() => refreshAccount(true)).catch(() => {
      clearSession();
      showSignedOut('Your session ended: sign in again.');
    });
  } else {
    showSignedOut();
  }
  loadDepositAddress();
  refreshMarket();
  await solvency(null, 'the exchange\'s own figure, until this browser sees the next block');
  pollHead();
  setInterval(loadStats, 15000); // the 24 h window moves without trades too
  document.body.dataset.ready = 'true';
}

start();
