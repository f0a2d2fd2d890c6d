// Escrow wording and arithmetic for the explorer pages, kept free of the DOM so node can check it:
// readable transaction types, which escrow a transaction belongs to, one-line descriptions of the three
// escrow transactions, expiry relative to the head, and the payout sum check.
import { fmt, shorten } from './ui.js';

export const ESCROW_TYPES = ['ESCROW_LOCK', 'ESCROW_SETTLE', 'ESCROW_RECLAIM'];

const LABELS = {
  TRANSFER: 'Transfer', RECEIPT_CLAIM: 'Receipt claim', MINT: 'Mint',
  ESCROW_LOCK: 'Escrow lock', ESCROW_SETTLE: 'Escrow settle', ESCROW_RECLAIM: 'Escrow reclaim',
};

/** A type as people read it; unknown types (a newer node) are shown as the node names them. */
export function typeLabel(type) {
  return LABELS[type] || (type ? String(type) : '—');
}

export function isEscrowType(type) {
  return ESCROW_TYPES.includes(type);
}

/** The escrow a transaction opens or closes: a lock is its own escrow, settle and reclaim name theirs. */
export function escrowIdOf(t) {
  if (!t || !isEscrowType(t.type)) return null;
  if (t.type === 'ESCROW_LOCK') return t.tx_hash || null;
  return (t.payload && typeof t.payload.escrow_id === 'string' && t.payload.escrow_id) || null;
}

function plural(n, word) {
  return `${fmt(n)} ${word}${n === 1 ? '' : 's'}`;
}

/** Sum of payout amounts, or null when one is not a number (then nothing can be said about the total). */
export function payoutSum(payouts) {
  const list = payouts || [];
  let sum = 0;
  for (const p of list) {
    if (!p || typeof p.amount !== 'number') return null;
    sum += p.amount;
  }
  return sum;
}

/** Do the payouts add up to exactly the locked amount (the chain's rule for a settle)? */
export function payoutCheck(payouts, amount) {
  const sum = payoutSum(payouts);
  const ok = sum !== null && typeof amount === 'number' && sum === amount;
  let detail;
  if (sum === null) detail = 'a payout amount is missing, so the total cannot be checked';
  else if (ok) detail = `the payouts add up to the locked amount, ${fmt(amount)}`;
  else detail = `the payouts add up to ${fmt(sum)}, but the escrow locked ${fmt(amount)}`;
  return { ok, sum, detail };
}

/** What a transaction moves, for lists: the locked amount, the paid-out total, or the escrow's amount
 *  for a reclaim when it is known (a reclaim's payload carries none). */
export function escrowTxAmount(t, escrow) {
  const p = (t && t.payload) || {};
  if (t.type === 'ESCROW_LOCK') return typeof p.amount === 'number' ? p.amount : null;
  if (t.type === 'ESCROW_SETTLE') return payoutSum(p.payouts);
  if (t.type === 'ESCROW_RECLAIM') return escrow && typeof escrow.amount === 'number' ? escrow.amount : null;
  return null;
}

/** One sentence on what an escrow transaction does, e.g. "ait1… locks 500 for arbiter ait1… until height 40". */
export function describeEscrowTx(t, escrow) {
  if (!t || !isEscrowType(t.type)) return null;
  const p = t.payload || {};
  const who = t.sender ? shorten(t.sender, 10, 6) : 'the sender';
  if (t.type === 'ESCROW_LOCK') {
    return `${who} locks ${fmt(p.amount)} for arbiter ${p.arbiter ? shorten(p.arbiter, 10, 6) : '—'} until height ${fmt(p.expires_at_height)}`
      + (typeof p.reference === 'string' && p.reference ? ` (reference “${p.reference}”)` : '');
  }
  const id = p.escrow_id ? shorten(p.escrow_id) : '—';
  if (t.type === 'ESCROW_SETTLE') {
    const n = (p.payouts || []).length;
    const sum = payoutSum(p.payouts);
    return `arbiter ${who} settles escrow ${id}, paying ${sum === null ? 'out' : fmt(sum)} to ${plural(n, 'recipient')}`
      + (typeof p.receipt_id === 'string' && p.receipt_id ? ` for receipt ${p.receipt_id}` : '');
  }
  const amount = escrowTxAmount(t, escrow);
  return amount === null ? `payer ${who} reclaims escrow ${id} after its expiry`
    : `payer ${who} takes ${fmt(amount)} back from escrow ${id} after its expiry`;
}

/** Expiry relative to the head. A reclaim may sit in a block of height >= expires_at_height, so an open
 *  escrow is reclaimable as soon as the next block (head + 1) reaches it. */
export function expiryInfo(expiresAt, headHeight, status) {
  if (typeof expiresAt !== 'number' || typeof headHeight !== 'number') {
    return { blocks: null, when: '', note: null, reclaimable: false };
  }
  const d = expiresAt - headHeight;
  const when = d > 0 ? `in ${plural(d, 'block')}` : d === 0 ? 'reached at the current head' : `${plural(-d, 'block')} ago`;
  const reclaimable = status === 'OPEN' && d <= 1;
  let note = null;
  if (status === 'OPEN') {
    note = reclaimable ? 'the payer can reclaim it now' : 'the payer can reclaim it from then on unless the arbiter settles first';
  }
  return { blocks: d, when, note, reclaimable };
}

/** The badge kind of an escrow status (same palette as the rest of the explorer). */
export function statusKind(status) {
  const kinds = { OPEN: 'warn', SETTLED: 'good', RECLAIMED: '' };
  return Object.hasOwn(kinds, String(status)) ? kinds[status] : 'bad';
}
