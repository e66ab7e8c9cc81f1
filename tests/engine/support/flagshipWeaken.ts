/**
 * Test-only addition to a copy of the flagship program (tests/engine/support/flagshipFixture.ts
 * adds it as the program's first import): with stack config `weaken` set, a stack transformation
 * turns one protection of the landing zone off, as a careless edit or a hand-written bucket
 * would, so the policy pack can be shown failing each weakened variant. Without `weaken` it does
 * nothing.
 */
import * as pulumi from "@pulumi/pulumi";

/** The weakened variants, by the config value that selects them. */
export type WeakenVariant =
  "openAllowlist" | "noTlsDeny" | "aes256" | "awsManagedKey" | "publicAccessOff";

type Statement = { Sid?: string; Condition?: Record<string, Record<string, unknown>> };

/** Every `aws:SourceIp` list of the policy becomes `0.0.0.0/0`. */
function openAllowlist(policy: string): string {
  const doc = JSON.parse(policy) as { Statement: Statement[] };
  for (const statement of doc.Statement) {
    for (const block of Object.values(statement.Condition ?? {})) {
      if ("aws:SourceIp" in block) block["aws:SourceIp"] = ["0.0.0.0/0"];
    }
  }
  return JSON.stringify(doc);
}

/** The statements that deny requests without TLS are dropped. */
function dropTlsDeny(policy: string): string {
  const doc = JSON.parse(policy) as { Statement: Statement[] };
  doc.Statement = doc.Statement.filter(
    (statement) => !JSON.stringify(statement.Condition ?? {}).includes("aws:SecureTransport"),
  );
  return JSON.stringify(doc);
}

const variant = new pulumi.Config().get("weaken") as WeakenVariant | undefined;
if (variant !== undefined) {
  pulumi.runtime.registerStackTransformation((args) => {
    const props = { ...args.props };
    switch (args.type) {
      case "aws:s3/bucketPolicy:BucketPolicy":
        if (variant === "openAllowlist") {
          props.policy = pulumi.output(props.policy as string).apply(openAllowlist);
        } else if (variant === "noTlsDeny") {
          props.policy = pulumi.output(props.policy as string).apply(dropTlsDeny);
        } else return undefined;
        break;
      case "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration":
        if (variant === "aes256") {
          props.rules = [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }];
        } else if (variant === "awsManagedKey") {
          // aws:kms without a key: S3 then uses the AWS-managed key aws/s3.
          props.rules = [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } }];
        } else return undefined;
        break;
      case "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock":
        if (variant !== "publicAccessOff") return undefined;
        props.blockPublicPolicy = false;
        props.restrictPublicBuckets = false;
        break;
      default:
        return undefined;
    }
    return { props, opts: args.opts };
  });
}
