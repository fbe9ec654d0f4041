import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { ApiError } from "../../src/core/errors";
import { incomingBody } from "../../src/entry/node-body";

/** The Node entry's body reader, over a stream standing in for an IncomingMessage. */
describe("incomingBody", () => {
  it("joins the chunks as UTF-8 (a character split across them too) and reads once", async () => {
    const stream = new PassThrough();
    const read = incomingBody(stream);
    const bytes = Buffer.from('{"t":"é履"}');
    const first = read(1000);
    for (let i = 0; i < bytes.length; i += 3) stream.write(bytes.subarray(i, i + 3));
    stream.end();
    expect(await first).toBe('{"t":"é履"}');
    expect(await read(1000)).toBe('{"t":"é履"}');
  });

  it("drops a leading byte order mark, as the Fetch API's text() does", async () => {
    const stream = new PassThrough();
    const read = incomingBody(stream);
    stream.end(Buffer.from("\uFEFF{}"));
    expect(await read(100)).toBe("{}");
  });

  it("rejects with 413 past the limit and keeps the stream flowing", async () => {
    const stream = new PassThrough();
    const read = incomingBody(stream);
    const result = read(10).catch((err: unknown) => err);
    stream.write(Buffer.alloc(6));
    stream.write(Buffer.alloc(6));
    const err = await result;
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(413);
    expect(stream.readableFlowing).toBe(true);
    stream.end(Buffer.alloc(100));
  });

  it("rejects when the request closes before its body ended", async () => {
    const stream = new PassThrough();
    const read = incomingBody(stream);
    const result = read(100);
    stream.write("{");
    stream.destroy();
    await expect(result).rejects.toThrow(/closed before its body ended/);
  });
});
