// Module worker of the block page: fetches and parses a whole block (a 5,000-transaction block is ~3.3 MB of
// JSON) and verifies it off the main thread, posting progress; the page asks it for one page of rows at a
// time. Messages in: {type: 'load', url, authorities, genesisHash, start, end}, {type: 'rows', id, start, end},
// {type: 'hashes', id}. Out: {type: 'loaded', header, count, start, rows} (rows start … end - 1, the page the
// reader waits for, so that it needs no second message), {type: 'error', status, body} (the block could
// not be fetched), the messages of block-check.js, {type: 'rows', id, rows}, {type: 'hashes', id, hashes}.
import { ApiError, get } from './api.js';
import { checkBlock, headerOf, transactionsOf } from './block-check.js';

let block = null;
const post = (m) => self.postMessage(m);

async function load({ url, authorities, genesisHash, start = 0, end = 0 }) {
  try {
    block = await get(url);
  } catch (e) {
    // the page shows the node's error as it shows any failed call (status 0: the node did not answer)
    const failed = e instanceof ApiError ? e : new ApiError(0, { detail: 'the node sent no JSON (' + e.message + ')' }, url);
    post({ type: 'error', status: failed.status, body: failed.body });
    return;
  }
  const txs = transactionsOf(block);
  post({ type: 'loaded', header: headerOf(block), count: txs.length, start, rows: txs.slice(start, end) });
  await checkBlock(block, authorities, genesisHash, { post });
}

self.onmessage = (e) => {
  const m = e.data || {};
  if (m.type === 'load') {
    load(m);
  } else if (m.type === 'rows') {
    post({ type: 'rows', id: m.id, rows: block ? transactionsOf(block).slice(m.start, m.end) : [] });
  } else if (m.type === 'hashes') {
    post({ type: 'hashes', id: m.id, hashes: block ? transactionsOf(block).map((t) => t.tx_hash) : [] });
  }
};
