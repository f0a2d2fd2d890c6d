// Whole-block verification in chunks, without the DOM, so that it runs the same in the block worker
// (js/block-worker.js) and, where workers are unavailable, on the main thread with a pause between chunks.
// It reports by messages: {type: 'checks', result} (the header checks of verifyBlock: tx_count, tx_root, block
// hash, authority key, signature), {type: 'progress', done, total} after each chunk of transactions,
// {type: 'done', txs: {ok, count, failed}} and, should a check itself crash, {type: 'failed', message}.
import { verifyBlock, verifyTx } from './verify.js';

export const CHUNK = 250;

/** A block without its transactions (what the header panel and the proof bundle show). */
export function headerOf(block) {
  const { transactions, ...header } = block;
  return header;
}

export function transactionsOf(block) {
  return Array.isArray(block.transactions) ? block.transactions : [];
}

/**
 * Recomputes every transaction's hash and checks its key and signature, `chunk` transactions at a time (those
 * concurrently), calling onProgress(done, total) after each chunk and awaiting pause() between chunks.
 * A transaction that cannot even be checked (malformed key or hash) counts as failed.
 */
export async function checkTransactions(txs, { chunk = CHUNK, onProgress, pause, stopped = () => false } = {}) {
  const failed = [];
  for (let i = 0; i < txs.length; i += chunk) {
    const part = txs.slice(i, i + chunk);
    const results = await Promise.all(part.map((t) => verifyTx(t).catch(() => ({ ok: false }))));
    if (stopped()) return null;
    results.forEach((r, j) => { if (!r.ok) failed.push(part[j].tx_hash); });
    const done = Math.min(i + chunk, txs.length);
    if (onProgress) onProgress(done, txs.length);
    if (pause && done < txs.length) await pause();
  }
  return { ok: failed.length === 0, count: txs.length, failed };
}

/** Checks a block as /rpc/blocks/{h} returns it and posts what it finds (see the top of this file). */
export async function checkBlock(block, authorities, genesisHash, { post, pause, chunk = CHUNK, stopped = () => false }) {
  try {
    const result = await verifyBlock(block, authorities, genesisHash);
    if (stopped()) return;
    post({ type: 'checks', result });
    if (pause) await pause();
    const txs = await checkTransactions(transactionsOf(block), {
      chunk, pause, stopped, onProgress: (done, total) => post({ type: 'progress', done, total }),
    });
    if (txs && !stopped()) post({ type: 'done', txs });
  } catch (e) {
    if (!stopped()) post({ type: 'failed', message: (e && e.message) || String(e) });
  }
}
