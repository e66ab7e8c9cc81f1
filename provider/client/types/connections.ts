// Connection bodies and list items of the CloudWorks 2.0 API (shared/reference/cloudworks-api.md §4).
// Field names are the API's own camelCase spelling; do not rename them, they go on the wire as-is.

/** Cloud store kinds a connection can point at. */
export type ConnectionType = "AmazonS3" | "AzureBlob" | "GoogleBigQuery";

/** Body of an Amazon S3 connection, as sent on create and full update. */
export interface AmazonS3ConnectionBody {
  /** Unique connection name (at most 60 Latin letters, digits, spaces, `-`, `_`). */
  name: string;
  /** AWS access key ID CloudWorks uses to reach the bucket. */
  accessKeyId: string;
  /** AWS secret access key; secret, never returned by the API. */
  secretAccessKey: string;
  /** Name of the S3 bucket. */
  bucketName: string;
  /** Optional IAM role CloudWorks assumes with the access key. */
  roleArn?: string;
  /** Workspace the connection belongs to; required for restricted integration users. */
  workspaceId?: string;
}

/** Body of an Azure Blob connection, as sent on create and full update. */
export interface AzureBlobConnectionBody {
  /** Unique connection name. */
  name: string;
  /** Azure storage account name. */
  storageAccountName: string;
  /** Shared access signature token; secret, never returned by the API. */
  sasToken: string;
  /** Blob container name. */
  containerName: string;
  /** Workspace the connection belongs to; required for restricted integration users. */
  workspaceId?: string;
  /** Authentication method, `"SAS-based"` (camelCase spelling the SDK sends; §12 leaves it open). */
  authMethod?: string;
  /** Authentication method, snake_case spelling seen live by SETI; send whichever the tenant takes. */
  auth_method?: string;
}

/** Google service-account key in the camelCase form CloudWorks expects. */
export interface GoogleServiceAccountKey {
  /** Always `"service_account"`. */
  type: string;
  /** Google Cloud project ID. */
  projectId: string;
  /** ID of the private key; treated as secret. */
  privateKeyId: string;
  /** PEM private key of the service account; secret. */
  privateKey: string;
  /** Service account e-mail address. */
  clientEmail: string;
  /** Numeric client ID of the service account. */
  clientId: string;
  /** OAuth authorization URI from the key file. */
  authUri: string;
  /** OAuth token URI from the key file. */
  tokenUri: string;
  /** Provider certificate URL from the key file. */
  authProviderX509CertUrl: string;
  /** Client certificate URL from the key file. */
  clientX509CertUrl: string;
}

/** Body of a Google BigQuery connection, as sent on create and full update. */
export interface GoogleBigQueryConnectionBody {
  /** Unique connection name. */
  name: string;
  /** Service-account key CloudWorks authenticates with; secret. */
  serviceAccountKey: GoogleServiceAccountKey;
  /** BigQuery dataset name. */
  dataset: string;
  /** Workspace the connection belongs to; required for restricted integration users. */
  workspaceId?: string;
}

/** The inner connection body of any type; what `PUT /integrations/connections/{id}` takes. */
export type ConnectionBody =
  AmazonS3ConnectionBody | AzureBlobConnectionBody | GoogleBigQueryConnectionBody;

/** `POST /integrations/connections` body for an Amazon S3 connection. */
export interface AmazonS3ConnectionCreateRequest {
  /** Connection type discriminator. */
  type: "AmazonS3";
  /** Connection settings and credentials. */
  body: AmazonS3ConnectionBody;
}

/** `POST /integrations/connections` body for an Azure Blob connection. */
export interface AzureBlobConnectionCreateRequest {
  /** Connection type discriminator. */
  type: "AzureBlob";
  /** Connection settings and credentials. */
  body: AzureBlobConnectionBody;
}

/** `POST /integrations/connections` body for a Google BigQuery connection. */
export interface GoogleBigQueryConnectionCreateRequest {
  /** Connection type discriminator. */
  type: "GoogleBigQuery";
  /** Connection settings and credentials. */
  body: GoogleBigQueryConnectionBody;
}

/** `POST /integrations/connections` body (C1): `{type, body}`. */
export type ConnectionCreateRequest =
  | AmazonS3ConnectionCreateRequest
  | AzureBlobConnectionCreateRequest
  | GoogleBigQueryConnectionCreateRequest;

/** The non-secret `body` of a listed connection. */
export interface ConnectionSummaryBody {
  /** Connection name. */
  name: string;
  /** S3 bucket name (AmazonS3). */
  bucketName?: string;
  /** Storage account name (AzureBlob). */
  storageAccountName?: string;
  /** Container name (AzureBlob). */
  containerName?: string;
  /** Authentication method (AzureBlob), e.g. `"SAS-based"`. */
  authMethod?: string;
  /** Dataset name (GoogleBigQuery). */
  dataset?: string;
}

/** One item of `GET /integrations/connections` (C2). Never carries secrets. */
export interface ConnectionSummary {
  /** 32-char lowercase hex connection ID. */
  connectionId: string;
  /** Connection type. */
  connectionType: ConnectionType;
  /** Non-secret connection settings. */
  body: ConnectionSummaryBody;
  /** ISO-8601 creation time. */
  creationDate: string;
  /** ISO-8601 last modification time. */
  modificationDate: string;
  /** Display name of the creator. */
  createdBy: string;
  /** Display name of the last modifier. */
  modifiedBy: string;
  /** Connection health: `1` valid, `0` invalid. */
  status: number;
  /** Reason code when `status` is 0 (1 invalid credentials, 4 invalid bucket, 10 assume-role failed). */
  integrationErrorCode: number | null;
  /** Workspace of the connection; null unless created by a restricted integration user. */
  workspaceId?: string | null;
  /** Root-level auth method; null for old connections. */
  authMethod?: string | null;
}
