import { describe, expect, it } from "vitest";
import { LiveConnections } from "../../../server/auth/live-connections";
import { InProcessBus, InProcessHub } from "../../../server/cluster/in-process";

/** Two nodes' LiveConnections on one in-memory bus: what the owner does on one node acts on the other. */
async function twoNodes() {
  const hub = new InProcessHub();
  const one = new LiveConnections();
  const two = new LiveConnections();
  await one.connect(new InProcessBus(hub, "one"));
  await two.connect(new InProcessBus(hub, "two"));
  return { one, two, hub };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe("LiveConnections across nodes", () => {
  it("a revocation on one node closes the link's connections on the other and refuses new ones there", async () => {
    const { one, two } = await twoNodes();
    const closed: string[] = [];
    two.register("link1", (reason) => closed.push(reason));
    two.register("link2", () => closed.push("wrong link"));
    expect(one.revokeLink("link1", "revoked by the owner")).toBe(0); // none on this node
    await settle();
    expect(closed).toEqual(["revoked by the owner"]);
    expect(two.count("link1")).toBe(0);
    expect(two.register("link1", () => {})).toBeNull();
  });

  it("a role change and a join on one node reach the member's connections on the other", async () => {
    const { one, two } = await twoNodes();
    const roles: string[] = [];
    const names: string[] = [];
    two.register("link1", () => {}, {
      memberKey: "s1:abc",
      onRoleChange: (role) => roles.push(role),
      onMemberJoined: (m) => names.push(m.name),
    });
    one.changeMemberRole("s1:abc", "view");
    one.memberJoined("s1:abc", { memberId: "m1", name: "Drummer" });
    await settle();
    expect(roles).toEqual(["view"]);
    expect(names).toEqual(["Drummer"]);
  });

  it("ignores an event that does not parse", async () => {
    const { two, hub } = await twoNodes();
    const closed: string[] = [];
    two.register("link1", (reason) => closed.push(reason));
    const stranger = new InProcessBus(hub, "stranger");
    stranger.publish("live", Buffer.from(JSON.stringify({ kind: "revoke", linkId: 42 })));
    stranger.publish("live", Buffer.from("not json"));
    await settle();
    expect(closed).toEqual([]);
    expect(two.count("link1")).toBe(1);
  });
});
