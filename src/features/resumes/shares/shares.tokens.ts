import { randomBase64Url, sha256Hex } from "../../../core/digest";

/**
 * Share tokens: 128 random bits from crypto.getRandomValues, base64url (22 characters). Only the
 * SHA-256 of a token (hex) is stored, so the table alone opens no resume.
 */
export const SHARE_TOKEN = /^[A-Za-z0-9_-]{22}$/;

export const newShareToken = (): string => randomBase64Url(16);

export const hashShareToken = (token: string): Promise<string> => sha256Hex(token);
