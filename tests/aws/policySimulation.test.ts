/**
 * Proves what the landing-zone policies allow and deny with @cloud-copilot/iam-simulate (Strict
 * mode), from the table in simulationMatrix.ts, and keeps the docs' copy of that table in sync.
 * Set UPDATE_SECURITY_DOC=1 to rewrite the table in docs/security-review.md.
 *
 * iam-simulate is AGPL and a dev dependency: it is only ever loaded here, never from provider/.
 */
import * as fs from "fs";
import * as path from "path";

import { runSimulation } from "@cloud-copilot/iam-simulate";

import {
  CLOUDWORKS_EGRESS_TABLE_DATE,
  CLOUDWORKS_EGRESS_TABLE_SOURCE,
  renderPolicyJson,
} from "../../provider/aws";
import {
  account,
  bucketPolicy,
  docMarkers,
  identityPolicies,
  keyPolicy,
  MatrixRow,
  principals,
  renderMatrixMarkdown,
  requestContext,
  resourceArn,
  simulationMatrix,
} from "./support";

const docPath = path.join(__dirname, "..", "..", "docs", "security-review.md");

/** Runs one row; policies go through the renderer so the JSON AWS would receive is what is simulated. */
async function simulate(row: MatrixRow) {
  const resourcePolicy = row.policy === "bucket" ? bucketPolicy : keyPolicy;
  return runSimulation(
    {
      request: {
        principal: principals[row.principal],
        action: row.action,
        resource: { resource: resourceArn(row), accountId: account },
        contextVariables: requestContext(row),
      },
      identityPolicies: identityPolicies[row.principal].map((policy, i) => ({
        name: `identity-${i}`,
        policy: JSON.parse(renderPolicyJson(policy)),
      })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: JSON.parse(renderPolicyJson(resourcePolicy)),
    },
    { simulationMode: "Strict" },
  );
}

describe("simulated request matrix (iam-simulate, Strict mode)", () => {
  it("has at least 15 rows, covering every decision and every deny statement", () => {
    expect(simulationMatrix.length).toBeGreaterThanOrEqual(15);
    const decisions = new Set(simulationMatrix.map((row) => row.expected));
    expect([...decisions].sort()).toEqual(["Allowed", "ExplicitlyDenied", "ImplicitlyDenied"]);
    const denySids = new Set(simulationMatrix.map((row) => row.deniedBy).filter(Boolean));
    for (const statement of [...bucketPolicy.Statement, ...keyPolicy.Statement]) {
      if (statement.Effect === "Deny") {
        expect(denySids).toContain(statement.Sid);
      }
    }
  });

  it.each(simulationMatrix.map((row, i) => [i + 1, row.principal, row.request, row] as const))(
    "#%i %s: %s",
    async (_n, _principal, _request, row) => {
      const result = await simulate(row);
      if (result.resultType === "error") {
        throw new Error(`simulation error: ${JSON.stringify(result.errors)}`);
      }
      expect(result.resultType).toBe("single");
      if (result.resultType !== "single") {
        return;
      }
      // A context key the action does not know is silently dropped; that would make a row
      // prove nothing, so none may be dropped.
      expect(result.result.ignoredContextKeys ?? []).toEqual([]);
      expect(result.overallResult).toBe(row.expected);
      const denying = (result.result.analysis.resourceAnalysis?.denyStatements ?? []).map(
        (statement) => statement.explain?.identifier,
      );
      if (row.expected === "ExplicitlyDenied") {
        expect(denying).toContain(row.deniedBy);
      } else {
        expect(denying).toEqual([]);
      }
    },
  );
});

describe("docs/security-review.md", () => {
  it("contains the simulated matrix exactly as the test table renders it", () => {
    const table = renderMatrixMarkdown();
    const doc = fs.readFileSync(docPath, "utf8");
    const start = doc.indexOf(docMarkers.start);
    const end = doc.indexOf(docMarkers.end);
    expect(start).toBeGreaterThanOrEqual(0);
    expect(end).toBeGreaterThan(start);
    const current = doc.slice(start + docMarkers.start.length, end).trim();
    if (process.env.UPDATE_SECURITY_DOC === "1" && current !== table) {
      const updated = `${doc.slice(0, start + docMarkers.start.length)}\n${table}\n${doc.slice(end)}`;
      fs.writeFileSync(docPath, updated);
      return;
    }
    expect(current).toBe(table);
  });

  it("explains every statement and states the egress table's date and source", () => {
    const doc = fs.readFileSync(docPath, "utf8");
    for (const statement of [...bucketPolicy.Statement, ...keyPolicy.Statement]) {
      expect(doc).toContain(`\`${statement.Sid}\``);
    }
    expect(doc).toContain(`**last modified ${CLOUDWORKS_EGRESS_TABLE_DATE}**`);
    expect(doc).toContain(CLOUDWORKS_EGRESS_TABLE_SOURCE);
  });
});
