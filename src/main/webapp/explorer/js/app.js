// AITBC block explorer: a small History-API router and the pages, reading the node's /rpc JSON API and its
// WebSocket streams. No build step, no dependency.
import { get, find, status, ApiError, enc } from './api.js';
import { liveStreams } from './live.js';
import { renderChart } from './chart.js';
import {
  h, hashView, addressView, txView, blockLink, fmt, timeView, tickRelativeTimes, table, pager, fields, badge,
  download, fill, IN_ORDER,
} from './ui.js';
import { verifyTx, verifyReceipt } from './verify.js';
import { BlockSource } from './block-source.js';
import {
  typeLabel, isEscrowType, escrowIdOf, describeEscrowTx, escrowTxAmount, expiryInfo, payoutCheck, statusKind,
} from './escrow.js';

const BASE = '/explorer/';
const PAGE_SIZE = 20;
const CHART_BLOCKS = 50;
const HASH_RE = /^(0x)?[0-9a-f]{64}$/i;
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
  escrow: escrowPage,
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
  if (name !== 'block') dropBlockSession();
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
  document.documentElement.classList.remove('booting');
}

function showNotFound(ctx, what, detail, tried) {
  setPage(ctx, 'Not found',
    h('section', { class: 'notfound', id: 'not-found' },
      h('h1', {}, 'Not found'),
      h('p', { class: 'lead' }, 'Nothing matches ', h('q', { class: 'mono searched' }, what || '(empty)'), '.'),
      detail ? h('p', { class: 'muted' }, detail) : null,
      tried && tried.length ? [h('p', {}, 'What was looked for:'), h('ul', {}, tried.map((t) => h('li', {}, t)))] : null,
      h('p', {}, 'Search takes a block height, a block hash, a transaction hash or escrow id (0x + 64 hex), an address ',
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

function normHash(raw) {
  return '0x' + raw.replace(/^0x/i, '').toLowerCase();
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
    { label: 'Type', cell: (t) => h('span', { title: describeEscrowTx(t) || t.type }, typeLabel(t.type)), class: 'opt' },
    { label: 'From', cell: (t) => (viewer && t.sender === viewer ? badge('this address', 'self') : addressView(t.sender)) },
    { label: 'To', cell: (t) => (isEscrowType(t.type) ? escrowCell(t)
      : viewer && t.recipient === viewer ? badge('this address', 'self') : addressView(t.recipient)) },
    { label: 'Amount', cell: (t) => amountOf(t), class: 'num' },
    { label: 'Fee', cell: (t) => fmt(t.fee), class: 'num opt' },
    { label: 'Block', cell: (t) => (t.status === 'pending' || t.block_height == null ? badge('pending', 'warn') : blockLink(t.block_height)) },
    { label: 'Age', cell: (t) => timeView(t.created_at || t.received_at), class: 'opt' },
  ], list, { caption, empty });
}

function amountOf(t, escrow) {
  // escrow transactions have no recipient and their top-level amount would not say what moved: read the payload
  if (isEscrowType(t.type)) return fmt(escrowTxAmount(t, escrow));
  const a = t.amount !== undefined && t.amount !== null ? t.amount : t.payload && t.payload.amount;
  return a === undefined || a === null ? '—' : fmt(a);
}

/** The "To" of an escrow transaction: the escrow it opens or closes. A pending lock's escrow does not exist
 *  yet, so it gets no link (the link would only find a 404). */
function escrowCell(t) {
  const id = escrowIdOf(t);
  const opening = t.type === 'ESCROW_LOCK';
  if (!id) return h('span', { class: 'muted' }, '—');
  if (opening && (t.status === 'pending' || t.block_height == null)) return h('span', { class: 'muted' }, 'new escrow');
  return h('span', { class: 'escrow-ref' }, h('span', { class: 'muted' }, opening ? 'new escrow ' : 'escrow '),
    hashView(id, 'escrow/' + id, { what: 'escrow id', head: 6, tail: 4 }));
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
const BLOCK_TXS_PER_PAGE = 50;
// The block shown last: its header, the source of its transactions (the verification worker) and what the
// verification found so far. Kept while the reader pages through the block's transactions or goes back and
// forth between them; dropped on leaving the block.
let blockSession = null;

function dropBlockSession() {
  if (blockSession) blockSession.source.close();
  blockSession = null;
}

function blockHref(height, page) {
  return 'block/' + height + (page > 1 ? '?page=' + page : '');
}

/** Runs fn once the page drawn now has been painted (or after 200 ms, e.g. in a background tab). */
function afterPaint(fn) {
  let done = false;
  const once = () => {
    if (!done) {
      done = true;
      fn();
    }
  };
  requestAnimationFrame(() => setTimeout(once, 0));
  setTimeout(once, 200);
}

async function blockPage(ctx) {
  const arg = ctx.args[0] || '';
  const byHash = HASH_RE.test(arg);
  if (!byHash && !/^\d+$/.test(arg)) return showNotFound(ctx, arg, 'A block is named by its height (a whole number) or its hash.');
  const hash = byHash ? normHash(arg) : null;
  const height = byHash ? null : Number(arg);
  let session = blockSession && (byHash ? blockSession.header.hash === hash : blockSession.height === height) ? blockSession : null;
  if (!session) {
    dropBlockSession();
    session = await openBlockSession(ctx, height, hash);
    if (ctx.signal.aborted) {
      session.source.close();
      return;
    }
    blockSession = session;
  }
  if (byHash) history.replaceState(null, '', blockHref(session.height, pageNumber(ctx.query)));
  drawBlockPage(ctx, session);
}

/** The header first (small), so that the page is drawn at once; the whole block (~3.3 MB of JSON for 5,000
 *  transactions) is fetched, parsed and verified by the worker after that. By hash there is no header-only
 *  lookup: the whole block comes first. */
async function openBlockSession(ctx, height, hash) {
  // fresh on a first load: the head height places the block in the newest-first list of headers
  const st = await status(!knownHead);
  const url = hash ? '/rpc/blocks/by-hash/' + hash : '/rpc/blocks/' + height;
  const source = new BlockSource(url, st.authorities, st.genesis_hash);
  let header = null;
  if (!hash) {
    let head = Math.max(st.height, knownHead ? knownHead.height : 0);
    if (height > head) head = Math.max(head, (await status(true)).height);
    if (height > head) throw new ApiError(404, { detail: `There is no block at height ${fmt(height)}: the chain's height is ${fmt(head)}.` }, url);
    const list = await get(`/rpc/blocks?limit=3&offset=${head - height}`, ctx.signal);
    header = (list.blocks || []).find((b) => b.height === height) || null;
  }
  if (!header) {
    const first = (pageNumber(ctx.query) - 1) * BLOCK_TXS_PER_PAGE;
    source.start({ start: first, end: first + BLOCK_TXS_PER_PAGE });
    try {
      header = (await source.loaded).header;
    } catch (e) {
      source.close();
      throw e;
    }
  }
  return { height: header.height, header, source, st };
}

function drawBlockPage(ctx, session) {
  const { header: b, st, source } = session;
  const height = b.height;
  const headHeight = Math.max(st.height, knownHead ? knownHead.height : 0);
  const proposer = st.authorities.find((a) => a.address === b.proposer);
  const verdict = blockVerdict(b, st, proposer);
  const nav = h('nav', { class: 'prevnext', 'aria-label': 'Neighbouring blocks' },
    height > 0 ? h('a', { href: 'block/' + (height - 1), 'data-link': '', rel: 'prev' }, '‹ Block ' + fmt(height - 1)) : h('span', {}),
    h('span', { id: 'next-block' }, height < headHeight ? h('a', { href: 'block/' + (height + 1), 'data-link': '', rel: 'next' }, 'Block ' + fmt(height + 1) + ' ›') : h('span', { class: 'muted' }, 'newest block')));
  const txTitle = h('h2', { id: 'block-txs-title', tabindex: '-1' }, `Transactions (${fmt(b.tx_count)})`);
  const txBox = h('div', { id: 'block-txs' });
  const txPanel = h('section', { class: 'panel', id: 'block-txs-panel' }, txTitle, txBox);
  const proofButton = h('button', { type: 'button', id: 'proof-download' }, 'Download proof bundle');
  proofButton.addEventListener('click', async () => {
    proofButton.disabled = true;
    try {
      const hashes = await source.hashes();
      download(`aitbc-block-${height}-proof.json`, JSON.stringify(blockProof(b, hashes, proposer, st), null, 2));
    } catch (e) {
      console.warn('proof bundle not available', e.message);
    } finally {
      proofButton.disabled = false;
    }
  });
  setPage(ctx, `Block ${height}`,
    h('h1', {}, 'Block ', h('span', { class: 'mono', id: 'block-height' }, fmt(height))),
    nav,
    verdict.el,
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
    ]), h('p', {}, proofButton)),
    txPanel);
  if (ctx.signal.aborted) return;

  // the transactions: one page of rows at a time, the page number in the URL (?page=N)
  let wanted = pageNumber(ctx.query);
  let drawing = 0;
  async function showTxs(page) {
    const count = source.state.count;
    const pages = Math.max(1, Math.ceil(count / BLOCK_TXS_PER_PAGE));
    const p = Math.min(Math.max(1, page), pages);
    const id = ++drawing;
    const start = (p - 1) * BLOCK_TXS_PER_PAGE;
    const rows = await source.rows(start, start + BLOCK_TXS_PER_PAGE);
    if (id !== drawing || ctx.signal.aborted) return false;
    if (p !== page) history.replaceState(null, '', blockHref(height, p));
    wanted = p;
    txBox.classList.remove('txs-loading');
    txBox.style.removeProperty('--rows');
    if (count !== b.tx_count) txTitle.textContent = `Transactions (${fmt(count)})`;
    fill(txBox,
      pages > 1 ? h('p', { class: 'muted', id: 'block-txs-range' }, `${fmt(start + 1)}–${fmt(start + rows.length)} of ${fmt(count)}, in block order.`) : null,
      txRowsTable(rows, 'Transactions of this block', 'This block has no transactions.'),
      pager(p, pages, (q) => blockHref(height, q), 'Transaction pages', IN_ORDER));
    return true;
  }
  function showLoadFailure(e) {
    txBox.classList.remove('txs-loading');
    txBox.style.removeProperty('--rows');
    fill(txBox, h('p', { class: 'muted empty' }, 'The transactions could not be loaded: ' + (e.message || String(e)) + ' ',
      h('button', { type: 'button', class: 'small', onclick: () => { dropBlockSession(); render(false); } }, 'Try again')));
  }
  if (source.state.header) {
    showTxs(wanted);
  } else if (source.state.error) {
    showLoadFailure(source.state.error);
  } else {
    // room for the rows to come, so that nothing below moves when they do
    txBox.classList.add('txs-loading');
    txBox.style.setProperty('--rows', String(Math.min(BLOCK_TXS_PER_PAGE, Math.max(1, b.tx_count || 0))));
    fill(txBox, h('p', { class: 'muted' }, b.tx_count ? `Loading ${fmt(b.tx_count)} transaction${b.tx_count === 1 ? '' : 's'}…` : 'Loading…'));
  }
  txPanel.addEventListener('click', (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = e.target.closest('.pager a[data-page]');
    if (!a) return;
    e.preventDefault();
    const label = a.textContent;
    const page = Number(a.dataset.page);
    history.pushState(null, '', blockHref(height, page));
    showTxs(page).then((drawn) => {
      if (!drawn) return;
      if (txPanel.getBoundingClientRect().top < 0) txPanel.scrollIntoView({ block: 'start' });
      const same = [...txBox.querySelectorAll('.pager a')].find((x) => x.textContent === label);
      (same || txTitle).focus({ preventScroll: true });
    });
  });

  verdict.update(source.state);
  ctx.cleanups.push(source.on((m, state) => {
    if (ctx.signal.aborted) return;
    if (m.type === 'loaded' && m.header.hash !== b.hash) {
      // the node now answers with another block at this height than the header drawn: draw the one checked
      session.header = m.header;
      render(false);
      return;
    }
    verdict.update(state);
    if (m.type === 'loaded') showTxs(wanted);
    if (m.type === 'error') showLoadFailure(state.error);
  }));
  ctx.live('blocks', (header) => {
    const next = document.getElementById('next-block');
    if (next && header.height === height + 1) fill(next, h('a', { href: 'block/' + (height + 1), 'data-link': '', rel: 'next' }, 'Block ' + fmt(height + 1) + ' ›'));
  });
  // the big download starts once this page is on screen
  const first = (Math.min(wanted, Math.max(1, Math.ceil((b.tx_count || 0) / BLOCK_TXS_PER_PAGE))) - 1) * BLOCK_TXS_PER_PAGE;
  if (!source.started) afterPaint(() => { if (!ctx.signal.aborted) source.start({ start: first, end: first + BLOCK_TXS_PER_PAGE }); });
}

/**
 * The ✓/✗ panel of a block, drawn at once with every check it will hold (pending, each with the text it
 * will have when it passes) and filled in place as the verification reports, so that nothing on the page
 * moves when the results come.
 */
function blockVerdict(b, st, proposer) {
  const n = typeof b.tx_count === 'number' ? b.tx_count : 0;
  const expected = [];
  if (typeof b.tx_count === 'number') expected.push(['tx_count', `header says ${b.tx_count}, block lists ${b.tx_count}`]);
  expected.push(['tx_root', `Merkle root of ${n} transaction hash${n === 1 ? '' : 'es'} = ${b.tx_root}`]);
  expected.push(['block hash', `SHA-256 of the canonical header = ${b.hash}`]);
  if (b.height === 0) {
    expected.push(['genesis', 'genesis is not signed; its hash is the chain\'s identity'
      + (st.genesis_hash ? ` (node's genesis_hash ${st.genesis_hash})` : '')]);
  } else if (!proposer) {
    expected.push(['proposer', `${b.proposer} is not an authority of this chain`]);
  } else {
    expected.push(['authority key', `key ${proposer.public_key} derives ${b.proposer}`],
      ['signature', `Ed25519 signature over the 32 hash bytes by ${proposer.id || b.proposer}`]);
  }
  expected.push(['transactions', txsDetail(0, n)]);
  const summary = b.height === 0 ? 'Genesis block checked' : `Signed by ${proposer ? proposer.id : b.proposer}`;

  const headMark = h('span', { class: 'mark', 'aria-hidden': 'true' }, '…');
  const headText = h('strong', {}, 'Verifying in your browser');
  const list = h('ul', { class: 'checks' });
  const items = new Map();
  function item(name) {
    let it = items.get(name);
    if (!it) {
      const mark = h('span', { class: 'mark', 'aria-label': 'checking' }, '…');
      const detail = h('span', { class: 'detail' });
      const li = h('li', { class: 'pending', 'data-check': name }, mark, ' ', h('strong', {}, name), ': ', detail);
      it = { li, mark, detail, settled: false };
      items.set(name, it);
      if (name !== 'transactions' && items.has('transactions')) list.insertBefore(li, items.get('transactions').li);
      else list.append(li);
    }
    return it;
  }
  function set(name, ok, detail) {
    const it = item(name);
    it.li.className = ok === null ? 'pending' : ok ? 'ok' : 'bad';
    it.mark.textContent = ok === null ? '…' : ok ? '✓' : '✗';
    it.mark.setAttribute('aria-label', ok === null ? 'checking' : ok ? 'passed' : 'failed');
    if (it.detail.textContent !== detail) it.detail.textContent = detail;
    it.settled = ok !== null;
  }
  for (const [name, detail] of expected) set(name, null, detail);
  const el = h('div', { class: 'verdict pending', id: 'block-verdict', role: 'status', 'aria-busy': 'true' },
    h('div', { class: 'verdict-head' }, headMark, headText, ' — ', summary), list);

  function finish(ok, text) {
    el.className = 'verdict ' + (ok ? 'ok' : 'bad');
    el.dataset.ok = String(ok);
    el.removeAttribute('aria-busy');
    headMark.textContent = ok ? '✓' : '✗';
    headText.textContent = text || (ok ? 'Verified in your browser' : 'Verification failed');
  }
  function update(s) {
    if (el.dataset.ok) return;
    if (s.checks) {
      for (const c of s.checks.checks) set(c.name, c.ok, c.detail);
      // a check that was expected but not run (the verifier stopped early) is not shown
      for (const [name, it] of items) {
        if (name !== 'transactions' && !it.settled) {
          it.li.remove();
          items.delete(name);
        }
      }
    }
    if (s.txs) {
      const t = s.txs;
      set('transactions', t.ok, t.ok ? txsDetail(t.count, t.count) : failedDetail(t));
    } else if (s.progress) {
      set('transactions', null, txsDetail(s.progress.done, s.progress.total));
    }
    const trouble = s.error ? 'the block could not be loaded: ' + s.error.message : s.failed ? 'the check could not run: ' + s.failed : null;
    if (trouble) {
      for (const [name, it] of items) if (!it.settled) set(name, false, name === 'transactions' ? trouble : 'not checked');
      finish(false, 'Verification failed');
      el.querySelector('.verdict-head').lastChild.textContent = trouble;
      return;
    }
    if (s.checks && s.txs) finish(s.checks.ok && s.txs.ok);
  }
  return { el, update };
}

function txsDetail(done, total) {
  return `${fmt(done)} of ${fmt(total)} transaction hash${total === 1 ? '' : 'es'} recomputed and signature${total === 1 ? '' : 's'} verified`;
}

function failedDetail(t) {
  const shown = t.failed.slice(0, 10);
  return `${fmt(t.failed.length)} of ${fmt(t.count)} transactions fail: ${shown.join(', ')}`
    + (t.failed.length > shown.length ? ` and ${fmt(t.failed.length - shown.length)} more` : '');
}

function blockProof(header, txHashes, proposer, st) {
  return {
    format: 'aitbc-block-proof-v1', rules: 'docs/chain-format.md (RFC 8785 canonical header, SHA-256, Ed25519 over the 32 hash bytes)',
    chain_id: st.chain_id, genesis_hash: st.genesis_hash, header, tx_hashes: txHashes,
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
  if (!HASH_RE.test(raw)) return showNotFound(ctx, raw, 'A transaction hash is 0x and 64 hex characters.');
  const hash = normHash(raw);
  const t = await get('/rpc/tx/' + hash, ctx.signal);
  const pending = t.status === 'pending';
  const escrowId = escrowIdOf(t);
  // a pending lock has no escrow yet; any other escrow transaction names one the node knows
  const escrow = escrowId && !(pending && t.type === 'ESCROW_LOCK')
    ? await find('/rpc/escrow/' + escrowId, ctx.signal).catch((e) => { if (e.name === 'AbortError') throw e; return null; })
    : null;
  const verdict = h('div', { class: 'verdict pending', id: 'tx-verdict', role: 'status' }, 'Checking in your browser…');
  const receiptId = t.type === 'RECEIPT_CLAIM' && t.payload && t.payload.receipt && t.payload.receipt.receipt_id;
  const settleReceipt = t.type === 'ESCROW_SETTLE' && t.payload && typeof t.payload.receipt_id === 'string' && t.payload.receipt_id;
  const summary = describeEscrowTx(t, escrow);
  setPage(ctx, 'Transaction ' + hash.slice(0, 10),
    h('h1', {}, 'Transaction'),
    h('p', { class: 'status-line' }, pending ? badge('pending', 'warn') : badge('included', 'good'), ' ',
      pending ? `position ${fmt(t.mempool_position)} in the mempool; expected in block ${fmt(t.expected_block_height)}` : h('span', {}, 'in block ', blockLink(t.block_height))),
    summary ? h('p', { class: 'summary', id: 'tx-summary' }, summary, '.') : null,
    verdict,
    h('section', { class: 'panel' }, fields([
      ['Hash', hashView(t.tx_hash, null, { full: true, what: 'transaction hash' })],
      ['Type', h('span', { title: t.type }, typeLabel(t.type))],
      ['Status', h('span', { id: 'tx-status' }, t.status)],
      ['Block', pending ? h('span', {}, 'pending — expected ', h('span', { class: 'mono' }, fmt(t.expected_block_height))) : blockLink(t.block_height)],
      pending ? ['Mempool position', fmt(t.mempool_position)] : ['Position in block', fmt(t.position)],
      ['From', addressView(t.sender, { full: true })],
      escrowId ? ['Escrow', txEscrowView(t, escrowId, escrow, pending)] : ['To', addressView(t.recipient, { full: true })],
      t.type === 'ESCROW_SETTLE' ? ['Payouts', payoutList(t.payload && t.payload.payouts)] : null,
      ['Amount', amountOf(t, escrow)],
      settleReceipt ? ['For receipt', h('a', { href: 'receipt/' + enc(settleReceipt), 'data-link': '' }, settleReceipt)] : null,
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

/** The escrow row of an escrow transaction's page: a link with the escrow's current status. */
function txEscrowView(t, escrowId, escrow, pending) {
  if (pending && t.type === 'ESCROW_LOCK') {
    return h('span', { id: 'tx-escrow', class: 'muted' }, 'opens when this transaction is included (its id will be this hash)');
  }
  return h('span', { id: 'tx-escrow' }, hashView(escrowId, 'escrow/' + escrowId, { full: true, what: 'escrow id' }), ' ',
    escrow ? badge(escrow.status, statusKind(escrow.status)) : null);
}

function payoutList(payouts) {
  if (!Array.isArray(payouts) || !payouts.length) return h('span', { class: 'muted' }, '—');
  return h('ul', { class: 'plain' }, payouts.map((p) => h('li', {}, addressView(p && p.recipient), ' ', h('span', { class: 'mono' }, fmt(p && p.amount)))));
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
    const escrows = Array.isArray(a.escrows) ? a.escrows : [];
    // the head for "expires in N blocks": the live one, or the node's (cached) status when no block came yet
    const st = escrows.length ? await status().catch(() => null) : null;
    const head = escrows.length ? Math.max(knownHead ? knownHead.height : 0, st ? st.height : 0) : null;
    if (ctx.signal.aborted) return;
    fill(box,
      escrows.length ? h('section', { class: 'panel', id: 'address-escrows' }, h('h2', {}, `Open escrows (${fmt(escrows.length)})`),
        openEscrowsTable(escrows, address, head)) : null,
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

/** The open escrows an address pays into or arbitrates, each with the other party and its expiry. */
function openEscrowsTable(list, address, head) {
  return table([
    { label: 'Escrow', cell: (e) => hashView(e.escrow_id, 'escrow/' + e.escrow_id, { what: 'escrow id', head: 6, tail: 4 }) },
    { label: 'Role', cell: (e) => badge(e.payer === address ? 'payer' : 'arbiter', 'self') },
    { label: 'Other party', cell: (e) => addressView(e.payer === address ? e.arbiter : e.payer), class: 'opt' },
    { label: 'Amount', cell: (e) => fmt(e.amount), class: 'num' },
    { label: 'Expires', cell: (e) => expiryCell(e, head), class: 'wrap' },
    { label: 'Reference', cell: (e) => (e.reference ? h('span', { class: 'ref' }, e.reference) : h('span', { class: 'muted' }, '—')), class: 'opt' },
    { label: 'Locked', cell: (e) => blockLink(e.lock_height), class: 'opt' },
  ], list, { caption: 'Open escrows of this address' });
}

function expiryCell(e, head) {
  const x = expiryInfo(e.expires_at_height, head, e.status);
  return h('span', { title: x.note }, h('span', { class: 'nobr' }, 'height ', fmt(e.expires_at_height)),
    x.when ? h('span', { class: 'sub ' + (x.reclaimable ? 'note warn' : 'muted') }, x.when) : null);
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
        const amount = isEscrowType(t.type) ? escrowTxAmount(t) : t.amount ?? (t.payload && t.payload.amount); // as the list shows it
        rows.push([t.tx_hash, t.block_height, t.type, t.sender, t.recipient, amount, t.fee, t.nonce, t.created_at]);
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
  const [r, paid] = await Promise.all([get('/rpc/receipts/' + enc(id), ctx.signal), escrowsForReceipt(id, ctx.signal)]);
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
    paid.length ? h('section', { class: 'panel', id: 'receipt-escrows' }, h('h2', {}, 'Paid through escrow'),
      table([
        { label: 'Escrow', cell: (e) => hashView(e.escrow_id, 'escrow/' + e.escrow_id, { what: 'escrow id' }) },
        { label: 'Status', cell: (e) => badge(e.status, statusKind(e.status)) },
        { label: 'Amount', cell: (e) => fmt(e.amount), class: 'num' },
        { label: 'Payer', cell: (e) => addressView(e.payer), class: 'opt' },
        { label: 'Settled by', cell: (e) => txView(e.settle_tx) },
        { label: 'Block', cell: (e) => blockLink(e.settle_height), class: 'opt' },
      ], paid, { caption: 'Escrows settled for this receipt' })) : null,
    h('section', { class: 'panel' }, h('h2', {}, 'Signed receipt'), h('pre', { class: 'json' }, JSON.stringify(p, null, 2))));
  const result = await verifyReceipt(p);
  if (ctx.signal.aborted) return;
  const checks = [...result.checks, { name: 'recorded signer', ok: result.signer === r.signer, detail: `the node recorded ${r.signer}` }];
  renderVerdict(verdict, checks.every((c) => c.ok), checks, `signed by ${result.signer || 'nobody'}`);
}

/** Escrows whose settle named this receipt. Filtered here as well, so that a node that ignores the
 *  receipt_id filter cannot make unrelated escrows appear; the receipt page works without them. */
async function escrowsForReceipt(id, signal) {
  try {
    const data = await get('/rpc/escrows?receipt_id=' + enc(id) + '&limit=100', signal);
    return (data.escrows || []).filter((e) => e.receipt_id === id);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    console.warn('escrows of receipt not available', e.message);
    return [];
  }
}

// ---------- escrow ----------
async function escrowPage(ctx) {
  const raw = ctx.args[0] || '';
  if (!HASH_RE.test(raw)) return showNotFound(ctx, raw, 'An escrow id is the hash of its lock transaction: 0x and 64 hex characters.');
  const id = normHash(raw);
  if (raw !== id) history.replaceState(null, '', 'escrow/' + id);
  const box = h('div', { id: 'escrow-view' });
  let shown = null; // the JSON drawn last: redraw only when the node's answer changed (keeps focus and selection)
  let escrow = null;
  let head = null;

  async function load(fresh) {
    const [e, st] = await Promise.all([get('/rpc/escrow/' + id, ctx.signal), fresh ? status(true) : null]);
    if (ctx.signal.aborted) return;
    if (st) head = Math.max(head ?? 0, st.height);
    if (knownHead) head = Math.max(head ?? 0, knownHead.height);
    escrow = e;
    const json = JSON.stringify(e);
    if (json !== shown) {
      shown = json;
      fill(box, escrowView(e, head));
    } else {
      drawExpiry();
    }
  }
  function drawExpiry() {
    const el = document.getElementById('escrow-expiry');
    if (el && escrow) fill(el, expiryView(escrow, head));
  }

  await load(true);
  setPage(ctx, 'Escrow ' + id.slice(0, 10), h('h1', {}, 'Escrow ', h('span', { class: 'mono', title: id }, id.slice(0, 10) + '…')), box);
  // while open, every block may settle or reclaim it; once closed only the distance to the expiry moves
  const refresh = debounce(ctx, 300, () => load(false).catch((e) => { if (e.name !== 'AbortError') console.warn('escrow refresh failed', e.message); }));
  ctx.live('blocks', (header) => {
    head = Math.max(head ?? 0, header.height);
    if (escrow && escrow.status === 'OPEN') refresh();
    else drawExpiry();
  });
  ctx.onReconnect(refresh);
}

function escrowView(e, head) {
  const payouts = Array.isArray(e.payouts) ? e.payouts : [];
  const closedBy = e.closed_by || (e.status === 'RECLAIMED' ? 'ESCROW_RECLAIM' : e.status === 'SETTLED' ? 'ESCROW_SETTLE' : null);
  const closeLabel = closedBy === 'ESCROW_RECLAIM' ? 'Reclaimed by' : closedBy === 'ESCROW_SETTLE' ? 'Settled by' : 'Closed by';
  const line = e.status === 'OPEN' ? `holds ${fmt(e.amount)} until the arbiter settles it or the payer reclaims it after expiry`
    : e.status === 'SETTLED' ? `paid out to ${payouts.length} recipient${payouts.length === 1 ? '' : 's'}`
      : e.status === 'RECLAIMED' ? `${fmt(e.amount)} returned to the payer` : '';
  const txInBlock = (tx, height) => h('span', {}, txView(tx), ' in block ', blockLink(height));
  return [
    h('p', { class: 'status-line' }, h('span', { id: 'escrow-status', class: 'badge ' + statusKind(e.status) }, e.status), ' ', line),
    h('section', { class: 'panel' }, fields([
      ['Escrow id', hashView(e.escrow_id, null, { full: true, what: 'escrow id' })],
      ['Payer', addressView(e.payer, { full: true })],
      ['Arbiter', addressView(e.arbiter, { full: true })],
      ['Amount', h('span', { id: 'escrow-amount' }, fmt(e.amount))],
      ['Reference', typeof e.reference === 'string' && e.reference !== '' ? h('span', { class: 'ref', id: 'escrow-reference' }, e.reference) : null],
      ['Expires at height', h('span', { id: 'escrow-expiry' }, expiryView(e, head))],
      ['Locked by', h('span', { id: 'escrow-lock' }, txInBlock(e.lock_tx, e.lock_height))],
      [closeLabel, e.settle_tx ? h('span', { id: 'escrow-close' }, txInBlock(e.settle_tx, e.settle_height))
        : h('span', { class: 'muted', id: 'escrow-close' }, 'not yet: the escrow is open')],
      e.receipt_id ? ['For receipt', h('a', { href: 'receipt/' + enc(e.receipt_id), 'data-link': '', id: 'escrow-receipt' }, e.receipt_id)] : null,
    ])),
    e.status === 'SETTLED' || payouts.length ? payoutsPanel(payouts, e) : null,
  ];
}

function expiryView(e, head) {
  const x = expiryInfo(e.expires_at_height, head, e.status);
  return [fmt(e.expires_at_height), x.when ? h('span', { class: 'muted' }, ' · ', x.when, head !== null ? ` (head ${fmt(head)})` : '') : null,
    x.note ? h('span', { class: x.reclaimable ? 'note warn' : 'note' }, ' — ', x.note) : null];
}

function payoutsPanel(payouts, e) {
  const check = payoutCheck(payouts, e.amount);
  const share = (p) => (typeof p.amount === 'number' && e.amount > 0 ? `${Math.round((p.amount / e.amount) * 1000) / 10} %` : '—');
  return h('section', { class: 'panel' }, h('h2', {}, `Payouts (${fmt(payouts.length)})`),
    table([
      { label: 'Recipient', class: 'wrap', cell: (p) => h('span', {}, addressView(p.recipient), p.recipient === e.payer ? [' ', badge('refund to payer', 'self')] : null) },
      { label: 'Amount', cell: (p) => fmt(p.amount), class: 'num' },
      { label: 'Share', cell: share, class: 'num opt' },
    ], payouts, { caption: 'Payouts of this escrow', id: 'escrow-payouts', empty: 'No payouts.' }),
    h('p', { class: 'sum-check ' + (check.ok ? 'ok' : 'bad'), id: 'payout-check', 'data-ok': String(check.ok) },
      h('span', { class: 'mark', 'aria-hidden': 'true' }, check.ok ? '✓' : '✗'), ' ',
      h('span', { class: 'visually-hidden' }, check.ok ? 'Check passed: ' : 'Check failed: '), check.detail));
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
  if (HASH_RE.test(s)) {
    // one lookup each, in this order: a block (by its hash), a transaction, an escrow (its id is its lock's
    // tx hash, so it is only reached when the node no longer answers for the lock). Each miss is a 404.
    const hash = normHash(s);
    const block = await find('/rpc/blocks/by-hash/' + hash, signal);
    if (block) return { path: 'block/' + block.height };
    if (await find('/rpc/tx/' + hash, signal)) return { path: 'tx/' + hash };
    if (await find('/rpc/escrow/' + hash, signal)) return { path: 'escrow/' + hash };
    tried.push('a block with this hash', 'a transaction with this hash (included or pending)', 'an escrow with this id');
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
