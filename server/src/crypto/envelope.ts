import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { FolioError } from "../errors.ts";

/**
 * Envelope encryption with AES-256-GCM (node:crypto). Each investor record has its own random 256-bit data key;
 * the data key is stored only wrapped (encrypted) under the master key, and every field and document of the record
 * is encrypted under the data key. The additional authenticated data binds each ciphertext to its record and field,
 * so a ciphertext moved to another record or field fails to decrypt. Deleting the wrapped data key makes every
 * ciphertext of the record unreadable (crypto-shredding).
 *
 * Ciphertext format: `v1.` + base64(iv (12 bytes) | tag (16 bytes) | ciphertext).
 */
const VERSION = "v1.";
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface DataKey {
  /** The plaintext key: kept in memory only while a request needs it. */
  key: Buffer;
  /** The key wrapped under the master key, as stored. */
  wrapped: string;
}

export function createEnvelope(masterKey: Buffer) {
  if (masterKey.length !== 32) throw new Error("The master key must be 32 bytes");
  const master = Buffer.from(masterKey);

  return {
    /** A fresh random data key for `recordId`, and its wrapped form to store. */
    newDataKey(recordId: string): DataKey {
      const key = randomBytes(32);
      return { key, wrapped: seal(master, key, wrapAad(recordId)) };
    },

    /** The data key of `recordId`; fails when the wrapped key was made for another record or another master key. */
    unwrapDataKey(recordId: string, wrapped: string): Buffer {
      return open(master, wrapped, wrapAad(recordId));
    },

    encrypt(dataKey: Buffer, recordId: string, field: string, plaintext: Buffer | string): string {
      return seal(dataKey, typeof plaintext === "string" ? Buffer.from(plaintext, "utf8") : plaintext, fieldAad(recordId, field));
    },

    decrypt(dataKey: Buffer, recordId: string, field: string, ciphertext: string): Buffer {
      return open(dataKey, ciphertext, fieldAad(recordId, field));
    },
  };
}

export type Envelope = ReturnType<typeof createEnvelope>;

const wrapAad = (recordId: string) => Buffer.from(`folio:kyc:data-key:${recordId}`, "utf8");
const fieldAad = (recordId: string, field: string) => Buffer.from(`folio:kyc:${recordId}:${field}`, "utf8");

function seal(key: Buffer, plaintext: Buffer, aad: Buffer): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return VERSION + Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64");
}

function open(key: Buffer, sealed: string, aad: Buffer): Buffer {
  if (!sealed.startsWith(VERSION)) throw undecryptable();
  const bytes = Buffer.from(sealed.slice(VERSION.length), "base64");
  if (bytes.length < IV_BYTES + TAG_BYTES) throw undecryptable();
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(0, IV_BYTES));
    decipher.setAAD(aad);
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
  } catch (cause) {
    throw undecryptable(cause);
  }
}

const undecryptable = (cause?: unknown) =>
  new FolioError("KYC_DATA_UNREADABLE", "The encrypted record cannot be decrypted (wrong key, or the data was altered)", { cause });
