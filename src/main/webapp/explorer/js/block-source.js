// Where the block page gets a whole block and its verification from: the module worker js/block-worker.js,
// which fetches, parses and checks the block off the main thread; or, where module workers are unavailable
// (no Worker, or the worker fails to start), this thread itself, checking in chunks and yielding between them.
// Both give the same interface: start({start, end}) (the rows wanted first), `loaded` (a promise of
// {header, count}), `state`, on(listener), rows(start, end), hashes(), close().
import { get, ApiError } from './api.js';
import { checkBlock, headerOf, transactionsOf } from './block-check.js';

const WORKER_URL = new URL('./block-worker.js', import.meta.url);
const MAIN_THREAD_CHUNK = 50;

/** Gives the browser a turn (input, rendering) between chunks of main-thread checking. */
export function yieldToMain() {
  if (globalThis.scheduler && typeof globalThis.scheduler.yield === 'function') return globalThis.scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export class BlockSource {
  /** url: /rpc/blocks/{height} or /rpc/blocks/by-hash/{hash}; authorities and genesisHash from /rpc/status. */
  constructor(url, authorities, genesisHash, { useWorker = true } = {}) {
    this.url = url;
    this.authorities = authorities;
    this.genesisHash = genesisHash;
    this.useWorker = useWorker;
    this.listeners = new Set();
    this.requests = new Map();
    this.nextId = 1;
    this.closed = false;
    this.started = false;
    this.block = null; // the parsed block, only when checking on the main thread
    this.worker = null;
    this.mode = null; // 'worker' | 'main-thread'
    // what has been learnt so far, so that a page drawn later shows it at once
    this.state = { header: null, count: null, checks: null, progress: null, txs: null, failed: null, error: null };
    this.loaded = new Promise((resolve, reject) => {
      this.resolveLoaded = resolve;
      this.rejectLoaded = reject;
    });
    this.loaded.catch(() => {}); // a failure is shown by whoever waits for it
  }

  start({ start = 0, end = 0 } = {}) {
    if (this.started || this.closed) return this;
    this.started = true;
    this.first = { start, end };
    if (this.useWorker && typeof Worker === 'function') {
      try {
        this.startWorker();
        return this;
      } catch (e) {
        this.worker = null;
      }
    }
    this.runHere();
    return this;
  }

  startWorker() {
    const worker = new Worker(WORKER_URL, { type: 'module', name: 'aitbc-block-check' });
    this.worker = worker;
    this.mode = 'worker';
    let heard = false;
    worker.onmessage = (e) => {
      heard = true;
      this.receive(e.data);
    };
    worker.onerror = (e) => {
      if (e && e.preventDefault) e.preventDefault();
      worker.terminate();
      if (this.worker !== worker || this.closed) return;
      this.worker = null;
      if (!heard) {
        // no module workers here (or the script did not load): check on this thread instead
        this.runHere();
      } else {
        this.receive({ type: 'failed', message: 'the verification worker stopped' + (e && e.message ? ': ' + e.message : '') });
      }
    };
    worker.postMessage({ type: 'load', url: this.url, authorities: this.authorities, genesisHash: this.genesisHash,
      start: this.first.start, end: this.first.end });
  }

  async runHere() {
    this.mode = 'main-thread';
    let block;
    try {
      block = await get(this.url);
    } catch (e) {
      if (!this.closed) {
        this.receive({ type: 'error', status: e instanceof ApiError ? e.status : 0,
          body: e instanceof ApiError ? e.body : { detail: e.message } });
      }
      return;
    }
    if (this.closed) return;
    this.block = block;
    const txs = transactionsOf(block);
    this.receive({ type: 'loaded', header: headerOf(block), count: txs.length, start: this.first.start,
      rows: txs.slice(this.first.start, this.first.end) });
    await yieldToMain();
    await checkBlock(block, this.authorities, this.genesisHash, {
      post: (m) => this.receive(m), pause: yieldToMain, chunk: MAIN_THREAD_CHUNK, stopped: () => this.closed,
    });
  }

  receive(m) {
    if (this.closed || !m) return;
    const s = this.state;
    switch (m.type) {
      case 'loaded':
        s.header = m.header;
        s.count = m.count;
        this.firstRows = { start: m.start, rows: m.rows || [] };
        this.resolveLoaded({ header: m.header, count: m.count });
        break;
      case 'error':
        s.error = new ApiError(m.status, m.body, this.url);
        this.rejectLoaded(s.error);
        break;
      case 'checks':
        s.checks = m.result;
        break;
      case 'progress':
        s.progress = { done: m.done, total: m.total };
        break;
      case 'done':
        s.txs = m.txs;
        break;
      case 'failed':
        s.failed = m.message;
        break;
      case 'rows':
      case 'hashes': {
        const resolve = this.requests.get(m.id);
        this.requests.delete(m.id);
        if (resolve) resolve(m.type === 'rows' ? m.rows : m.hashes);
        return;
      }
      default:
        return;
    }
    for (const l of [...this.listeners]) {
      try {
        l(m, s);
      } catch (e) {
        console.warn('block listener failed', e);
      }
    }
  }

  /** Adds a listener of (message, state); returns the function that removes it. */
  on(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  ask(message) {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.requests.set(id, resolve);
      this.worker.postMessage({ ...message, id });
    });
  }

  /** Transactions start … end - 1 of the block, in block order (after `loaded`). */
  async rows(start, end) {
    await this.loaded;
    const f = this.firstRows;
    if (f && f.start === start && (f.rows.length === end - start || start + f.rows.length === this.state.count)) return f.rows;
    if (this.block) return transactionsOf(this.block).slice(start, end);
    return this.worker ? this.ask({ type: 'rows', start, end }) : [];
  }

  /** Every transaction hash of the block, in block order (after `loaded`). */
  async hashes() {
    await this.loaded;
    if (this.block) return transactionsOf(this.block).map((t) => t.tx_hash);
    return this.worker ? this.ask({ type: 'hashes' }) : [];
  }

  close() {
    this.closed = true;
    this.listeners.clear();
    if (this.worker) this.worker.terminate();
    this.worker = null;
    this.block = null;
  }
}
