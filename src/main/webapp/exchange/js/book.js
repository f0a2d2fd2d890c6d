// The order book as this browser holds it: every level of the stream's snapshot, the updates applied in sequence,
// and after each one the SHA-256 of the canonical text recomputed here and compared with the server's
// ("B:price:amount\n" per buy level best first, then "S:price:amount\n" per sell level best first). A gap in the
// sequence or a different hash asks the server for a fresh snapshot ("resync"). When the WebSocket cannot be
// used the REST book (depth=all, the same hash) is read every 2 s instead.
import { sha256, toHex } from '../../explorer/js/verify.js';

const encoder = new TextEncoder();

export function canonicalText(buys, sells) {
  let text = '';
  for (const l of buys) text += 'B:' + l.price + ':' + l.amount + '\n';
  for (const l of sells) text += 'S:' + l.price + ':' + l.amount + '\n';
  return text;
}

export async function bookHash(buys, sells) {
  return toHex(await sha256(encoder.encode(canonicalText(buys, sells))));
}

export class BookState {
  constructor() {
    this.buys = new Map();
    this.sells = new Map();
    this.sequence = null;
  }

  load(msg) {
    this.buys = new Map((msg.buys || []).map((l) => [String(l.price), { ...l }]));
    this.sells = new Map((msg.sells || []).map((l) => [String(l.price), { ...l }]));
    this.sequence = msg.sequence;
  }

  apply(changes) {
    for (const c of changes || []) {
      const side = c.side === 'B' ? this.buys : this.sells;
      if (Number(c.amount) === 0) side.delete(String(c.price));
      else side.set(String(c.price), { price: c.price, amount: c.amount, orders: c.orders });
    }
  }

  /** Levels best first: buys highest price first, sells lowest first. */
  sorted() {
    const buys = [...this.buys.values()].sort((a, b) => b.price - a.price);
    const sells = [...this.sells.values()].sort((a, b) => a.price - b.price);
    return { buys, sells };
  }

  async matches(expected) {
    const { buys, sells } = this.sorted();
    return (await bookHash(buys, sells)) === String(expected || '').toLowerCase().replace(/^0x/, '');
  }
}

/**
 * Keeps a BookState current. Callbacks: onBook(state, {trades, source}) after every verified change,
 * onStatus({consistent, source, sequence, note}).
 */
export class BookFeed {
  constructor({ onBook, onStatus }) {
    this.state = new BookState();
    this.onBook = onBook;
    this.onStatus = onStatus;
    this.queue = Promise.resolve();
    this.socket = null;
    this.pollTimer = null;
    this.retryTimer = null;
    this.failures = 0;
    this.awaitingSnapshot = false;
  }

  start() {
    this.connect();
  }

  url() {
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    return `${proto}//${location.host}/exchange/api/ws/book`;
  }

  connect() {
    clearTimeout(this.retryTimer);
    let ws;
    try {
      ws = new WebSocket(this.url());
    } catch (e) {
      this.fallBack('the stream could not be opened');
      return;
    }
    this.socket = ws;
    let opened = false;
    ws.addEventListener('open', () => {
      opened = true;
      this.failures = 0;
      this.awaitingSnapshot = true;
      this.stopPolling();
    });
    ws.addEventListener('message', (event) => {
      this.queue = this.queue.then(() => this.handle(ws, event.data)).catch(() => this.resync(ws, 'unreadable message'));
    });
    ws.addEventListener('close', () => {
      if (this.socket !== ws) return;
      this.socket = null;
      this.failures++;
      this.fallBack(opened ? 'the stream closed' : 'no stream on this server');
      // try the stream again, less often each time it fails
      this.retryTimer = setTimeout(() => this.connect(), Math.min(60000, 2000 * 2 ** Math.min(this.failures, 5)));
    });
  }

  send(ws, text) {
    if (ws && ws.readyState === WebSocket.OPEN) ws.send(text);
  }

  resync(ws, why) {
    this.awaitingSnapshot = true;
    this.onStatus({ consistent: false, source: 'stream', sequence: this.state.sequence, note: why + ', resyncing' });
    this.send(ws, 'resync');
  }

  async handle(ws, data) {
    if (ws !== this.socket) return;
    const msg = JSON.parse(data);
    if (msg.type === 'snapshot') {
      this.state.load(msg);
      this.awaitingSnapshot = false;
      await this.verify(ws, msg.hash, [], 'stream');
    } else if (msg.type === 'update') {
      if (this.awaitingSnapshot) return; // a fresh snapshot is on its way
      if (this.state.sequence === null || Number(msg.sequence) !== Number(this.state.sequence) + 1) {
        this.resync(ws, `sequence gap (${this.state.sequence} → ${msg.sequence})`);
        return;
      }
      this.state.apply(msg.changes);
      this.state.sequence = msg.sequence;
      await this.verify(ws, msg.hash, msg.trades || [], 'stream');
    }
  }

  async verify(ws, hash, trades, source) {
    const ok = await this.state.matches(hash);
    if (!ok) {
      if (source === 'stream') this.resync(ws, 'hash differs');
      else this.onStatus({ consistent: false, source, sequence: this.state.sequence, note: 'hash differs' });
      return;
    }
    this.onStatus({ consistent: true, source, sequence: this.state.sequence });
    this.onBook(this.state, { trades, source });
  }

  fallBack(why) {
    if (this.pollTimer) return;
    this.onStatus({ consistent: null, source: 'rest', sequence: this.state.sequence, note: why + ': reading the book every 2 s' });
    const poll = async () => {
      try {
        const r = await fetch('/exchange/api/orders/orderbook?depth=all', { cache: 'no-store', headers: { Accept: 'application/json' } });
        if (!r.ok) throw new Error('HTTP ' + r.status);
        const book = await r.json();
        if (!this.pollTimer) return;
        const changed = book.sequence !== this.state.sequence;
        this.state.load(book);
        const ok = await this.state.matches(book.hash);
        this.onStatus({ consistent: ok, source: 'rest', sequence: book.sequence, note: ok ? 'polled every 2 s' : 'hash differs' });
        if (ok && changed) this.onBook(this.state, { trades: [], source: 'rest' });
      } catch (e) {
        this.onStatus({ consistent: null, source: 'rest', sequence: this.state.sequence, note: 'the book could not be read: ' + e.message });
      }
    };
    this.pollTimer = setInterval(poll, 2000);
    poll();
  }

  stopPolling() {
    clearInterval(this.pollTimer);
    this.pollTimer = null;
  }
}
