import { randomBase64Url } from "../../core/digest";

/**
 * Feed tokens: 256 random bits from crypto.getRandomValues, base64url (43 characters), the only
 * credential of the feed URL. Only the SHA-256 of a token (hex) is stored: a fetch is a lookup
 * of its hash (an index probe, no comparison of secrets in code), and the table alone opens no
 * calendar.
 */
export const FEED_TOKEN_LENGTH = 43;
const TOKEN_CHARS = /^[A-Za-z0-9_-]{43}$/;

export const isFeedToken = (s: string): boolean => TOKEN_CHARS.test(s);

export const newFeedToken = (): string => randomBase64Url(32);
