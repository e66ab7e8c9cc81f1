import * as pulumi from "@pulumi/pulumi";
import type { JobType, LatestRun, ScheduleType } from "../client";
import type { NotificationInputs, ScheduleInputs } from "../dynamic/inputs";
import { CloudWorksReadableResource } from "./get";
import { ArgsOf } from "./registration";

/** Job types of reference §5.1: the cloud side and the direction (into or out of Anaplan). */
export type IntegrationJobType = JobType;

/** One column mapping of a BigQuery export. */
export interface IntegrationColumnMappingArgs {
  /** The Anaplan export column. */
  sourceName: pulumi.Input<string>;
  /** The BigQuery table column. */
  targetName: pulumi.Input<string>;
}

/**
 * One job of an integration, in a flat form: the provider builds CloudWorks' `sources` and
 * `targets` from it, so a source/target type can never disagree with the job type.
 */
export interface IntegrationJobArgs {
  /** The job type; it fixes the direction and the connection type of the cloud side. */
  type: pulumi.Input<IntegrationJobType>;
  /** The connection of the cloud side (a {@link CloudWorksConnection}'s `connectionId`). */
  connectionId: pulumi.Input<string>;
  /**
   * S3/Azure: the object path to import (e.g. `source/accounts.csv`) or the folder to export to,
   * ending in `/`. Relative to the bucket or container: no leading `/` and no `..` segments.
   */
  file?: pulumi.Input<string>;
  /** BigQuery: the table. */
  table?: pulumi.Input<string>;
  /** Anaplan action: an import action ID (112…) for imports, an export action ID (116…) for exports. */
  actionId: pulumi.Input<string>;
  /**
   * Imports only: the import's data-source file ID, `importDataSourceId` in the Integration API
   * (usually 113…). Any 12-digit ID is accepted: public examples also use 112…, and no source
   * says which prefixes CloudWorks accepts, so CloudWorks judges it at create.
   */
  fileId?: pulumi.Input<string>;
  /**
   * Exports only: overwrite the target instead of writing a new file each run. Default false,
   * and always sent: Apiary documents false as the server default while the SDK defaults files
   * to true, so the package never leaves the choice to the server.
   */
  overwrite?: pulumi.Input<boolean>;
  /** BigQuery exports only (required there): Anaplan column → BigQuery column. */
  mapping?: pulumi.Input<pulumi.Input<IntegrationColumnMappingArgs>[]>;
}

/** Schedule types of reference §6. */
export type IntegrationScheduleType = ScheduleType;

/**
 * An integration's schedule (one per integration). Every field updates in place. Its fields are
 * declared once, with the schedule body CloudWorks takes (`ScheduleBody` of the client).
 */
export type IntegrationScheduleArgs = ArgsOf<ScheduleInputs>;

/**
 * Who CloudWorks notifies about runs. CloudWorks creates a notification config with every
 * integration; the provider adopts and updates that one rather than creating another.
 */
export type IntegrationNotificationsArgs = ArgsOf<NotificationInputs>;

/** Inputs of a {@link CloudWorksIntegration}. */
export interface CloudWorksIntegrationArgs {
  /** Unique integration name (same rules as connection names). Updated in place. */
  name: pulumi.Input<string>;
  /** Workspace ID (32 lowercase hex); must match the connections' workspace when they have one. Updated in place. */
  workspaceId: pulumi.Input<string>;
  /** Model ID (32 uppercase hex). Updated in place. */
  modelId: pulumi.Input<string>;
  /** Show the integration on UX action cards. Default false. */
  nuxVisible?: pulumi.Input<boolean>;
  /**
   * A process ID (118…) makes this a process integration: `jobs` then lists one job per process
   * action that touches a cloud store (possibly none). Switching between process, import and
   * export replaces the integration.
   */
  processId?: pulumi.Input<string>;
  /**
   * Exactly one job for an import or export integration; 0 to 100 for a process (one per process
   * action that reads or writes the cloud store). A process without jobs is sent as
   * `{name, version, workspaceId, modelId, processId}` (plus `nuxVisible` when true).
   */
  jobs?: pulumi.Input<pulumi.Input<IntegrationJobArgs>[]>;
  /** Optional schedule; removing it deletes the schedule. */
  schedule?: pulumi.Input<IntegrationScheduleArgs>;
  /** Optional notification settings; removing them deletes the notification config. */
  notifications?: pulumi.Input<IntegrationNotificationsArgs>;
  /**
   * Bring an existing integration under management: its ID. On create the provider checks it
   * exists and writes these inputs to it. Ignored after creation.
   */
  adoptExistingId?: pulumi.Input<string>;
}

/** The latest run CloudWorks reports for an integration (the client's {@link LatestRun}). */
export type IntegrationLatestRun = LatestRun;

/**
 * A CloudWorks import, export or process integration, with its schedule and notifications.
 * Served by `provider/dynamic/integration.ts` (the `integration` provider).
 *
 * `CloudWorksIntegration.get(name, id)` reads an integration made outside this stack with one GET
 * of the integration on every preview and update. Its outputs are those of a managed integration
 * (jobs, schedule, latest run, …), except `notifications`, which is not read (it would cost a
 * call) and stays undefined.
 */
export class CloudWorksIntegration extends CloudWorksReadableResource {
  /**
   * The integration ID (32 lowercase hex). The same value as `id`, and like `id` it stays known during a preview
   * of an update, so resources that reference it are not shown as changing when this one is
   * only updated in place.
   */
  readonly integrationId: pulumi.Output<string> = this.id;
  /**
   * The ID of the integration's notification config. Like the dates, null after the create of
   * an integration without `schedule` or `notifications` until the next refresh or update: the
   * create makes one POST and reads nothing back.
   */
  declare readonly notificationId: pulumi.Output<string | null>;
  /** `Import`, `Export` or `Process`. */
  declare readonly integrationType: pulumi.Output<"Import" | "Export" | "Process">;
  /** The latest run as of the last create, update or refresh. */
  declare readonly latestRun: pulumi.Output<IntegrationLatestRun | null>;
  /** The integration name. */
  declare readonly name: pulumi.Output<string>;
  /** When the integration was created. */
  declare readonly creationDate: pulumi.Output<string | null>;
  /** When the integration was last modified. */
  declare readonly modificationDate: pulumi.Output<string | null>;

  /**
   * Creates (or adopts) a CloudWorks integration.
   * @param name The Pulumi resource name.
   * @param args The integration's settings.
   * @param opts Resource options.
   */
  constructor(name: string, args: CloudWorksIntegrationArgs, opts?: pulumi.CustomResourceOptions) {
    super("integration", name, args, opts);
  }
}
