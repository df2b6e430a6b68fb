import { describe, expect, it } from "vitest";
import { PRESENCE_LIMITS, YCloseCode, colorForUser } from "@bandspace/protocol";
import { connectRawYClient, type RawYClient } from "../../helpers/raw-yjs-client";
import { useTestServer, type Person } from "../../helpers/test-server-fixture";
import { connectYClient, sleep, waitFor } from "../../helpers/yjs-client";

/**
 * Issue #16, presence: a connection may set presence only for the client ids it introduced, the server
 * stamps every state with the member's verified identity, and states have size and rate limits. Attacks
 * come from a hand-written client; the victim is a real y-websocket provider, watched by a bystander.
 */
describe("presence is per connection and server-stamped", () => {
  const t = useTestServer();

  async function scene() {
    const session = await t.session();
    const victim = await t.person(session, "edit", "Vic");
    const mallory = await t.person(session, "view", "Mallory");
    const bystander = await t.person(session, "view", "Bea");
    const yc = (p: Person) => t.client({ sessionId: session.sessionId, token: p.token, member: p.secret });
    const victimClient = yc(victim);
    const bystanderClient = yc(bystander);
    await Promise.all([victimClient.synced(), bystanderClient.synced()]);
    victimClient.provider.awareness.setLocalStateField("selection", { kind: "track", ids: ["t1"] });
    const vid = victimClient.doc.clientID;
    await waitFor(
      () =>
        (bystanderClient.provider.awareness.getStates().get(vid) as { user?: { name?: string } })?.user?.name === "Vic",
      5000,
      "victim's presence on the bystander",
    );
    const attacker = connectRawYClient({
      baseUrl: t.server.url,
      sessionId: session.sessionId,
      token: mallory.token,
      member: mallory.secret,
    });
    await attacker.synced();
    return { session, victim, mallory, victimClient, bystanderClient, attacker, vid };
  }

  const stateOn = (c: { provider: { awareness: { getStates: () => Map<number, unknown> } } }, id: number) =>
    JSON.stringify(c.provider.awareness.getStates().get(id));

  it("drops presence for another connection's client id: neither the victim nor others adopt it", async () => {
    const s = await scene();
    const victimBefore = stateOn(s.victimClient, s.vid);
    const bystanderBefore = stateOn(s.bystanderClient, s.vid);
    const clock = s.victimClient.provider.awareness.meta.get(s.vid)!.clock;
    // Overwrite with a higher clock, and remove (null) with a higher clock.
    s.attacker.sendAwareness([{ clientId: s.vid, clock: clock + 10, state: { user: { name: "Pwned" } } }]);
    s.attacker.sendAwareness([{ clientId: s.vid, clock: clock + 20, state: null }]);
    await sleep(400);
    expect(stateOn(s.victimClient, s.vid)).toBe(victimBefore);
    expect(stateOn(s.bystanderClient, s.vid)).toBe(bystanderBefore);
    expect(s.attacker.awareness.some((e) => (e.state as { user?: { name?: string } })?.user?.name === "Pwned")).toBe(
      false,
    );
  });

  it("replaces the name, colour and role a client claims with the member's verified ones", async () => {
    const s = await scene();
    s.attacker.sendAwareness([
      {
        clientId: 4242,
        clock: 1,
        state: { user: { userId: s.victim.memberId, name: "Owner", color: "#000000", role: "owner" } },
      },
    ]);
    await waitFor(() => s.bystanderClient.provider.awareness.getStates().has(4242), 5000, "attacker's presence");
    expect((s.bystanderClient.provider.awareness.getStates().get(4242) as { user: unknown }).user).toEqual({
      userId: s.mallory.memberId,
      name: "Mallory",
      color: colorForUser(s.mallory.memberId),
      role: "view",
    });
  });

  it("drops an oversized state, counts it against the link, and closes a persistent abuser with a terminal code", async () => {
    const s = await scene();
    const big = "x".repeat(PRESENCE_LIMITS.stateBytes + 1);
    s.attacker.sendAwareness([{ clientId: 777, clock: 1, state: { junk: big } }]);
    // Wait for the server to have judged it (a fixed sleep is too short on a busy machine), then check it was dropped.
    const linkId = (await linkIdOf(s.attacker))!;
    await waitFor(() => t.server.refusals.count(linkId) > 0, 5000, "the oversized presence counted against the link");
    expect(s.bystanderClient.provider.awareness.getStates().has(777)).toBe(false);

    for (let i = 0; i < PRESENCE_LIMITS.abuseThreshold * 2; i++) {
      s.attacker.sendAwareness([{ clientId: s.vid, clock: 10_000 + i, state: { user: { name: "again" } } }]);
    }
    const closed = await s.attacker.closed;
    expect(closed.code).toBe(YCloseCode.abuse);
    expect(closed.reason).toMatch(/presence/);
    // The victim is untouched and still connected.
    expect((s.victimClient.provider.awareness.getLocalState() as { user?: unknown }).user).toBeUndefined();
    expect(s.victimClient.provider.wsconnected).toBe(true);

    async function linkIdOf(_c: RawYClient): Promise<string | undefined> {
      const links = await t.server.db.sessions.listLinks(s.session.sessionId);
      return links.find((l) => l.token === s.mallory.token)?.id;
    }
  });

  it("rate-limits a flood of presence updates for the connection's own client id", async () => {
    const s = await scene();
    // Over the burst, but fewer drops than the abuse threshold: dropped, not disconnected.
    const sent = PRESENCE_LIMITS.burst + 20;
    for (let i = 1; i <= sent; i++) s.attacker.sendAwareness([{ clientId: 9999, clock: i, state: { n: i } }]);
    await sleep(300);
    const seen = connectYClient({ baseUrl: t.server.url, sessionId: s.session.sessionId, token: s.session.ownerToken });
    await seen.synced();
    await waitFor(() => seen.provider.awareness.getStates().has(9999), 5000, "attacker's own presence");
    const n = (seen.provider.awareness.getStates().get(9999) as { n: number }).n;
    // The burst got through, the rest was dropped.
    expect(n).toBeGreaterThanOrEqual(PRESENCE_LIMITS.burst);
    expect(n).toBeLessThan(sent);
    seen.destroy();
  });
});
