import { timingSafeEqual } from "node:crypto";
import { LOWER_HEX_32, stableGuid } from "./formats";
import type { EmulatorUser, EmulatorUserInfo } from "./types";

/** The user who can log in when no users are configured: `demo@example.com` / `demo-password`. */
export const DEMO_USER: Readonly<EmulatorUser> = Object.freeze({
  username: "demo@example.com",
  password: "demo-password",
  firstName: "Demo",
  lastName: "User",
});

/** @internal A configured user with defaults resolved. */
export interface UserRecord extends EmulatorUserInfo {
  /** Basic-auth password. */
  password: string;
}

/** @internal The tenant's users: Basic-auth checks, certificate mapping and GUID lookups. */
export class UserDirectory {
  private readonly users: UserRecord[];

  constructor(users: EmulatorUser[]) {
    this.users = users.map((user) => {
      if (!user.username || user.username.includes(":")) {
        throw new Error(`invalid username ${JSON.stringify(user.username)}`);
      }
      const userGuid = user.userGuid ?? stableGuid(`user:${user.username.toLowerCase()}`);
      if (!LOWER_HEX_32.test(userGuid))
        throw new Error(`userGuid of ${user.username} must be 32 lowercase hex`);
      const firstName = user.firstName ?? user.username.split("@")[0];
      const lastName = user.lastName ?? "";
      return {
        username: user.username,
        password: user.password,
        userGuid,
        firstName,
        lastName,
        displayName: `${firstName} ${lastName}`.trim(),
      };
    });
  }

  /** Users without passwords, for the public handle. */
  list(): EmulatorUserInfo[] {
    return this.users.map(({ password: _password, ...info }) => info);
  }

  /** The user whose username and password match, compared in constant time. */
  checkPassword(username: string, password: string): UserRecord | undefined {
    const user = this.byUsername(username);
    if (!user) return undefined;
    const given = Buffer.from(password, "utf8");
    const expected = Buffer.from(user.password, "utf8");
    return given.length === expected.length && timingSafeEqual(given, expected) ? user : undefined;
  }

  /** Case-insensitive username lookup (usernames are email addresses). */
  byUsername(username: string): UserRecord | undefined {
    const wanted = username.toLowerCase();
    return this.users.find((user) => user.username.toLowerCase() === wanted);
  }

  /** The first user matching any certificate identity (subject CN or email), in the order given. */
  byCertificateIdentity(identities: string[]): UserRecord | undefined {
    for (const identity of identities) {
      const user = this.byUsername(identity);
      if (user) return user;
    }
    return undefined;
  }

  /** Lookup by GUID, used to resolve notification users to names. */
  byGuid(userGuid: string): UserRecord | undefined {
    return this.users.find((user) => user.userGuid === userGuid);
  }
}
