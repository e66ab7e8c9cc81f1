/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests", "<rootDir>/provider", "<rootDir>/emulator"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json", isolatedModules: false }],
  },
  moduleFileExtensions: ["ts", "js", "json"],
  // Engine tests spawn the real pulumi CLI; they get their own longer timeouts per test.
  testTimeout: 30000,
};
