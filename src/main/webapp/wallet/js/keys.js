// An Ed25519 wallet key held in this browser only (WebCrypto): created or imported from its 32-byte seed, it
// signs sign-in challenges and transactions by the rules of docs/chain-format.md. Nothing here sends the key
// anywhere; the marketplace, the exchange and the wallet page share this module.
import { addressOf, canonicalBytes, fromHex, sha256, toHex } from '../../explorer/js/verify.js';

// PKCS#8 wrapping of a raw Ed25519 seed (RFC 8410): WebCrypto imports private keys only in PKCS#8 or JWK form.
const PKCS8_PREFIX = fromHex('302e020100300506032b657004220420');

function unbase64url(s) {
  const b = atob(s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4));
  return Uint8Array.from(b, (c) => c.charCodeAt(0));
}

export class WalletKey {
  constructor(privateKey, publicKeyHex, address, seedHex) {
    this.privateKey = privateKey;
    this.publicKey = publicKeyHex;
    this.address = address;
    this.seedHex = seedHex; // kept only so the wallet page can export it, encrypted
  }

  /** A new random key. */
  static async generate() {
    const seed = crypto.getRandomValues(new Uint8Array(32));
    return WalletKey.fromSeed(toHex(seed));
  }

  /** The key of a 64-hex-digit seed (the CLI's and the node keystore's private key). */
  static async fromSeed(seedHex) {
    const hex = String(seedHex || '').trim().replace(/^0x/i, '');
    if (!/^[0-9a-f]{64}$/i.test(hex)) throw new Error('a private key is 64 hex digits (32 bytes)');
    const pkcs8 = new Uint8Array(PKCS8_PREFIX.length + 32);
    pkcs8.set(PKCS8_PREFIX);
    pkcs8.set(fromHex(hex), PKCS8_PREFIX.length);
    const extractable = await crypto.subtle.importKey('pkcs8', pkcs8, { name: 'Ed25519' }, true, ['sign']);
    const jwk = await crypto.subtle.exportKey('jwk', extractable); // its x is the public key
    const publicKeyHex = toHex(unbase64url(jwk.x));
    // the key used from here on cannot be read back out of WebCrypto
    const privateKey = await crypto.subtle.importKey('jwk', { kty: 'OKP', crv: 'Ed25519', d: jwk.d, x: jwk.x },
      { name: 'Ed25519' }, false, ['sign']);
    return new WalletKey(privateKey, publicKeyHex, await addressOf(publicKeyHex), hex.toLowerCase());
  }

  async sign(bytes) {
    return toHex(await crypto.subtle.sign({ name: 'Ed25519' }, this.privateKey, bytes));
  }

  /** Signs {chain_id, type, sender, nonce, fee, payload}; returns the wire form and its tx_hash. */
  async signTx(chainId, type, nonce, fee, payload) {
    const body = { chain_id: chainId, type, sender: this.address, nonce, fee, payload };
    const bytes = canonicalBytes(body);
    const sig = await this.sign(bytes);
    const txHash = '0x' + toHex(await sha256(bytes));
    return { wire: { ...body, public_key: this.publicKey, sig }, txHash };
  }
}

/** Signs in at the coordinator with the challenge flow (exchange.md): {token, user_id, expires_at}. */
export async function signIn(key, fetchJson) {
  const challenge = await fetchJson('/v1/users/challenge', { wallet_address: key.address });
  const signature = await key.sign(new TextEncoder().encode(challenge.challenge));
  return fetchJson('/v1/users/login', { wallet_address: key.address, public_key: key.publicKey, signature });
}


// ---- the transactions a wallet signs (chain.md, "Transaction types and rules") ----

/** A TRANSFER of `amount` units to `recipient`: {wire, txHash}. */
export function signTransfer(key, { chainId, nonce, fee, recipient, amount }) {
  return key.signTx(chainId, 'TRANSFER', nonce, fee, { recipient, amount });
}

/**
 * An ESCROW_LOCK: `amount` moves from the key's address (the payer) into an escrow that only `arbiter` can pay out
 * and the payer can reclaim from `expiresAtHeight` on; `reference` (optional, at most 128 characters) is recorded
 * verbatim, the coordinator puts the job id there. The escrow id is the returned txHash. The marketplace's job
 * payments and the wallet page both sign their locks here.
 */
export function signEscrowLock(key, { chainId, nonce, fee, amount, arbiter, expiresAtHeight, reference }) {
  const payload = { amount, arbiter, expires_at_height: expiresAtHeight };
  if (reference !== undefined && reference !== null && reference !== '') payload.reference = reference;
  return key.signTx(chainId, 'ESCROW_LOCK', nonce, fee, payload);
}

/** An ESCROW_RECLAIM of the payer's own escrow, valid in a block of height ≥ its expires_at_height. */
export function signEscrowReclaim(key, { chainId, nonce, fee, escrowId }) {
  return key.signTx(chainId, 'ESCROW_RECLAIM', nonce, fee, { escrow_id: escrowId });
}

// ---- the marketplace's session in this tab (sessionStorage), shared by the marketplace and the wallet page ----

export const MARKET_SESSION = 'aitbc-marketplace-session';

/** Keeps a /v1/users/login answer {token, user_id, wallet_address, expires_at} for this tab. */
export function storeMarketSession(login) {
  try {
    sessionStorage.setItem(MARKET_SESSION, JSON.stringify({ token: login.token, user_id: login.user_id,
      wallet_address: login.wallet_address, expires_at: login.expires_at || null }));
  } catch (e) { /* storage off: the session lasts as long as the page */ }
}

/** The stored marketplace session while it is valid, else null. */
export function storedMarketSession() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(MARKET_SESSION) || 'null');
    if (saved && saved.token && (!saved.expires_at || Date.parse(saved.expires_at) > Date.now())) return saved;
  } catch (e) { /* nothing usable */ }
  return null;
}

export function forgetMarketSession() {
  try {
    sessionStorage.removeItem(MARKET_SESSION);
  } catch (e) { /* storage off */ }
}
