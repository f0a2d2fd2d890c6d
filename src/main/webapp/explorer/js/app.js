// AITBC block explorer: a small History-API router and the pages, reading the node's /rpc JSON API and its
// WebSocket streams. No build step, no dependency.
import { get, find, status, ApiError, enc } from './api.js';
import { liveStreams } from './live.js';
import { renderChart } from './chart.js';
import {
  h, hashView, addressView, txView, blockLink, fmt, timeView, tickRelativeTimes, table, pager, fields, badge,
  download, fill,
} from './ui.js';
import { verifyBlock, verifyTransactions, verifyTx, verifyReceipt } from './verify.js';

const BASE = '/explorer/';
const PAGE_SIZE = 20;
const CHART_BLOCKS = 50;
const main = document.getElementById('main');
window.__explorer = { navigationStart: 0, headRenderedAt: null };

// ---------- shared state: the newest head we know of ----------
let knownHead = null;
function noteHead(header) {
  if (header && (!knownHead || header.height >= knownHead.height)) knownHead = header;
}

// ---------- routing ----------
let current = null; // {abort, cleanups}

function routeOf(pathname) {
  let p = pathname.startsWith(BASE) ? pathname.slice(BASE.length) : pathname.replace(/^\/explorer\/?/, '').replace(/^\//, '');
  p = p.replace(/\/+$/, '');
  return p.split('/').map((x) => decodeURIComponent(x));
}

const routes = {
  '': overviewPage,
  blocks: blocksPage,
  block: blockPage,
  txs: transactionsPage,
  transactions: transactionsPage,
  tx: txPage,
  address: addressPage,
  receipts: receiptsPage,
  receipt: receiptPage,
  search: searchPage,
};

export function navigate(href, { replace = false } = {}) {
  const url = new URL(href, document.baseURI);
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  render(true);
}

async function render(moved) {
  if (current) {
    current.abort.abort();
    current.cleanups.forEach((f) => f());
  }
  const [name, ...rest] = routeOf(location.pathname);
  const query = new URLSearchParams(location.search);
  const page = routes[name];
  const ctx = {
    abort: new AbortController(),
    cleanups: [],
    args: rest,
    query,
    get signal() { return this.abort.signal; },
    live(stream, fn) { this.cleanups.push(liveStreams()[stream].on(fn)); },
    onReconnect(fn) {
      for (const st of Object.values(liveStreams())) {
        this.cleanups.push(st.onState((state, info) => { if (state === 'open' && info.reconnected) fn(); }));
      }
    },
    every(ms, fn) { const t = setInterval(fn, ms); this.cleanups.push(() => clearInterval(t)); },
  };
  current = ctx;
  markNav(name);
  const input = document.getElementById('search-input');
  if (name !== 'search' && input !== document.activeElement) input.value = '';
  if (moved) scrollTo(0, 0);
  try {
    if (!page || (name === '' && rest.length)) {
      showNotFound(ctx, location.pathname.slice(BASE.length), 'There is no explorer page at this address.');
    } else {
      await page(ctx);
    }
  } catch (e) {
    if (e.name === 'AbortError' || ctx.signal.aborted) return;
    if (e instanceof ApiError && e.status === 404) {
      showNotFound(ctx, rest.join('/') || name, e.message);
    } else if (e instanceof ApiError && e.status === 400) {
      showNotFound(ctx, rest.join('/') || name, 'The node refused the request: ' + e.message);
    } else {
      showError(ctx, e);
    }
  }
  if (moved && !ctx.signal.aborted) main.focus({ preventScroll: true });
}

function markNav(name) {
  const section = { '': 'overview', block: 'blocks', blocks: 'blocks', tx: 'txs', txs: 'txs', transactions: 'txs',
    receipts: 'receipts', receipt: 'receipts' }[name];
  for (const a of document.querySelectorAll('[data-nav]')) {
    if (a.dataset.nav === section) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

function setPage(ctx, title, ...content) {
  if (ctx.signal.aborted) return;
  document.title = title + ' · AITBC explorer';
  fill(main, ...content);
}

function showNotFound(ctx, what, detail, tried) {
  setPage(ctx, 'Not found',
    h('section', { class: 'notfound', id: 'not-found' },
      h('h1', {}, 'Not found'),
      h('p', { class: 'lead' }, 'Nothing matches ', h('q', { class: 'mono searched' }, what || '(empty)'), '.'),
      detail ? h('p', { class: 'muted' }, detail) : null,
      tried && tried.length ? [h('p', {}, 'What was looked for:'), h('ul', {}, tried.map((t) => h('li', {}, t)))] : null,
      h('p', {}, 'Search takes a block height, a block hash, a transaction hash (0x + 64 hex), an address ',
        '(ait1 + 40 hex) or a receipt id. Or go to the ', h('a', { href: './', 'data-link': '' }, 'overview'), ', the ',
        h('a', { href: 'blocks', 'data-link': '' }, 'blocks'), ' or the ',
        h('a', { href: 'receipts', 'data-link': '' }, 'receipts'), '.')));
}

function showError(ctx, e) {
  console.warn('explorer page failed', e);
  setPage(ctx, 'Error', h('section', { class: 'notfound' }, h('h1', {}, 'The node did not answer'),
    h('p', {}, e.message || String(e)),
    h('p', {}, h('button', { type: 'button', onclick: () => render(false) }, 'Try again'))));
}

function debounce(ctx, ms, fn) {
  let timer = null;
  ctx.cleanups.push(() => clearTimeout(timer));
  return () => {
    if (timer) return;
    timer = setTimeout(() => { timer = null; if (!ctx.signal.aborted) fn(); }, ms);
  };
}

function pageNumber(query) {
  const p = parseInt(query.get('page') || '1', 10);
  return Number.isFinite(p) && p >= 1 ? p : 1;
}

// ---------- overview ----------
async function overviewPage(ctx) {
  const [st, sync, blocks, txs, mempool] = await Promise.all([
    status(true), get('/rpc/syncStatus', ctx.signal).catch(() => null),
    get(`/rpc/blocks?limit=${CHART_BLOCKS + 1}`, ctx.signal), get('/rpc/transactions?limit=10', ctx.signal),
    get('/rpc/mempool?limit=10', ctx.signal)]);
  let headers = blocks.blocks;
  noteHead(headers[0]);
  const head = knownHead;

  const headLink = h('a', { id: 'head-height', href: 'block/' + head.height, 'data-link': '' }, fmt(head.height));
  const headAge = h('span', { id: 'head-age' }, timeView(head.timestamp));
  const tps = h('span', { id: 'tps' });
  const mempoolSize = h('span', { id: 'mempool-size' }, fmt(mempool.size));
  const peers = h('div', { id: 'peers' });
  const chartBox = h('div', { id: 'chart-box' });
  const blocksBox = h('div', { id: 'newest-blocks' });
  const txsBox = h('div', { id: 'newest-txs' });

  const card = (label, value, note) => h('div', { class: 'card' }, h('div', { class: 'card-label' }, label),
    h('div', { class: 'card-value' }, value), note ? h('div', { class: 'card-note' }, note) : null);

  function drawStats() {
    const recent = headers.slice(0, CHART_BLOCKS + 1).filter((b) => b.height > 0);
    if (recent.length >= 2) {
      const span = (Date.parse(recent[0].timestamp) - Date.parse(recent[recent.length - 1].timestamp)) / 1000;
      const count = recent.slice(0, -1).reduce((a, b) => a + b.tx_count, 0);
      tps.textContent = span > 0 ? (count / span).toFixed(2) : '—';
      tps.title = `${count} transactions in the ${recent.length - 1} blocks after height ${recent[recent.length - 1].height}, over ${Math.round(span)} s`;
    } else {
      tps.textContent = '—';
    }
    fill(chartBox, renderChart(headers.slice(0, CHART_BLOCKS + 1), { width: chartBox.clientWidth }));
    fill(blocksBox, blocksTable(headers.slice(0, 10), 'Newest blocks'));
  }
  function drawTxs(list, pending) {
    const rows = [...pending.map((p) => ({ ...p, status: 'pending' })), ...list];
    fill(txsBox, table([
      { label: 'Hash', cell: (t) => txView(t.tx_hash) },
      { label: 'Status', cell: (t) => (t.status === 'pending' ? badge('pending', 'warn') : blockLink(t.block_height)) },
      { label: 'From', cell: (t) => addressView(t.sender), class: 'opt' },
      { label: 'Age', cell: (t) => timeView(t.created_at || t.received_at) },
    ], rows.slice(0, 12), { caption: 'Newest transactions', empty: 'No transactions yet.' }));
  }
  function drawPeers(s) {
    const list = (s && s.peers) || [];
    if (!list.length) {
      fill(peers, h('span', { class: 'muted' }, 'no peers configured — this node stands alone'));
    } else {
      fill(peers, h('ul', { class: 'peers' }, list.map((p) => h('li', {},
        h('span', { class: 'mono' }, p.url), ' height ', fmt(p.height), ' ',
        badge(p.lag > 0 ? `${p.lag} ahead of us` : p.lag < 0 ? `${-p.lag} behind us` : 'in sync',
          p.lag > 2 ? 'bad' : p.lag > 0 ? 'warn' : 'good'),
        p.last_error ? h('span', { class: 'muted' }, ' ', p.last_error) : null))));
    }
    lagBanner(list);
  }

  setPage(ctx, 'Overview',
    h('h1', {}, 'Overview'),
    h('section', { class: 'cards', 'aria-label': 'Chain status' },
      card('Chain', h('span', { id: 'chain-id', class: 'mono' }, st.chain_id), `node ${st.node_id}${st.authority ? ' · authority' : ''}`),
      card('Head height', headLink, h('span', {}, 'produced ', headAge)),
      card('Block time', `${st.block_time_seconds} s`, 'a block only when transactions wait'),
      card('Throughput', h('span', {}, tps, ' tx/s'), `over the newest ${CHART_BLOCKS} blocks`),
      card('Mempool', mempoolSize, 'pending transactions'),
      card('Peers', peers)),
    h('section', { class: 'panel' }, h('h2', {}, 'Recent blocks'), chartBox),
    h('div', { class: 'two' },
      h('section', { class: 'panel' }, h('h2', {}, 'Newest blocks ', h('a', { href: 'blocks', 'data-link': '', class: 'more' }, 'all blocks')), blocksBox),
      h('section', { class: 'panel' }, h('h2', {}, 'Newest transactions ', h('a', { href: 'txs', 'data-link': '', class: 'more' }, 'all transactions')), txsBox)));
  drawStats();
  const onResize = debounce(ctx, 250, drawStats);
  addEventListener('resize', onResize);
  ctx.cleanups.push(() => removeEventListener('resize', onResize));
  drawTxs(txs.transactions, mempool.txs);
  drawPeers(sync);
  if (window.__explorer.headRenderedAt === null) {
    window.__explorer.headRenderedAt = performance.now();
    performance.mark('aitbc-head-rendered');
  }

  const refreshTxs = debounce(ctx, 400, async () => {
    try {
      const [t, m, s] = await Promise.all([get('/rpc/transactions?limit=10', ctx.signal),
        get('/rpc/mempool?limit=10', ctx.signal), get('/rpc/syncStatus', ctx.signal).catch(() => null)]);
      if (ctx.signal.aborted) return;
      mempoolSize.textContent = fmt(m.size);
      drawTxs(t.transactions, m.txs);
      drawPeers(s);
    } catch (e) {
      if (e.name !== 'AbortError') console.warn('refresh failed', e.message);
    }
  });
  ctx.live('blocks', (header) => {
    noteHead(header);
    if (headers.some((b) => b.height === header.height)) return;
    headers = [header, ...headers].sort((a, b) => b.height - a.height).slice(0, CHART_BLOCKS + 1);
    headLink.textContent = fmt(header.height);
    headLink.href = 'block/' + header.height;
    fill(headAge, timeView(header.timestamp));
    drawStats();
    refreshTxs();
  });
  ctx.live('txs', refreshTxs);
  ctx.onReconnect(() => render(false));
}

function lagBanner(peers) {
  const banner = document.getElementById('lag-banner');
  const ahead = peers.filter((p) => typeof p.lag === 'number' && p.lag > 2);
  if (!ahead.length) {
    banner.hidden = true;
    return;
  }
  const worst = ahead.reduce((a, b) => (b.lag > a.lag ? b : a));
  banner.textContent = `This node is ${worst.lag} blocks behind its peer ${worst.url}: what you see here may be out of date.`;
  banner.hidden = false;
}

function blocksTable(list, caption) {
  return table([
    { label: 'Height', cell: (b) => blockLink(b.height) },
    { label: 'Hash', cell: (b) => hashView(b.hash, 'block/' + b.height, { what: 'block hash' }) },
    { label: 'Txs', cell: (b) => fmt(b.tx_count), class: 'num' },
    { label: 'Proposer', cell: (b) => addressView(b.proposer), class: 'opt' },
    { label: 'Age', cell: (b) => timeView(b.timestamp) },
  ], list, { caption, empty: 'No blocks yet.' });
}

// ---------- blocks ----------
async function blocksPage(ctx) {
  const page = pageNumber(ctx.query);
  const box = h('div', { id: 'blocks-list' });
  async function load() {
    const data = await get(`/rpc/blocks?limit=${PAGE_SIZE}&offset=${(page - 1) * PAGE_SIZE}`, ctx.signal);
    if (data.blocks.length) noteHead(page === 1 ? data.blocks[0] : null);
    const pages = Math.max(1, Math.ceil(data.total / PAGE_SIZE));
    fill(box,
      h('p', { class: 'muted' }, `${fmt(data.total)} blocks, newest first.`),
      blocksTable(data.blocks, 'Blocks'),
      pager(page, pages, (p) => 'blocks?page=' + p, 'Block pages'));
  }
  await load();
  setPage(ctx, page > 1 ? `Blocks, page ${page}` : 'Blocks', h('h1', {}, 'Blocks'), box);
  const refresh = debounce(ctx, 300, () => load().catch(() => {}));
  ctx.live('blocks', refresh);
  ctx.onReconnect(refresh);
}

// ---------- transactions ----------
function txRowsTable(list, caption, empty, viewer) {
  return table([
    { label: 'Hash', cell: (t) => txView(t.tx_hash) },
    { label: 'Type', cell: (t) => t.type || '—', class: 'opt' },
    { label: 'From', cell: (t) => (viewer && t.sender === viewer ? badge('this address', 'self') : addressView(t.sender)) },
    { label: 'To', cell: (t) => (viewer && t.recipient === viewer ? badge('this address', 'self') : addressView(t.recipient)) },
    { label: 'Amount', cell: (t) => amountOf(t), class: 'num' },
    { label: 'Fee', cell: (t) => fmt(t.fee), class: 'num opt' },
    { label: 'Block', cell: (t) => (t.status === 'pending' || t.block_height == null ? badge('pending', 'warn') : blockLink(t.block_height)) },
    { label: 'Age', cell: (t) => timeView(t.created_at || t.received_at), class: 'opt' },
  ], list, { caption, empty });
}

function amountOf(t) {
  const a = t.amount !== undefined && t.amount !== null ? t.amount : t.payload && t.payload.amount;
  return a === undefined || a === null ? '—' : fmt(a);
}

async function transactionsPage(ctx) {
  const page = pageNumber(ctx.query);
  const box = h('div', { id: 'txs-list' });
  async function load() {
    const [data, mempool] = await Promise.all([
      get(`/rpc/transactions?limit=${PAGE_SIZE}&offset=${(page - 1) * PAGE_SIZE}`, ctx.signal),
      page === 1 ? get('/rpc/mempool?limit=20', ctx.signal) : null]);
    const pages = Math.max(1, Math.ceil(data.total / PAGE_SIZE));
    fill(box,
      mempool ? h('section', { class: 'panel' }, h('h2', {}, `Pending (${fmt(mempool.size)} in the mempool)`),
        table([
          { label: 'Position', cell: (t) => fmt(t.i), class: 'num' },
          { label: 'Hash', cell: (t) => txView(t.tx_hash) },
          { label: 'From', cell: (t) => addressView(t.sender) },
          { label: 'Nonce', cell: (t) => fmt(t.nonce), class: 'num opt' },
          { label: 'Fee', cell: (t) => fmt(t.fee), class: 'num' },
          { label: 'Received', cell: (t) => timeView(t.received_at) },
        ], mempool.txs.map((t, i) => ({ ...t, i })), { caption: 'Pending transactions', empty: 'The mempool is empty.' })) : null,
      h('section', { class: 'panel' }, h('h2', {}, `Included (${fmt(data.total)})`),
        txRowsTable(data.transactions, 'Included transactions', 'No transactions yet.'),
        pager(page, pages, (p) => 'txs?page=' + p, 'Transaction pages')));
  }
  await load();
  setPage(ctx, 'Transactions', h('h1', {}, 'Transactions'), box);
  const refresh = debounce(ctx, 400, () => load().catch(() => {}));
  ctx.live('txs', refresh);
  ctx.onReconnect(refresh);
}

// ---------- block ----------
async function findBlockByHash(hash, signal, maxBlocks) {
  const st = await status();
  if (st.genesis_hash === hash) return 0;
  if (knownHead && knownHead.hash === hash) return knownHead.height;
  for (let offset = 0; offset < maxBlocks; offset += 100) {
    const page = await get(`/rpc/blocks?limit=100&offset=${offset}`, signal);
    const hit = page.blocks.find((b) => b.hash === hash);
    if (hit) return hit.height;
    if (offset + 100 >= page.total) break;
  }
  return null;
}

async function blockPage(ctx) {
  let arg = ctx.args[0] || '';
  if (/^(0x)?[0-9a-f]{64}$/i.test(arg)) {
    const hash = '0x' + arg.replace(/^0x/i, '').toLowerCase();
    const height = await findBlockByHash(hash, ctx.signal, 100000);
    if (height === null) return showNotFound(ctx, arg, 'No block of this node has that hash.');
    arg = String(height);
    history.replaceState(null, '', 'block/' + height);
  }
  if (!/^\d+$/.test(arg)) return showNotFound(ctx, arg, 'A block is named by its height (a whole number) or its hash.');
  const [b, st] = await Promise.all([get('/rpc/blocks/' + arg, ctx.signal), status()]);
  const height = b.height;
  const headHeight = Math.max(st.height, knownHead ? knownHead.height : 0);
  const verdict = h('div', { class: 'verdict pending', id: 'block-verdict', role: 'status' }, 'Checking in your browser…');
  const nav = h('nav', { class: 'prevnext', 'aria-label': 'Neighbouring blocks' },
    height > 0 ? h('a', { href: 'block/' + (height - 1), 'data-link': '', rel: 'prev' }, '‹ Block ' + fmt(height - 1)) : h('span', {}),
    h('span', { id: 'next-block' }, height < headHeight ? h('a', { href: 'block/' + (height + 1), 'data-link': '', rel: 'next' }, 'Block ' + fmt(height + 1) + ' ›') : h('span', { class: 'muted' }, 'newest block')));
  const proposer = st.authorities.find((a) => a.address === b.proposer);
  setPage(ctx, `Block ${height}`,
    h('h1', {}, 'Block ', h('span', { class: 'mono', id: 'block-height' }, fmt(height))),
    nav,
    verdict,
    h('section', { class: 'panel' }, h('h2', {}, 'Header'), fields([
      ['Height', fmt(height)],
      ['Hash', hashView(b.hash, null, { full: true, what: 'block hash' })],
      ['Parent', height > 0 ? hashView(b.parent_hash, 'block/' + (height - 1), { full: true, what: 'parent hash' }) : hashView(b.parent_hash, null, { full: true })],
      ['Time', timeView(b.timestamp, { withLocal: true })],
      ['Proposer', height === 0 ? h('span', { class: 'muted' }, 'none (genesis)') : h('span', {}, addressView(b.proposer, { full: true }), proposer ? h('span', { class: 'muted' }, ` authority ${proposer.id}`) : '')],
      ['Transactions', fmt(b.tx_count)],
      ['tx_root', hashView(b.tx_root, null, { full: true, what: 'tx_root' })],
      ['state_root', hashView(b.state_root, null, { full: true, what: 'state_root' })],
      ['Signature', b.signature ? hashView(b.signature, null, { what: 'signature', head: 16, tail: 16 }) : h('span', { class: 'muted' }, 'none (genesis is not signed)')],
    ]), h('p', {}, h('button', { type: 'button', id: 'proof-download', onclick: () => download(`aitbc-block-${height}-proof.json`, JSON.stringify(blockProof(b, proposer, st), null, 2)) }, 'Download proof bundle'))),
    h('section', { class: 'panel' }, h('h2', {}, `Transactions (${fmt(b.transactions.length)})`),
      h('div', { id: 'block-txs' }, txRowsTable(b.transactions, 'Transactions of this block', 'This block has no transactions.'))));
  ctx.live('blocks', (header) => {
    const next = document.getElementById('next-block');
    if (next && header.height === height + 1) fill(next, h('a', { href: 'block/' + (height + 1), 'data-link': '', rel: 'next' }, 'Block ' + fmt(height + 1) + ' ›'));
  });
  const [result, txResult] = await Promise.all([verifyBlock(b, st.authorities, st.genesis_hash), verifyTransactions(b.transactions)]);
  if (ctx.signal.aborted) return;
  const checks = [...result.checks, {
    name: 'transactions', ok: txResult.ok,
    detail: txResult.ok ? `${txResult.count} transaction hash${txResult.count === 1 ? '' : 'es'} recomputed and signatures verified`
      : `${txResult.failed.length} of ${txResult.count} transactions fail: ${txResult.failed.join(', ')}`,
  }];
  renderVerdict(verdict, checks.every((c) => c.ok), checks,
    height === 0 ? 'Genesis block checked' : `Signed by ${proposer ? proposer.id : b.proposer}`);
}

function blockProof(b, proposer, st) {
  const { transactions, ...header } = b;
  return {
    format: 'aitbc-block-proof-v1', rules: 'docs/chain-format.md (RFC 8785 canonical header, SHA-256, Ed25519 over the 32 hash bytes)',
    chain_id: st.chain_id, genesis_hash: st.genesis_hash, header, tx_hashes: transactions.map((t) => t.tx_hash),
    signer: proposer ? { id: proposer.id, address: proposer.address, public_key: proposer.public_key } : null,
  };
}

function renderVerdict(box, ok, checks, summary) {
  box.className = 'verdict ' + (ok ? 'ok' : 'bad');
  box.dataset.ok = String(ok);
  fill(box,
    h('div', { class: 'verdict-head' }, h('span', { class: 'mark', 'aria-hidden': 'true' }, ok ? '✓' : '✗'),
      h('strong', {}, ok ? 'Verified in your browser' : 'Verification failed'), ' — ', summary),
    h('ul', { class: 'checks' }, checks.map((c) => h('li', { class: c.ok ? 'ok' : 'bad', 'data-check': c.name },
      h('span', { class: 'mark', 'aria-label': c.ok ? 'passed' : 'failed' }, c.ok ? '✓' : '✗'), ' ',
      h('strong', {}, c.name), ': ', h('span', { class: 'detail' }, c.detail)))));
}

// ---------- transaction ----------
async function txPage(ctx) {
  const raw = ctx.args[0] || '';
  if (!/^(0x)?[0-9a-f]{64}$/i.test(raw)) return showNotFound(ctx, raw, 'A transaction hash is 0x and 64 hex characters.');
  const hash = '0x' + raw.replace(/^0x/i, '').toLowerCase();
  const t = await get('/rpc/tx/' + hash, ctx.signal);
  const pending = t.status === 'pending';
  const verdict = h('div', { class: 'verdict pending', id: 'tx-verdict', role: 'status' }, 'Checking in your browser…');
  const receiptId = t.type === 'RECEIPT_CLAIM' && t.payload && t.payload.receipt && t.payload.receipt.receipt_id;
  setPage(ctx, 'Transaction ' + hash.slice(0, 10),
    h('h1', {}, 'Transaction'),
    h('p', { class: 'status-line' }, pending ? badge('pending', 'warn') : badge('included', 'good'), ' ',
      pending ? `position ${fmt(t.mempool_position)} in the mempool; expected in block ${fmt(t.expected_block_height)}` : h('span', {}, 'in block ', blockLink(t.block_height))),
    verdict,
    h('section', { class: 'panel' }, fields([
      ['Hash', hashView(t.tx_hash, null, { full: true, what: 'transaction hash' })],
      ['Type', t.type],
      ['Status', h('span', { id: 'tx-status' }, t.status)],
      ['Block', pending ? h('span', {}, 'pending — expected ', h('span', { class: 'mono' }, fmt(t.expected_block_height))) : blockLink(t.block_height)],
      pending ? ['Mempool position', fmt(t.mempool_position)] : ['Position in block', fmt(t.position)],
      ['From', addressView(t.sender, { full: true })],
      ['To', addressView(t.recipient, { full: true })],
      ['Amount', amountOf(t)],
      ['Fee', fmt(t.fee)],
      ['Nonce', fmt(t.nonce)],
      ['Received', timeView(t.created_at, { withLocal: true })],
      receiptId ? ['Receipt', h('a', { href: 'receipt/' + enc(receiptId), 'data-link': '' }, receiptId)] : null,
      ['Public key', hashView(t.public_key, null, { what: 'public key', head: 12, tail: 8 })],
      ['Signature', hashView(t.sig, null, { what: 'signature', head: 16, tail: 16 })],
    ])),
    h('section', { class: 'panel' }, h('h2', {}, 'Payload'), h('pre', { class: 'json' }, JSON.stringify(t.payload, null, 2))));
  if (pending) {
    ctx.live('txs', (m) => { if (m.tx_hash === hash && m.status === 'included') render(false); });
    ctx.onReconnect(() => render(false));
  }
  const result = await verifyTx(t);
  if (!ctx.signal.aborted) renderVerdict(verdict, result.ok, result.checks, `signed by ${t.sender}`);
}

// ---------- address ----------
async function addressPage(ctx) {
  const raw = ctx.args[0] || '';
  if (!/^ait1[0-9a-f]{40}$/i.test(raw)) return showNotFound(ctx, raw, 'An address is ait1 and 40 hex characters.');
  const address = raw.toLowerCase();
  if (raw !== address) history.replaceState(null, '', 'address/' + address + location.search);
  const page = pageNumber(ctx.query);
  const summaryBox = h('div', { id: 'address-summary' });
  const box = h('div', { id: 'address-history' });
  async function load() {
    const a = await get(`/rpc/address/${address}?limit=${PAGE_SIZE}&offset=${(page - 1) * PAGE_SIZE}`, ctx.signal);
    const pages = Math.max(1, Math.ceil(a.tx_count / PAGE_SIZE));
    fill(summaryBox, h('section', { class: 'cards' },
      h('div', { class: 'card' }, h('div', { class: 'card-label' }, 'Balance'), h('div', { class: 'card-value', id: 'balance' }, fmt(a.balance))),
      h('div', { class: 'card' }, h('div', { class: 'card-label' }, 'Nonce'), h('div', { class: 'card-value' }, fmt(a.nonce)), h('div', { class: 'card-note' }, `next to sign: ${fmt(a.next_nonce)}`)),
      h('div', { class: 'card' }, h('div', { class: 'card-label' }, 'Transactions'), h('div', { class: 'card-value', id: 'tx-count' }, fmt(a.tx_count)), h('div', { class: 'card-note' }, `${fmt(a.pending.length)} pending`))));
    fill(box,
      a.pending.length ? h('section', { class: 'panel' }, h('h2', {}, 'Pending'), txRowsTable(a.pending, 'Pending transactions', '', address)) : null,
      h('section', { class: 'panel' }, h('h2', {}, 'History ', h('button', { type: 'button', class: 'small', id: 'csv-export', onclick: (e) => exportCsv(address, e.currentTarget) }, 'Export CSV (all pages)')),
        txRowsTable(a.transactions, 'Transactions of this address', 'No transactions for this address yet.', address),
        pager(page, pages, (p) => `address/${address}?page=${p}`, 'History pages')));
  }
  await load();
  setPage(ctx, 'Address ' + address.slice(0, 12),
    h('h1', {}, 'Address'),
    h('p', { class: 'address-line' }, hashView(address, null, { full: true, what: 'address' })),
    summaryBox, box);
  const refresh = debounce(ctx, 400, () => load().catch(() => {}));
  ctx.live('blocks', refresh);
  ctx.live('txs', (m) => { if (m.status === 'pending' && m.sender === address) refresh(); });
  ctx.onReconnect(refresh);
}

async function exportCsv(address, button) {
  const rows = [['tx_hash', 'block_height', 'type', 'sender', 'recipient', 'amount', 'fee', 'nonce', 'created_at']];
  const quote = (v) => (v === null || v === undefined ? '' : /[",\n]/.test(String(v)) ? '"' + String(v).replace(/"/g, '""') + '"' : String(v));
  button.disabled = true;
  try {
    for (let offset = 0; ; offset += 100) {
      button.textContent = `Exporting… ${offset}`;
      const a = await get(`/rpc/address/${address}?limit=100&offset=${offset}`);
      for (const t of a.transactions) {
        rows.push([t.tx_hash, t.block_height, t.type, t.sender, t.recipient, t.amount ?? (t.payload && t.payload.amount), t.fee, t.nonce, t.created_at]);
      }
      if (a.transactions.length < 100 || offset + 100 >= a.tx_count) break;
    }
    download(`aitbc-${address}.csv`, rows.map((r) => r.map(quote).join(',')).join('\n') + '\n', 'text/csv');
  } finally {
    button.disabled = false;
    button.textContent = 'Export CSV (all pages)';
  }
}

// ---------- receipts ----------
function receiptsTable(list) {
  return table([
    { label: 'Receipt', cell: (r) => h('a', { href: 'receipt/' + enc(r.receipt_id), 'data-link': '', class: 'mono' }, r.receipt_id) },
    { label: 'Job', cell: (r) => r.job_id || '—', class: 'opt' },
    { label: 'Miner', cell: (r) => (r.payload && r.payload.provider) || '—' },
    { label: 'Units', cell: (r) => (r.payload ? `${fmt(r.payload.units)} ${r.payload.unit_type || ''}` : '—'), class: 'opt' },
    { label: 'Price', cell: (r) => fmt(r.payload && r.payload.price), class: 'num' },
    { label: 'Signer', cell: (r) => addressView(r.signer), class: 'opt' },
    { label: 'Block', cell: (r) => blockLink(r.block_height) },
    { label: 'Recorded', cell: (r) => timeView(r.recorded_at), class: 'opt' },
  ], list, { caption: 'Receipts', empty: 'No receipts recorded yet.' });
}

async function receiptsPage(ctx) {
  const page = pageNumber(ctx.query);
  const box = h('div', { id: 'receipts-list' });
  async function load() {
    const data = await get(`/rpc/receipts?limit=${PAGE_SIZE}&offset=${(page - 1) * PAGE_SIZE}`, ctx.signal);
    const pages = Math.max(1, Math.ceil(data.total / PAGE_SIZE));
    fill(box, h('p', { class: 'muted' }, `${fmt(data.total)} job receipts recorded on chain, newest first.`),
      receiptsTable(data.receipts), pager(page, pages, (p) => 'receipts?page=' + p, 'Receipt pages'));
  }
  await load();
  setPage(ctx, 'Receipts', h('h1', {}, 'Receipts'), box);
  const refresh = debounce(ctx, 400, () => load().catch(() => {}));
  ctx.live('blocks', refresh);
  ctx.onReconnect(refresh);
}

async function receiptPage(ctx) {
  const id = ctx.args.join('/');
  const r = await get('/rpc/receipts/' + enc(id), ctx.signal);
  const p = r.payload || {};
  const verdict = h('div', { class: 'verdict pending', id: 'receipt-verdict', role: 'status' }, 'Checking in your browser…');
  setPage(ctx, 'Receipt ' + id,
    h('h1', {}, 'Receipt ', h('span', { class: 'mono' }, r.receipt_id)),
    verdict,
    h('section', { class: 'panel' }, fields([
      ['Receipt id', h('span', { class: 'mono' }, r.receipt_id)],
      ['Job', r.job_id || p.job_id],
      ['Status', p.status],
      ['Miner (provider)', p.provider],
      ['Client', p.client],
      ['Units', p.units !== undefined ? `${fmt(p.units)} ${p.unit_type || ''}` : undefined],
      ['Unit price', p.unit_price !== undefined ? fmt(p.unit_price) : undefined],
      ['Price', p.price !== undefined ? fmt(p.price) : undefined],
      ['Started', p.started_at ? timeView(p.started_at, { withLocal: true }) : undefined],
      ['Completed', p.completed_at ? timeView(p.completed_at, { withLocal: true }) : undefined],
      ['Signer', addressView(r.signer, { full: true })],
      ['Minted', fmt(r.minted_amount)],
      ['Recorded in block', blockLink(r.block_height)],
      ['By transaction', txView(r.tx_hash)],
      ['Recorded', timeView(r.recorded_at, { withLocal: true })],
    ]), h('p', {}, h('button', { type: 'button', id: 'receipt-proof', onclick: () => download(`aitbc-receipt-${id}.json`, JSON.stringify({ format: 'aitbc-receipt-proof-v1', rules: 'docs/chain-format.md, Receipts', receipt: p, signer: r.signer, block_height: r.block_height, tx_hash: r.tx_hash }, null, 2)) }, 'Download proof bundle'))),
    h('section', { class: 'panel' }, h('h2', {}, 'Signed receipt'), h('pre', { class: 'json' }, JSON.stringify(p, null, 2))));
  const result = await verifyReceipt(p);
  if (ctx.signal.aborted) return;
  const checks = [...result.checks, { name: 'recorded signer', ok: result.signer === r.signer, detail: `the node recorded ${r.signer}` }];
  renderVerdict(verdict, checks.every((c) => c.ok), checks, `signed by ${result.signer || 'nobody'}`);
}

// ---------- search ----------
/** Where a search goes: {path} or {tried: [...]}. */
export async function resolveSearch(q, signal) {
  const s = q.trim();
  const tried = [];
  if (!s) return { tried: ['nothing was typed'] };
  if (/^\d+$/.test(s)) {
    const height = Number(s);
    const st = await status(true);
    const head = Math.max(st.height, knownHead ? knownHead.height : 0);
    if (height <= head) return { path: 'block/' + height };
    tried.push(`a block at height ${s} (the chain's height is ${fmt(head)})`);
  }
  const hex = s.replace(/^0x/i, '');
  if (/^[0-9a-f]{64}$/i.test(hex)) {
    const hash = '0x' + hex.toLowerCase();
    let height = await findBlockByHash(hash, signal, 100);
    if (height !== null) return { path: 'block/' + height };
    if (await find('/rpc/tx/' + hash, signal)) return { path: 'tx/' + hash };
    height = await findBlockByHash(hash, signal, 100000);
    if (height !== null) return { path: 'block/' + height };
    tried.push('a transaction with this hash (included or pending)', 'a block with this hash');
  }
  if (/^ait1[0-9a-f]{40}$/i.test(s)) return { path: 'address/' + s.toLowerCase() };
  if (/^ait1/i.test(s)) tried.push('an address (ait1 and 40 hex characters; this is not one)');
  if (s.length <= 200 && !/[\u0000-\u001f]/.test(s)) {
    const hit = await get('/rpc/transactions/search?receipt_id=' + enc(s), signal);
    if (hit.transactions.length) return { path: 'receipt/' + enc(s) };
    tried.push('a receipt with this id');
  }
  return { tried };
}

async function searchPage(ctx) {
  const q = ctx.query.get('q') || '';
  document.getElementById('search-input').value = q;
  setPage(ctx, 'Searching', h('p', { class: 'muted' }, 'Searching for ', h('q', {}, q), '…'));
  const result = await resolveSearch(q, ctx.signal);
  if (ctx.signal.aborted) return;
  if (result.path) {
    navigate(result.path, { replace: true });
    return;
  }
  showNotFound(ctx, q, null, result.tried);
}

// ---------- global wiring ----------
document.addEventListener('click', (e) => {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = e.target.closest('a[href]');
  if (!a || a.target || a.hasAttribute('download')) return;
  const url = new URL(a.href, document.baseURI);
  if (url.origin !== location.origin || !url.pathname.startsWith(BASE) && url.pathname !== '/explorer') return;
  if (url.pathname.split('/').pop().includes('.')) return;
  e.preventDefault();
  if (url.pathname === location.pathname && url.search === location.search) return;
  navigate(url.href);
});

document.getElementById('search-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const q = document.getElementById('search-input').value.trim();
  if (q) navigate('search?q=' + enc(q));
});

addEventListener('popstate', () => render(false));

const themeButton = document.getElementById('theme-toggle');
function currentTheme() {
  return document.documentElement.dataset.theme || (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');
}
function labelTheme() {
  const next = currentTheme() === 'dark' ? 'light' : 'dark';
  themeButton.setAttribute('aria-label', `Switch to the ${next} theme`);
  themeButton.title = `Switch to the ${next} theme`;
}
themeButton.addEventListener('click', () => {
  const next = currentTheme() === 'dark' ? 'light' : 'dark';
  document.documentElement.dataset.theme = next;
  try {
    localStorage.setItem('aitbc-theme', next);
  } catch (e) {
    // private mode: the choice lasts for this page only
  }
  labelTheme();
});
labelTheme();

const liveStatus = document.getElementById('live-status');
function showLive() {
  const { blocks, txs } = liveStreams();
  const open = blocks.state === 'open' && txs.state === 'open';
  liveStatus.className = 'live ' + (open ? 'on' : 'off');
  if (open) {
    liveStatus.textContent = '● live';
  } else {
    const at = Math.max(blocks.retryAt || 0, txs.retryAt || 0);
    const secs = Math.max(0, Math.ceil((at - Date.now()) / 1000));
    liveStatus.textContent = blocks.state === 'connecting' && !blocks.opened ? 'connecting…' : `reconnecting${secs ? ' in ' + secs + ' s' : '…'}`;
  }
}
for (const st of Object.values(liveStreams())) st.onState(showLive);
liveStreams().blocks.on(noteHead);
setInterval(() => { tickRelativeTimes(); if (liveStatus.classList.contains('off')) showLive(); }, 1000);

render(false);
