// The marketplace page: live offers with filters, stats, bids, and a job run by a wallet signed in from this
// browser (the key never leaves it): "who would take it" before submission, the escrow lock signed here, the job
// followed QUEUED → RUNNING → COMPLETED, its receipt verified here, and links into the explorer.
import { h, fill } from '../../explorer/js/ui.js';
import { verifyReceipt } from '../../explorer/js/verify.js';
import { WalletKey, forgetMarketSession, signEscrowLock, signIn, storeMarketSession, storedMarketSession }
  from '../../wallet/js/keys.js';
import { chainVerdict, filtersFrom, options, render } from './offers.js';

const $ = (sel) => document.querySelector(sel);
const session = { key: null, token: null, userId: null, wallet: null };
let offers = [];

class HttpError extends Error {
  constructor(status, body) {
    super((body && (body.detail || body.message || body.error)) || `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

/** JSON in, JSON out; a POST when a body is given; the signed-in token when there is one. */
async function api(path, body, method) {
  const headers = { Accept: 'application/json' };
  if (session.token) headers.Authorization = 'Bearer ' + session.token;
  const init = { method: method || (body === undefined ? 'GET' : 'POST'), headers, cache: 'no-store' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const r = await fetch(path, init);
  const text = await r.text();
  const json = text ? JSON.parse(text) : null;
  if (!r.ok) throw new HttpError(r.status, json);
  return json;
}

function fmtNumber(n, digits = 0) {
  return Number(n).toLocaleString('en', { maximumFractionDigits: digits });
}

// ---- offers and stats ----

const PAGE = 48;
let shownLimit = PAGE;

function showOffers() {
  const count = render($('#offers'), offers, filtersFrom($('#filters')), shownLimit, () => {
    shownLimit += PAGE;
    showOffers();
  });
  $('#offer-count').textContent = `${count} of ${offers.length}`;
  if (!document.body.dataset.offersShownAt && offers.length) {
    document.body.dataset.offersShownAt = String(performance.now());
  }
  checkOnChain();
}

// The chain's own count of each shown offer's receipts (the node's /rpc/receipts/outcomes, read through the
// coordinator's explorer API, which this page can reach on every site), for the first cards on screen;
// remembered until the counts change.
const CHAIN_CHECKS = 24;
const chainChecked = new Map();

function outcomesOnChain(signer, provider) {
  return api(`/v1/explorer/receipts/outcomes?signer=${encodeURIComponent(signer)}&provider=${encodeURIComponent(provider)}`);
}

function checkOnChain() {
  const cards = [...document.querySelectorAll('#offers .offer')].slice(0, CHAIN_CHECKS);
  for (const card of cards) {
    const o = offers.find((x) => x.id === card.dataset.minerId);
    if (!o) continue;
    const r = o.reliability;
    const key = `${o.id}:${r.completed}:${r.failed}:${r.expired}:${r.score}`;
    const known = chainChecked.get(o.id);
    if (known && known.key === key) {
      showVerdict(card, known.verdict);
      continue;
    }
    chainChecked.set(o.id, { key, verdict: null });
    outcomesOnChain(r.signer, o.id).then((answer) => {
      const verdict = chainVerdict(o, (answer.providers || []).find((p) => p.provider === o.id));
      chainChecked.set(o.id, { key, verdict });
      const now = document.querySelector(`#offers .offer[data-miner-id="${CSS.escape(o.id)}"]`);
      if (now) showVerdict(now, verdict);
    }).catch(() => chainChecked.delete(o.id));
  }
}

function showVerdict(card, verdict) {
  const el = card.querySelector('.chain-check');
  if (!el || !verdict) return;
  const c = verdict.counts;
  el.className = 'chain-check small ' + (verdict.ok ? 'ok' : 'bad');
  el.textContent = verdict.ok ? `✓ recounted from the chain (${c.completed}/${c.failed}/${c.expired})`
    : `✗ the chain counts ${c.completed} done, ${c.failed} failed, ${c.expired} expired (score ${verdict.score})`;
}

async function loadOffers() {
  try {
    offers = await api('/v1/marketplace/offers');
    options($('#f-model'), offers.flatMap((o) => o.models || []));
    options($('#f-region'), offers.map((o) => o.region));
    showOffers();
  } catch (e) {
    fill($('#offers'), h('p', { class: 'bad' }, 'Offers could not be read: ' + e.message));
  }
}

async function loadStats() {
  try {
    const s = await api('/v1/marketplace/stats');
    const shown = { ...s, averagePrice: fmtNumber(s.averagePrice, 2), utilisation: fmtNumber(100 * s.utilisation, 1) + ' %' };
    document.querySelectorAll('#stats [data-stat]').forEach((el) => { el.textContent = shown[el.dataset.stat]; });
  } catch (e) {
    // the cards keep their last values; the offers panel reports the outage
  }
}

// ---- bids ----

async function loadBids() {
  try {
    const { bids } = await api('/v1/marketplace/bids?limit=20');
    fill($('#bids'), bids.length ? h('table', { class: 'bids' },
      h('thead', {}, h('tr', {}, ['Provider', 'GPUs', 'Price / GPU-h', 'Notes', 'Status'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, bids.map((b) => h('tr', { dataset: { bidId: b.id } },
        h('td', {}, b.provider || 'any'), h('td', {}, String(b.capacity)), h('td', {}, fmtNumber(b.price, 6)),
        h('td', {}, b.notes || ''), h('td', {}, b.status)))))
      : h('p', { class: 'muted' }, 'No bids yet.'));
  } catch (e) {
    fill($('#bids'), h('p', { class: 'bad' }, 'Bids could not be read: ' + e.message));
  }
}

async function placeBid(event) {
  event.preventDefault();
  const body = { provider: $('#bid-provider').value || null, capacity: Number($('#bid-capacity').value),
    price: Number($('#bid-price').value), notes: $('#bid-notes').value || null };
  try {
    const bid = await api('/v1/marketplace/bids', body);
    $('#bid-status').textContent = 'Bid placed: ' + bid.id;
    await Promise.all([loadBids(), loadStats()]);
  } catch (e) {
    $('#bid-status').textContent = 'Refused: ' + e.message;
  }
}

// ---- wallet sign-in ----

async function useKey(key) {
  session.key = key;
  if (!(session.token && session.wallet === key.address)) { // a session kept for this tab stays with its own key
    session.token = null;
    forgetMarketSession();
  }
  $('#wallet-address').textContent = key.address;
  $('#sign-in').disabled = false;
  $('#signin-status').textContent = 'Key ready; sign in to run jobs and bid.';
}

async function doSignIn() {
  $('#sign-in').disabled = true;
  try {
    const login = await signIn(session.key, api);
    session.token = login.token;
    session.userId = login.user_id;
    session.wallet = login.wallet_address || session.key.address;
    storeMarketSession({ ...login, wallet_address: session.wallet });
    $('#signin-status').textContent = 'Signed in until ' + new Date(login.expires_at).toLocaleString();
    $('#wallet-badge').textContent = 'signed in';
    $('#wallet-badge').classList.add('on');
    $('#job-submit').disabled = false;
    $('#bid-submit').disabled = false;
  } catch (e) {
    $('#signin-status').textContent = 'Sign-in refused: ' + e.message;
    $('#sign-in').disabled = false;
  }
}

// ---- the job ----

function jobRequest() {
  const constraints = { models: [$('#job-model').value.trim()] };
  if ($('#job-min-vram').value !== '') constraints.min_vram_gb = Number($('#job-min-vram').value);
  if ($('#job-max-price').value !== '') constraints.max_price = Number($('#job-max-price').value);
  if ($('#job-region').value.trim()) constraints.region = $('#job-region').value.trim();
  return { payload: { model: $('#job-model').value.trim(), prompt: $('#job-prompt').value },
    constraints, payment_amount: Number($('#job-amount').value) };
}

function explainMatch(m) {
  const excluded = Object.entries(m.excluded_by || {}).filter(([, n]) => n > 0);
  const ok = m.miners_matching > 0;
  return h('div', { class: ok ? 'match ok' : 'match bad', id: ok ? 'match-ok' : 'no-match' },
    h('strong', {}, ok ? `${m.miners_matching} of ${m.miners_online} online miners would take it.`
      : 'No online miner would take this job.'),
    m.reason ? h('span', {}, ' ' + m.reason) : null,
    excluded.length ? h('ul', {}, excluded.map(([why, n]) => h('li', { dataset: { excludedBy: why } }, `${n} excluded by ${why}`))) : null);
}

async function checkMatch() {
  if (!session.token) {
    fill($('#match-result'), h('p', { class: 'bad' }, 'Sign in first: the match check is for clients.'));
    return null;
  }
  try {
    const req = jobRequest();
    const m = await api('/v1/jobs/match', { constraints: req.constraints, payment_amount: req.payment_amount });
    fill($('#match-result'), explainMatch(m));
    return m;
  } catch (e) {
    fill($('#match-result'), h('p', { class: 'bad' }, 'Refused: ' + e.message));
    return null;
  }
}

function step(state) {
  $('#job-status').textContent = state;
  const order = ['QUEUED', 'RUNNING', 'COMPLETED'];
  document.querySelectorAll('#job-steps li').forEach((li) => {
    li.classList.toggle('done', order.indexOf(li.dataset.state) <= order.indexOf(state));
  });
}

function link(kind, label, href) {
  return h('a', { href, dataset: { kind }, target: '_blank', rel: 'noopener' }, label);
}

async function submitJob(event) {
  event.preventDefault();
  if (!session.key) {
    fill($('#match-result'), h('p', { class: 'bad' }, 'The escrow lock is signed with your key in this browser: '
      + 'paste it above and choose “Use this key” first.'));
    return;
  }
  const match = await checkMatch();
  if (!match || match.miners_matching === 0) return; // "why no match" is on screen
  $('#job-submit').disabled = true;
  try {
    const job = await api('/v1/jobs', jobRequest());
    $('#job-progress').hidden = false;
    $('#job-id').textContent = job.job_id;
    step('QUEUED');
    const p = job.payment;
    const account = await api(`/v1/users/${encodeURIComponent(session.userId)}/balance`);
    const lock = await signEscrowLock(session.key, { chainId: p.chain_id, nonce: account.next_nonce, fee: p.fee || 0,
      amount: p.amount, arbiter: p.arbiter, expiresAtHeight: p.expires_at_height, reference: p.reference });
    const paid = await api('/v1/payments', { job_id: job.job_id, amount: p.amount, payment_tx: lock.wire });
    fill($('#job-links'), link('lock', 'escrow lock', '/explorer/tx/' + paid.escrow_tx));
    await follow(job.job_id, paid.escrow_tx);
  } catch (e) {
    $('#job-status').textContent = 'refused: ' + e.message;
  } finally {
    $('#job-submit').disabled = false;
  }
}

async function follow(jobId, lockTx) {
  let shown = false;
  const giveUpAt = Date.now() + 15 * 60 * 1000; // a job's default lifetime
  while (Date.now() < giveUpAt) {
    const view = await api('/v1/jobs/' + encodeURIComponent(jobId));
    step(view.state);
    if (['FAILED', 'CANCELED', 'EXPIRED'].includes(view.state)) return;
    if (view.state === 'COMPLETED' && view.receipt_id && !shown) {
      shown = true;
      const result = await api(`/v1/jobs/${encodeURIComponent(jobId)}/result`);
      $('#job-result').hidden = false;
      $('#job-result').textContent = JSON.stringify(result.result, null, 2);
      await showReceipt(result.receipt);
    }
    if (shown) {
      // the receipt and the settlement reach the chain after the result: link them once they are there
      fill($('#job-links'), link('lock', 'escrow lock', '/explorer/tx/' + lockTx),
        view.claim_tx ? [' · ', link('receipt', 'receipt on chain', '/explorer/receipt/' + encodeURIComponent(view.receipt_id))] : null,
        view.settle_tx ? [' · ', link('settle', 'settlement', '/explorer/tx/' + view.settle_tx)] : null);
      if (view.payment_status === 'released') return;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

async function showReceipt(receipt) {
  const [check, published] = await Promise.all([verifyReceipt(receipt), api('/v1/receipts/public-key')]);
  const byCoordinator = receipt.signature && receipt.signature.public_key === published.public_key;
  const ok = check.ok && byCoordinator;
  fill($('#job-receipt'), h('span', { class: ok ? 'ok' : 'bad', id: ok ? 'receipt-ok' : 'receipt-bad' },
    ok ? '✓ receipt verified in this browser' : '✗ receipt does not verify'),
  h('span', { class: 'muted' }, ` (${receipt.receipt_id}: ${check.checks.map((c) => (c.ok ? '✓ ' : '✗ ') + c.name).join(', ')}, `
    + (byCoordinator ? '✓ signed by the coordinator\'s published key' : '✗ not the coordinator\'s key') + ')'));
}

// ---- start ----

function theme() {
  $('#theme-toggle').addEventListener('click', () => {
    const dark = document.documentElement.dataset.theme
      ? document.documentElement.dataset.theme === 'dark' : matchMedia('(prefers-color-scheme: dark)').matches;
    document.documentElement.dataset.theme = dark ? 'light' : 'dark';
    try { localStorage.setItem('aitbc-theme', document.documentElement.dataset.theme); } catch (e) { /* private mode */ }
  });
}

/** A sign-in kept for this tab (here or on the wallet page): signed in again without the key, which only the
 *  escrow lock of a job needs. */
function restoreSignIn() {
  const saved = storedMarketSession();
  if (!saved) return;
  session.token = saved.token;
  session.userId = saved.user_id;
  session.wallet = saved.wallet_address;
  $('#wallet-address').textContent = saved.wallet_address || '';
  $('#signin-status').textContent = 'Signed in' + (saved.expires_at ? ' until ' + new Date(saved.expires_at).toLocaleString() : '')
    + '; paying a job needs the key above.';
  $('#wallet-badge').textContent = 'signed in';
  $('#wallet-badge').classList.add('on');
  $('#job-submit').disabled = false;
  $('#bid-submit').disabled = false;
}

function start() {
  theme();
  restoreSignIn();
  $('#score-formula').textContent = 'Reliability = round(100 × (completed + 1) / (completed + failed + expired + 2) × '
    + '(online ms + 10 min) / (age ms + 10 min)); ✓ when this browser computes the same from the inputs shown.';
  const refilter = () => {
    shownLimit = PAGE;
    showOffers();
  };
  $('#filters').addEventListener('input', refilter);
  $('#filters').addEventListener('change', refilter); // a select's choice, however it was made
  $('#filters').addEventListener('submit', (e) => e.preventDefault());
  $('#key-import').addEventListener('click', async () => {
    try {
      await useKey(await WalletKey.fromSeed($('#key-seed').value));
    } catch (e) {
      $('#signin-status').textContent = e.message;
    }
  });
  $('#key-generate').addEventListener('click', async () => useKey(await WalletKey.generate()));
  $('#sign-in').addEventListener('click', doSignIn);
  $('#job-check').addEventListener('click', checkMatch);
  $('#job-form').addEventListener('submit', submitJob);
  $('#bid-form').addEventListener('submit', placeBid);
  loadOffers();
  loadStats();
  loadBids();
  setInterval(() => { loadOffers(); loadStats(); }, 5000);
}

start();
