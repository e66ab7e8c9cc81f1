/** Paging (§2.4): default 25, offset/limit, a silent cap, sortBy and myIntegrations. */
import {
  Api,
  importIntegration,
  login,
  s3Connection,
  startWithApi,
  flowBody,
  useEmulatorWithApi,
} from "./support";

describe("pagination", () => {
  const harness = useEmulatorWithApi({
    maxPageSize: 40,
    users: [
      {
        username: "demo@example.com",
        password: "demo-password",
        firstName: "Demo",
        lastName: "User",
      },
      {
        username: "other@example.com",
        password: "other-password",
        firstName: "Other",
        lastName: "Person",
      },
    ],
  });
  let other: Api;
  let connectionId: string;
  const mine: string[] = [];

  beforeAll(async () => {
    other = new Api(
      harness.emu,
      await login(harness.emu, { username: "other@example.com", password: "other-password" }),
    );
    for (let i = 0; i < 30; i++)
      await harness.api.createConnection(s3Connection(`Conn_${String(i).padStart(2, "0")}`));
    connectionId = Object.keys(harness.emu.state.connections)[0];
    for (const name of ["Bravo", "alpha", "Charlie"])
      mine.push(await harness.api.createIntegration(importIntegration(connectionId, name)));
    for (let i = 0; i < 30; i++)
      await other.createIntegration(importIntegration(connectionId, `Other_${i}`));
  });

  it("returns 25 items by default and the rest on the next page", async () => {
    const first = await harness.api.get("/integrations/connections");
    expect(first.json.connections).toHaveLength(25);
    expect(first.json.meta.paging).toEqual({ currentPageSize: 25, totalSize: 30, offset: 0 });
    const second = await harness.api.get("/integrations/connections?offset=25");
    expect(second.json.connections).toHaveLength(5);
    expect(second.json.meta.paging).toEqual({ currentPageSize: 5, totalSize: 30, offset: 25 });
    const names = [...first.json.connections, ...second.json.connections].map(
      (c: { body: { name: string } }) => c.body.name,
    );
    expect(new Set(names).size).toBe(30);
    const beyond = await harness.api.get("/integrations/connections?offset=40&limit=10");
    expect(beyond.json.meta.paging).toEqual({ currentPageSize: 0, totalSize: 30, offset: 40 });
  });

  it("honours limit and silently caps it", async () => {
    const small = await harness.api.get("/integrations?offset=2&limit=3");
    expect(small.json.integrations).toHaveLength(3);
    expect(small.json.meta.paging).toEqual({ currentPageSize: 3, totalSize: 33, offset: 2 });
    const capped = await harness.api.get("/integrations?limit=5000");
    expect(capped.json.meta.paging.currentPageSize).toBe(33);
    const cappedConnections = await harness.api.get("/integrations/connections?limit=5000");
    expect(cappedConnections.json.connections).toHaveLength(30);
    const tight = await startWithApi({ maxPageSize: 10 });
    try {
      for (let i = 0; i < 12; i++) await tight.api.createConnection();
      const reply = await tight.api.get("/integrations/connections?limit=50");
      expect(reply.json.meta.paging).toEqual({ currentPageSize: 10, totalSize: 12, offset: 0 });
    } finally {
      await tight.emu.stop();
    }
  });

  it("sorts by name both ways and filters to the caller's items", async () => {
    const asc = await harness.api.get("/integrations?myIntegrations=1&sortBy=name");
    expect(asc.json.integrations.map((i: { name: string }) => i.name)).toEqual([
      "alpha",
      "Bravo",
      "Charlie",
    ]);
    expect(asc.json.meta.paging.totalSize).toBe(3);
    const desc = await harness.api.get("/integrations?myIntegrations=1&sortBy=-name");
    expect(desc.json.integrations.map((i: { name: string }) => i.name)).toEqual([
      "Charlie",
      "Bravo",
      "alpha",
    ]);
    const all = await harness.api.get("/integrations?myIntegrations=0&limit=100");
    expect(all.json.meta.paging.totalSize).toBe(33);
    const theirs = await other.get("/integrations?myIntegrations=1&limit=100");
    expect(
      theirs.json.integrations.every((i: { createdBy: string }) => i.createdBy === "Other Person"),
    ).toBe(true);
    expect(theirs.json.meta.paging.totalSize).toBe(30);
  });

  it("pages flows and run history the same way", async () => {
    await harness.api.createFlow(flowBody([mine[0], mine[1]], "Flow_B"));
    await harness.api.createFlow(flowBody([mine[1], mine[2]], "Flow_A"));
    const flows = await harness.api.get("/integrationflows?limit=1&sortBy=name");
    expect(flows.json.integrationFlows.map((f: { name: string }) => f.name)).toEqual(["Flow_A"]);
    expect(flows.json.meta.paging).toEqual({ currentPageSize: 1, totalSize: 2, offset: 0 });
    const history = await harness.api.get(`/integrations/runs/${mine[0]}?offset=0&limit=2`);
    expect(history.json.history_of_runs).toMatchObject({ totalRuns: 0, runs: [] });
  });
});
