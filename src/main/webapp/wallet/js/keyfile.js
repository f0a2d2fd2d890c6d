// The encrypted key file of the CLI and the server (EncryptedKeyFile.java; operations.md, "Keys at rest"), read and
// written here with WebCrypto only, so that a key exported by `aitbc wallet export` imports in the wallet page and
// the page's export reads in the CLI:
//   {"version":1,"kdf":"PBKDF2-HMAC-SHA256","iterations":600000,"salt":"<16 bytes hex>","cipher":"AES-256-GCM",
//    "iv":"<12 bytes hex>","ciphertext":"<hex, the 16-byte GCM tag at its end>","public":{...}}
// The secret is the 32-byte Ed25519 seed; the AES key is PBKDF2-HMAC-SHA256(passphrase as UTF-8, salt, iterations,
// 256 bits); the GCM associated data is the compact JSON of "public" with its keys in the file's order (what Java
// writes when it serialises the parsed object again: JSON.stringify of the parsed object gives the same bytes).
import { fromHex, toHex } from '../../explorer/js/verify.js';
import { WalletKey } from './keys.js';

export const ITERATIONS = 600000;
export const MIN_PASSPHRASE = 8;
const KDF = 'PBKDF2-HMAC-SHA256';
const CIPHER = 'AES-256-GCM';
const encoder = new TextEncoder();

/** A key file that cannot be used, with a message for people (and the field at fault, when there is one). */
export class KeyFileError extends Error {
  constructor(message, field) {
    super(message);
    this.name = 'KeyFileError';
    this.field = field || null;
  }
}

function hexField(file, name) {
  const v = file[name];
  if (typeof v !== 'string' || v.length === 0 || v.length % 2 !== 0 || !/^[0-9a-f]+$/i.test(v)) {
    throw new KeyFileError(`this key file's "${name}" is not hex`, name);
  }
  return v;
}

/** The parsed key file (a JSON text or an object already parsed), checked for a format this page can read. */
export function parseKeyFile(text) {
  let file = text;
  if (typeof text === 'string') {
    try {
      file = JSON.parse(text.trim());
    } catch (e) {
      throw new KeyFileError('this is not a key file: it is not JSON');
    }
  }
  if (!file || typeof file !== 'object' || Array.isArray(file)) {
    throw new KeyFileError('this is not a key file: a JSON object is expected');
  }
  if (file.version !== 1) {
    throw new KeyFileError(`unsupported key file version ${JSON.stringify(file.version)}: this page reads version 1`, 'version');
  }
  if (file.kdf !== KDF) {
    throw new KeyFileError(`unsupported key derivation ${JSON.stringify(file.kdf)}: this page reads ${KDF}`, 'kdf');
  }
  if (file.cipher !== CIPHER) {
    throw new KeyFileError(`unsupported cipher ${JSON.stringify(file.cipher)}: this page reads ${CIPHER}`, 'cipher');
  }
  if (!Number.isSafeInteger(file.iterations) || file.iterations < ITERATIONS) {
    throw new KeyFileError(`this key file uses ${JSON.stringify(file.iterations)} PBKDF2 iterations; at least `
      + `${ITERATIONS.toLocaleString('en')} are required`, 'iterations');
  }
  hexField(file, 'salt');
  hexField(file, 'iv');
  hexField(file, 'ciphertext');
  if (!file.public || typeof file.public !== 'object' || Array.isArray(file.public)) {
    throw new KeyFileError('this key file has no "public" part', 'public');
  }
  return file;
}

async function aesKey(passphrase, salt, iterations, usage) {
  const base = await crypto.subtle.importKey('raw', encoder.encode(passphrase), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, base,
    { name: 'AES-GCM', length: 256 }, false, [usage]);
}

/** The address a key file says it holds (its public part), or null. */
export function addressOfFile(file) {
  const a = file && file.public && file.public.address;
  return typeof a === 'string' ? a.toLowerCase() : null;
}

/**
 * Decrypts a key file with its passphrase: {key (a WalletKey), file}. A wrong passphrase, or a file whose ciphertext
 * or public part was changed, is the KeyFileError "wrong passphrase or altered file"; a file whose public address is
 * not the address of the key inside is refused too.
 */
export async function decryptKeyFile(text, passphrase) {
  const file = parseKeyFile(text);
  if (typeof passphrase !== 'string' || passphrase.length === 0) {
    throw new KeyFileError('enter the passphrase of the key file', 'passphrase');
  }
  const aad = encoder.encode(JSON.stringify(file.public));
  let seed;
  try {
    const key = await aesKey(passphrase, fromHex(file.salt), file.iterations, 'decrypt');
    seed = new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromHex(file.iv), additionalData: aad,
      tagLength: 128 }, key, fromHex(file.ciphertext)));
  } catch (e) {
    if (e && e.name === 'OperationError') throw new KeyFileError('wrong passphrase or altered file', 'passphrase');
    throw e;
  }
  if (seed.length !== 32) {
    seed.fill(0);
    throw new KeyFileError(`this key file holds ${seed.length} bytes, not a 32-byte Ed25519 key`, 'ciphertext');
  }
  const hex = toHex(seed);
  seed.fill(0);
  const key = await WalletKey.fromSeed(hex);
  const address = addressOfFile(file);
  if (file.public.address !== undefined && address !== key.address) {
    throw new KeyFileError(`the key file says ${file.public.address}, but the key inside it is ${key.address}`, 'public');
  }
  if (typeof file.public.public_key === 'string' && file.public.public_key.toLowerCase() !== key.publicKey) {
    throw new KeyFileError('the key file\'s public_key is not the public key of the key inside it', 'public');
  }
  return { key, file };
}

/**
 * The key file of a WalletKey (one holding its seed: made or imported in this page) under a passphrase, as the CLI
 * writes it: 600 000 iterations, a fresh random salt and iv, public = {address, public_key, purpose: "wallet"}.
 */
export async function encryptKeyFile(walletKey, passphrase) {
  if (!walletKey || !/^[0-9a-f]{64}$/.test(walletKey.seedHex || '')) {
    throw new KeyFileError('this key cannot be written to a key file');
  }
  if (typeof passphrase !== 'string' || passphrase.length < MIN_PASSPHRASE) {
    throw new KeyFileError(`choose a passphrase of at least ${MIN_PASSPHRASE} characters`, 'passphrase');
  }
  const publicPart = { address: walletKey.address, public_key: walletKey.publicKey, purpose: 'wallet' };
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const key = await aesKey(passphrase, salt, ITERATIONS, 'encrypt');
  const secret = fromHex(walletKey.seedHex);
  let ciphertext;
  try {
    ciphertext = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: encoder.encode(JSON.stringify(publicPart)),
      tagLength: 128 }, key, secret);
  } finally {
    secret.fill(0);
  }
  return JSON.stringify({ version: 1, kdf: KDF, iterations: ITERATIONS, salt: toHex(salt), cipher: CIPHER, iv: toHex(iv),
    ciphertext: toHex(ciphertext), public: publicPart });
}
