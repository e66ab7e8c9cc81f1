/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests", "<rootDir>/provider", "<rootDir>/emulator"],
  testMatch: ["**/*.test.ts"],
  // Transpile only (tsconfig.jest.json sets isolatedModules, which ts-jest reads as such):
  // `npm test` type-checks the whole tree once with tsc before jest runs, which is far faster
  // than ts-jest type-checking every file again.
  transform: {
    "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.jest.json" }],
  },
  moduleFileExtensions: ["ts", "js", "json"],
  // Programs import the package by name, as users do; inside the repo that name is the source.
  moduleNameMapper: {
    "^pulumi-cloudworks$": "<rootDir>/provider/index.ts",
    "^pulumi-cloudworks/aws$": "<rootDir>/provider/aws/index.ts",
  },
  // Engine tests spawn the real pulumi CLI; they get their own longer timeouts per test.
  testTimeout: 30000,
};
