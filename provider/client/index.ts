// Public surface of the Anaplan auth + CloudWorks REST client.
export * from "./types";
export { ANAPLAN_REGIONS, DEFAULT_REGION, resolveEndpoints } from "./regions";
export type { RegionEndpoints } from "./regions";
export { AnaplanAuthError, CloudWorksApiError } from "./errors";
export type {
  AnaplanAuthErrorDetails,
  AnaplanAuthErrorKind,
  CloudWorksApiErrorDetails,
  CloudWorksErrorKind,
} from "./errors";
export { REDACTED, redactSecrets } from "./redaction";
export type { ClientLogger, ClientLogLevel } from "./logging";
export type {
  AnaplanCredentials,
  BasicCredentials,
  CertificateCredentials,
  Pkcs12Credentials,
} from "./auth";
export type { CertificateAuthBody, CertificatePayloadFormat } from "./certificate";
export { clearTokenCache } from "./auth";
export { isLoopbackHost } from "./urlPolicy";
export { CloudWorksClient } from "./cloudworks";
export type { CloudWorksClientOptions, ListOptions, WaitForRunOptions } from "./clientOptions";
