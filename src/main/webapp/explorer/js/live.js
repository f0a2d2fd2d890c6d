// WebSocket streams of the node (/rpc/ws/blocks, /rpc/ws/transactions) that reconnect by themselves with
// exponential backoff (1 s, 2 s, 4 s … at most 15 s, with jitter) whenever the server goes away.

const MAX_DELAY = 15000;

export class LiveSocket {
  constructor(path) {
    this.path = path;
    this.listeners = new Set();
    this.stateListeners = new Set();
    this.attempt = 0;
    this.opened = false;
    this.state = 'connecting';
    this.connect();
    addEventListener('online', () => this.retryNow());
  }

  connect() {
    clearTimeout(this.timer);
    const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + this.path;
    let ws;
    try {
      ws = new WebSocket(url);
    } catch (e) {
      this.retry();
      return;
    }
    this.ws = ws;
    ws.onopen = () => {
      const reconnected = this.opened;
      this.opened = true;
      this.attempt = 0;
      this.setState('open', { reconnected });
    };
    ws.onmessage = (event) => {
      let message;
      try {
        message = JSON.parse(event.data);
      } catch (e) {
        return;
      }
      for (const listener of [...this.listeners]) {
        try {
          listener(message);
        } catch (e) {
          console.warn('live listener failed', e);
        }
      }
    };
    ws.onclose = () => {
      if (this.ws === ws) {
        this.ws = null;
        this.retry();
      }
    };
    ws.onerror = () => {}; // a close event follows
  }

  retry() {
    const delay = Math.round(Math.min(MAX_DELAY, 1000 * 2 ** this.attempt) * (0.8 + Math.random() * 0.4));
    this.attempt++;
    this.retryAt = Date.now() + delay;
    this.setState('retry', { delay });
    this.timer = setTimeout(() => this.connect(), delay);
  }

  retryNow() {
    if (!this.ws) this.connect();
  }

  setState(state, info) {
    this.state = state;
    for (const l of [...this.stateListeners]) l(state, info || {});
  }

  /** Adds a message listener; returns the function that removes it. */
  on(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onState(listener) {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }
}

let streams;
export function liveStreams() {
  if (!streams) {
    streams = { blocks: new LiveSocket('/rpc/ws/blocks'), txs: new LiveSocket('/rpc/ws/transactions') };
  }
  return streams;
}
