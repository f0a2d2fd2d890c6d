// In-browser checks of what the node serves, by the rules of docs/chain-format.md:
// RFC 8785 canonical JSON, SHA-256 (WebCrypto), the tx_root Merkle rule, block hashes, addresses and
// Ed25519 signatures (WebCrypto). No dependency; every function is exported so tests can feed it vectors.

const encoder = new TextEncoder();
export const ZERO_HASH = '0x' + '0'.repeat(64);
export const ZERO_ADDRESS = 'ait1' + '0'.repeat(40);

/** RFC 8785 (JCS) serialisation of a JSON value: keys sorted by UTF-16 code units, no whitespace,
 *  strings as JSON.stringify writes them, numbers as ECMAScript prints them. */
export function canonicalize(value) {
  if (value === null || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('JCS has no form for ' + value);
    return Object.is(value, -0) ? '0' : JSON.stringify(value);
  }
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return '[' + value.map(canonicalize).join(',') + ']';
  if (typeof value === 'object') {
    const keys = Object.keys(value).filter((k) => value[k] !== undefined).sort();
    return '{' + keys.map((k) => JSON.stringify(k) + ':' + canonicalize(value[k])).join(',') + '}';
  }
  throw new TypeError('not a JSON value: ' + typeof value);
}

export function canonicalBytes(value) {
  return encoder.encode(canonicalize(value));
}

export function toHex(bytes) {
  const b = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let s = '';
  for (const x of b) s += x.toString(16).padStart(2, '0');
  return s;
}

export function fromHex(hex) {
  const h = String(hex).replace(/^0x/i, '');
  if (h.length % 2 !== 0 || /[^0-9a-f]/i.test(h)) throw new TypeError('not hex: ' + String(hex).slice(0, 20));
  const out = new Uint8Array(h.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(h.substr(i * 2, 2), 16);
  return out;
}

export async function sha256(bytes) {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
}

const MERKLE_BATCH = 128;

/** tx_root: raw 32-byte leaves in block order, pairs hashed left to right, an odd last node paired with
 *  itself, one leaf is the root, no leaves is 32 zero bytes. */
export async function merkleRoot(txHashes) {
  if (!txHashes.length) return ZERO_HASH;
  let level = txHashes.map(fromHex);
  while (level.length > 1) {
    const next = [];
    // the digests of a level are independent: up to MERKLE_BATCH of them in flight at once
    for (let start = 0; start < level.length; start += 2 * MERKLE_BATCH) {
      const batch = [];
      for (let i = start; i < Math.min(level.length, start + 2 * MERKLE_BATCH); i += 2) {
        const left = level[i];
        const right = i + 1 < level.length ? level[i + 1] : left;
        const both = new Uint8Array(64);
        both.set(left, 0);
        both.set(right, 32);
        batch.push(sha256(both));
      }
      next.push(...(await Promise.all(batch)));
    }
    level = next;
  }
  return '0x' + toHex(level[0]);
}

/** The signed fields of a header, in the canonical object the block hash is taken over. */
export function headerPreimage(h) {
  return {
    chain_id: h.chain_id, height: h.height, parent_hash: h.parent_hash, proposer: h.proposer,
    timestamp: h.timestamp, tx_root: h.tx_root, state_root: h.state_root,
  };
}

export async function blockHash(header) {
  return '0x' + toHex(await sha256(canonicalBytes(headerPreimage(header))));
}

export async function addressOf(publicKeyHex) {
  return 'ait1' + toHex((await sha256(fromHex(publicKeyHex))).slice(0, 20));
}

let ed25519Support;
/** Whether this browser's WebCrypto knows Ed25519 (current Chromium, Firefox and Safari do). */
export async function ed25519Supported() {
  if (ed25519Support === undefined) {
    try {
      await crypto.subtle.importKey('raw', new Uint8Array(32).fill(1), { name: 'Ed25519' }, false, ['verify']);
      ed25519Support = true;
    } catch (e) {
      ed25519Support = false;
    }
  }
  return ed25519Support;
}

/** Ed25519 verification of message bytes; false (never a throw) for a malformed key or signature. */
export async function verifyEd25519(publicKeyHex, message, sigHex) {
  let key;
  let sig;
  try {
    const raw = fromHex(publicKeyHex);
    sig = fromHex(sigHex);
    if (raw.length !== 32 || sig.length !== 64) return false;
    key = await crypto.subtle.importKey('raw', raw, { name: 'Ed25519' }, false, ['verify']);
  } catch (e) {
    if (!(await ed25519Supported())) throw new Error('this browser cannot verify Ed25519 signatures');
    return false;
  }
  return crypto.subtle.verify({ name: 'Ed25519' }, key, sig, message);
}

function check(name, ok, detail) {
  return { name, ok: Boolean(ok), detail };
}

function summary(checks, extra) {
  return { ok: checks.every((c) => c.ok), checks, ...extra };
}

/**
 * Checks a block as /rpc/blocks/{h} returns it: tx_count and tx_root against its transactions' hashes, the
 * block hash recomputed from the header, and (above genesis) the proposer's signature over the 32 hash bytes
 * with the authority key. `authorities` = [{address, public_key}] from /rpc/status; `genesisHash` optional.
 */
export async function verifyBlock(block, authorities, genesisHash) {
  const checks = [];
  const txs = Array.isArray(block.transactions) ? block.transactions : null;
  if (txs) {
    if (typeof block.tx_count === 'number') {
      checks.push(check('tx_count', block.tx_count === txs.length,
        `header says ${block.tx_count}, block lists ${txs.length}`));
    }
    const root = await merkleRoot(txs.map((t) => t.tx_hash));
    checks.push(check('tx_root', root === block.tx_root,
      `Merkle root of ${txs.length} transaction hash${txs.length === 1 ? '' : 'es'} = ${root}`));
  }
  const hash = await blockHash(block);
  checks.push(check('block hash', hash === block.hash,
    `SHA-256 of the canonical header = ${hash}`));
  if (block.height === 0) {
    checks.push(check('genesis', block.signature == null && block.parent_hash === ZERO_HASH
      && block.proposer === ZERO_ADDRESS && (genesisHash == null || genesisHash === block.hash),
      'genesis is not signed; its hash is the chain\'s identity'
        + (genesisHash ? ` (node's genesis_hash ${genesisHash})` : '')));
    return summary(checks, { hash, signer: null });
  }
  const authority = (authorities || []).find((a) => a.address === block.proposer);
  if (!authority) {
    checks.push(check('proposer', false, `${block.proposer} is not an authority of this chain`));
    return summary(checks, { hash, signer: null });
  }
  const keyAddress = await addressOf(authority.public_key);
  checks.push(check('authority key', keyAddress === block.proposer,
    `key ${authority.public_key} derives ${keyAddress}`));
  let sigOk = false;
  let detail;
  try {
    sigOk = typeof block.signature === 'string'
      && await verifyEd25519(authority.public_key, fromHex(block.hash), block.signature);
    detail = `Ed25519 signature over the 32 hash bytes by ${authority.id || block.proposer}`;
  } catch (e) {
    detail = e.message;
  }
  checks.push(check('signature', sigOk && hash === block.hash, detail));
  return summary(checks, { hash, signer: authority });
}

/** The signing object of a transaction: {chain_id, type, sender, nonce, fee, payload}. */
export function txPreimage(tx) {
  return { chain_id: tx.chain_id, type: tx.type, sender: tx.sender, nonce: tx.nonce, fee: tx.fee, payload: tx.payload };
}

export async function txHash(tx) {
  return '0x' + toHex(await sha256(canonicalBytes(txPreimage(tx))));
}

/** A signed transaction: its hash from the signed fields, its key derives the sender, its signature verifies. */
export async function verifyTx(tx) {
  const bytes = canonicalBytes(txPreimage(tx));
  const hash = '0x' + toHex(await sha256(bytes));
  const checks = [check('tx hash', hash === tx.tx_hash, `SHA-256 of the canonical signed fields = ${hash}`)];
  const addr = await addressOf(tx.public_key);
  checks.push(check('sender key', addr === tx.sender, `public key derives ${addr}`));
  let ok = false;
  let detail = 'Ed25519 signature over the canonical signed fields';
  try {
    ok = await verifyEd25519(tx.public_key, bytes, tx.sig);
  } catch (e) {
    detail = e.message;
  }
  checks.push(check('signature', ok, detail));
  return summary(checks, { hash });
}

/** Checks every transaction of a block; returns {ok, count, failed: [tx_hash...]}. */
export async function verifyTransactions(txs) {
  const failed = [];
  for (const t of txs) {
    if (!(await verifyTx(t)).ok) failed.push(t.tx_hash);
  }
  return { ok: failed.length === 0, count: txs.length, failed };
}

/** The bytes a receipt's signature covers: the canonical form of the receipt without `signature`. */
export function receiptSigningBytes(receipt) {
  const { signature, ...rest } = receipt;
  return canonicalBytes(rest);
}

/** A signed receipt: Ed25519, key_id is the address of public_key, sig verifies over the signing bytes. */
export async function verifyReceipt(receipt) {
  const s = receipt && receipt.signature;
  if (!s || typeof s !== 'object') {
    return summary([check('signature', false, 'the receipt carries no signature')], { signer: null });
  }
  const checks = [check('algorithm', s.alg === 'Ed25519', `alg ${s.alg}`)];
  let addr = null;
  try {
    addr = await addressOf(s.public_key);
  } catch (e) {
    addr = null;
  }
  checks.push(check('signer key', addr !== null && addr === s.key_id, `public key derives ${addr}, key_id ${s.key_id}`));
  let ok = false;
  let detail = 'Ed25519 signature over the canonical receipt without its signature member';
  try {
    ok = await verifyEd25519(s.public_key, receiptSigningBytes(receipt), s.sig);
  } catch (e) {
    detail = e.message;
  }
  checks.push(check('signature', ok, detail));
  return summary(checks, { signer: s.key_id });
}
