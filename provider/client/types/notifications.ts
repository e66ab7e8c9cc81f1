// Notification configs of the CloudWorks 2.0 API (shared/reference/cloudworks-api.md §7a).
// Field names are the API's own camelCase spelling; do not rename them, they go on the wire as-is.

/** Run outcome a notification rule fires on. */
export type NotificationType = "success" | "partial_failure" | "full_failure";

/** Delivery channel of a notification. */
export type NotificationChannel = "email" | "in_app";

/** One rule of a notification input: who is told about which outcome. */
export interface NotificationRule {
  /** Outcome the rule fires on. */
  type: NotificationType;
  /** 1–5 user GUIDs; drop the rule rather than sending an empty list. */
  users: string[];
}

/** Body of `POST /integrations/notification` and `PUT /integrations/notification/{id}` (N1, N3). */
export interface NotificationInput {
  /** Exactly one integration ID (the API takes a list but allows only one). */
  integrationIds: string[];
  /** Delivery channels. */
  channels: NotificationChannel[];
  /** The rules. */
  notifications: {
    /** One rule per outcome type. */
    config: NotificationRule[];
  };
}

/** A user resolved on notification reads. */
export interface NotificationUser {
  /** 32-char lowercase hex user GUID. */
  userGuid: string;
  /** First name. */
  firstName?: string;
  /** Last name. */
  lastName?: string;
}

/** One rule of a notification read. */
export interface NotificationUserRule {
  /** Outcome the rule fires on. */
  type: NotificationType;
  /** The users, resolved to objects. */
  users: NotificationUser[];
}

/** `notifications` of `GET /integrations/notification/{id}` (N2). */
export interface NotificationConfig {
  /** Notification config ID. */
  notificationId: string;
  /** The integration it belongs to. */
  integrationIds: string[];
  /** Delivery channels. */
  channels: NotificationChannel[];
  /** The rules. */
  notifications: {
    /** One rule per outcome type. */
    config: NotificationUserRule[];
  };
}
