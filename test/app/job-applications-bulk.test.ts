import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answer, createApplication } from "../helpers/api";
import { createTestContext, type TestContext } from "../helpers/deps";
import { createUserWithToken, type TestUser } from "../helpers/factories";

let t: TestContext;
let alice: TestUser;
let bob: TestUser;
beforeAll(async () => {
  t = await createTestContext({ env: { THROTTLE_BULK: "1000/hour" } });
  alice = await createUserWithToken(t);
  bob = await createUserWithToken(t);
});
afterAll(() => t.close());

const bulk = (user: TestUser, json: unknown) =>
  t.request("/api/job-applications/bulk/", { method: "POST", token: user.token, json });

async function read(user: TestUser, id: number) {
  const res = await t.request(`/api/job-applications/${id}/`, { token: user.token });
  return res.status === 200 ? ((await res.json()) as { status: string }) : null;
}

async function kindsOf(user: TestUser, id: number) {
  const res = await t.request(`/api/job-applications/${id}/timeline/`, { token: user.token });
  return ((await res.json()) as { kind: string; data: unknown }[]).map((e) => [e.kind, e.data]);
}

describe("bulk", () => {
  it("changes the status of several applications, each change once in its timeline", async () => {
    const a = await createApplication(t, alice);
    const b = await createApplication(t, alice, { status: "Rejected" });
    const res = await bulk(alice, {
      ids: [a.id, b.id, a.id],
      action: "update",
      status: "Rejected",
    });
    expect(await answer(res)).toEqual({ status: 200, body: { updated: 2 } });
    expect((await read(alice, a.id))?.status).toBe("Rejected");
    expect(await kindsOf(alice, a.id)).toEqual([
      ["created", { status: "Applied" }],
      ["status_changed", { from: "Applied", to: "Rejected" }],
    ]);
    // Already Rejected: no status change to record.
    expect(await kindsOf(alice, b.id)).toEqual([["created", { status: "Rejected" }]]);
  });

  it("deletes and restores, with their entries", async () => {
    const a = await createApplication(t, alice);
    expect(await answer(await bulk(alice, { ids: [a.id], action: "delete" }))).toEqual({
      status: 200,
      body: { updated: 1 },
    });
    expect(await read(alice, a.id)).toBeNull();
    // A deleted row cannot be deleted again, and a live one cannot be restored.
    expect((await bulk(alice, { ids: [a.id], action: "delete" })).status).toBe(400);
    expect(await answer(await bulk(alice, { ids: [a.id], action: "restore" }))).toEqual({
      status: 200,
      body: { updated: 1 },
    });
    expect((await kindsOf(alice, a.id)).map(([k]) => k)).toEqual([
      "created",
      "deleted",
      "restored",
    ]);
  });

  it("another user's id is a 400 on ids and nothing changes", async () => {
    const mine = await createApplication(t, alice);
    const theirs = await createApplication(t, bob);
    const res = await bulk(alice, {
      ids: [mine.id, theirs.id],
      action: "update",
      status: "Offer",
    });
    expect(await answer(res)).toEqual({
      status: 400,
      body: { ids: [`Invalid pk "${theirs.id}" - object does not exist.`] },
    });
    expect((await read(alice, mine.id))?.status).toBe("Applied");
    expect((await read(bob, theirs.id))?.status).toBe("Applied");
    expect(await kindsOf(alice, mine.id)).toHaveLength(1);
    const del = await bulk(alice, { ids: [theirs.id], action: "delete" });
    expect(del.status).toBe(400);
    expect(await read(bob, theirs.id)).not.toBeNull();
  });

  it("validates the body", async () => {
    expect(await answer(await bulk(alice, { ids: [], action: "delete" }))).toEqual({
      status: 400,
      body: { ids: ["This list may not be empty."] },
    });
    const many = Array.from({ length: 101 }, (_, i) => i + 1);
    expect(await answer(await bulk(alice, { ids: many, action: "delete" }))).toEqual({
      status: 400,
      body: { ids: ["Ensure this field has no more than 100 elements."] },
    });
    expect(await answer(await bulk(alice, { ids: [1], action: "update" }))).toEqual({
      status: 400,
      body: { status: ["This field is required."] },
    });
    expect(await answer(await bulk(alice, { ids: [1], action: "archive" }))).toEqual({
      status: 400,
      body: { action: ['"archive" is not a valid choice.'] },
    });
    expect(
      await answer(await bulk(alice, { ids: [1], action: "update", status: "Bogus" })),
    ).toEqual({ status: 400, body: { status: ['"Bogus" is not a valid choice.'] } });
    const anonymous = await t.request("/api/job-applications/bulk/", {
      method: "POST",
      json: { ids: [1], action: "delete" },
    });
    expect(anonymous.status).toBe(401);
  });
});
