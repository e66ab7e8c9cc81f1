/**
 * The landing zone's deletion guard provider: it refuses deletion while protection is on, with a
 * message that says what holds the landing zone and how to proceed, and it is never replaced
 * (a replacement would delete it). The real-engine proof that a destroy then strips nothing is in
 * tests/engine/landingZone.test.ts.
 */
import { DeletionGuardProvider } from "../../provider/dynamic/deletionGuard";

const provider = new DeletionGuardProvider();
const guarded = { landingZone: "landing", bucketName: "acme-landing", deletionProtection: true };

it("refuses deletion while protection is on, naming the bucket and the way out", async () => {
  const refusal = provider.delete("landing-deletion-guard", guarded);
  await expect(refusal).rejects.toThrow(
    'CloudWorksS3LandingZone "landing": deletion protection is on, so nothing protecting bucket "acme-landing" was deleted',
  );
  await expect(refusal).rejects.toThrow(
    /deletionProtection: false .*`pulumi up`, and then `pulumi destroy`/,
  );
  await expect(refusal).rejects.toThrow(/forceDestroy: true/);
});

it("lets go only for an explicit false in the deployed state", async () => {
  await expect(
    provider.delete("g", { ...guarded, deletionProtection: false }),
  ).resolves.toBeUndefined();
  // State written by anything else (an older version, a hand edit) keeps the data protected.
  const odd = { ...guarded, deletionProtection: "false" as unknown as boolean };
  await expect(provider.delete("g", odd)).rejects.toThrow("deletion protection is on");
});

it("updates in place and is never replaced", async () => {
  const off = { ...guarded, deletionProtection: false };
  expect(await provider.diff("g", guarded, off)).toEqual({
    changes: true,
    replaces: [],
    deleteBeforeReplace: false,
  });
  expect((await provider.diff("g", guarded, { ...guarded })).changes).toBe(false);
  expect((await provider.update("g", guarded, off)).outs).toEqual(off);
});

it("rejects a protection flag that is not a boolean at preview", async () => {
  const bad = { ...guarded, deletionProtection: "yes" as unknown as boolean };
  const result = await provider.check(guarded, bad);
  expect(result.failures).toEqual([
    { property: "deletionProtection", reason: expect.stringContaining("must be true or false") },
  ]);
});
