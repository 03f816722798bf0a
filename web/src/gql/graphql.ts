/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** Accept an invitation and choose a password. */
export type AcceptInvitationInput = {
  displayName: string;
  password: string;
  /** The token from the invitation mail (`gxi_…`). */
  token: string;
};

/** A new conversation; the caller is its author. */
export type AddConversationInput = {
  /** 1–10,000 characters. */
  content: string;
  /**
   * Values of the company's conversation custom fields, keyed by field
   * key (see `customFields(entity: CONVERSATION)`).
   */
  custom?: any;
  /** A customer the caller may edit (salespeople: their own). */
  customerId: string;
  kind?: ConversationKind;
  /**
   * Merge into the caller's latest record on this customer with the same
   * topic if that lies within 3 days: the record keeps every entry with
   * its own time and kind, in time order (see `entries`), and takes its
   * latest entry's time and kind.
   */
  mergeWithin3Days?: boolean;
  /** When it happened; now if omitted. At most an hour ahead. */
  occurredAt?: string | null | undefined;
  /** 1–100 characters. */
  topic: string;
};

/** The length of one period of a time series. */
export type AnalyticsBucket =
  /** Days of the company's calendar. */
  | 'DAY'
  /** Calendar months. */
  | 'MONTH'
  /** Weeks, Monday first. */
  | 'WEEK';

/**
 * Whole days of the company's calendar, both ends included: at most five
 * years, and at most 400 periods of the series' bucket.
 */
export type AnalyticsRange = {
  /** The first day. */
  from: unknown;
  /** The last day, not before `from`. */
  to: unknown;
};

/** What an API key may do. */
export type ApiKeyScope =
  /** Queries only. */
  | 'READ'
  /** Queries and mutations. */
  | 'READ_WRITE';

/** How the caller authenticated. */
export type AuthMethod =
  /** An integration API key. */
  | 'API_KEY'
  /** A login session. */
  | 'SESSION';

/** The automation identity's rights. */
export type AutomationIdentityInput = {
  /** True when omitted. */
  active?: boolean | null | undefined;
  /** `ADMIN` or `SUPERVISOR`. */
  role: Role;
  /** For `SUPERVISOR`, the groups it acts on (at least one). */
  supervisedGroupIds?: Array<string> | null | undefined;
};

/** A backup (an archive made) or a restore (an archive written into the company). */
export type BackupKind =
  /** An archive of the company. */
  | 'BACKUP'
  /** An archive written into the company. */
  | 'RESTORE';

/** Where a backup or restore stands. */
export type BackupStatus =
  /** Stopped; `error` says why. A failed restore wrote nothing. */
  | 'FAILED'
  /** Waiting for its job. */
  | 'QUEUED'
  /** Working; see `progressDone` / `progressTotal`. */
  | 'RUNNING'
  /** Done: a backup's archive can be downloaded; a restore's data is in place. */
  | 'SUCCEEDED';

/** The currencies plans are priced in. */
export type BillingCurrency =
  /** Renminbi. */
  | 'CNY'
  /** US dollars. */
  | 'USD';

/** How often a subscription is charged. */
export type BillingPeriod =
  /** Every month. */
  | 'MONTH'
  /** Every year. */
  | 'YEAR';

/** What a bulk edit changes; omitted parts stay as they are. */
export type BulkCustomerChange = {
  /** Tags to add (each at most once per customer). */
  addTags?: Array<string> | null | undefined;
  /**
   * Custom values to set, keyed by field key (`null` clears one),
   * checked per customer by the fields' rules.
   */
  custom?: any;
  /** A new grade. */
  grade?: Grade | null | undefined;
  /**
   * A new owner: an assignment, with the same rules as `assignCustomers`
   * (supervisors and admins; the recipient's holding cap applies to
   * each batch).
   */
  ownerId?: string | null | undefined;
  /** Tags to take off. */
  removeTags?: Array<string> | null | undefined;
  /** A new status. */
  status?: CustomerStatus | null | undefined;
};

/** Change one's own password. */
export type ChangePasswordInput = {
  currentPassword: string;
  newPassword: string;
};

/** One column of the file and the customer field it fills. */
export type ColumnMappingInput = {
  /** The column's header as in the file. */
  column: string;
  /**
   * The field (see `ImportColumn.field` for the names), or null to leave
   * the column out.
   */
  field?: string | null | undefined;
};

/** How a conversation took place. */
export type ConversationKind =
  /** 电话: a phone call. */
  | 'CALL'
  /** 邮件: e-mail. */
  | 'EMAIL'
  /** 会议: a meeting. */
  | 'MEETING'
  /** 其他: anything else. */
  | 'OTHER'
  /** 拜访: a visit. */
  | 'VISIT'
  /** 微信: WeChat. */
  | 'WECHAT';

/** Canned windows of conversation lists, in the company's time zone. */
export type ConversationWindow =
  /** Today and the two days before (近三天). */
  | 'LAST_3_DAYS'
  /** This month (本月). */
  | 'THIS_MONTH'
  /** This week, Monday first (本周). */
  | 'THIS_WEEK'
  /** Today (今天). */
  | 'TODAY';

/** Which conversations to list; every filter given must match. */
export type ConversationsFilter = {
  /** Written by this person. */
  authorId?: string | null | undefined;
  /** One customer's conversations. */
  customerId?: string | null | undefined;
  /** Any range: at or after `from` … */
  from?: string | null | undefined;
  /**
   * On customers owned by members of this group (supervisors: a group
   * they supervise; admins: any).
   */
  groupId?: string | null | undefined;
  kind?: ConversationKind | null | undefined;
  /** On customers of this owner (someone the caller can see). */
  ownerId?: string | null | undefined;
  /** … and before `to`. */
  to?: string | null | undefined;
  /** A canned window. */
  window?: ConversationWindow | null | undefined;
};

/** Create an integration API key. */
export type CreateApiKeyInput = {
  /** A label, e.g. "ERP sync". */
  name: string;
  scope: ApiKeyScope;
};

/** A new post. */
export type CreateBoardPostInput = {
  /** 1 to 5000 characters. */
  content: string;
  /** An emoji, one of `boardMoods`. */
  mood: string;
  /** 1 to 100 characters. */
  title: string;
};

/** A new customer. */
export type CreateCustomerInput = {
  /** At most 200 characters. */
  address?: string | null | undefined;
  /** Not in the future. */
  birthday?: unknown;
  /** At most 100 characters. */
  company?: string | null | undefined;
  /** Custom field values: a JSON object of at most 16 KiB. */
  custom?: any;
  email?: string | null | undefined;
  /** Default UNKNOWN. */
  gender?: Gender | null | undefined;
  /** Default NORMAL. */
  grade?: Grade | null | undefined;
  /** One of the company's industries (see `tenantSettings`). */
  industry?: string | null | undefined;
  lastContactAt?: string | null | undefined;
  /** Contact name, 1–100 characters. */
  name: string;
  nextVisitAt?: string | null | undefined;
  /**
   * Omitted: the creator. `null`: the public pool (admins, supervisors).
   * Admins may choose any active user, supervisors themselves or a member
   * of a group they supervise, salespeople only themselves.
   */
  ownerId?: string | null | undefined;
  /**
   * Mobiles are stored as 11 digits (spaces, hyphens and +86 dropped);
   * other numbers as 5–20 digits with an optional leading +.
   */
  phones?: Array<string>;
  /** One of the company's customer sources. */
  source?: string | null | undefined;
  /** Default PROSPECT. */
  status?: CustomerStatus | null | undefined;
  /** At most 20 tags of at most 20 characters. */
  tags?: Array<string>;
  /** Job title, at most 50 characters. */
  title?: string | null | undefined;
};

/** Subscribe a URL to events. */
export type CreateWebhookInput = {
  description?: string | null | undefined;
  /** Event types (`customer.created` …, see `webhookEventTypes`), or `["*"]` for all. */
  events: Array<string>;
  /**
   * The group whose events it receives. The whole company's when
   * omitted (admins only); a supervisor of one group gets that group.
   */
  groupId?: string | null | undefined;
  /** An `https://` (or `http://`) URL on a public address. */
  url: string;
};

/** A new work plan; the caller is its author. */
export type CreateWorkPlanInput = {
  /** Up to 5000 characters. */
  content?: string;
  /**
   * The customer the plan is about: one the caller can see (their own,
   * their groups', the pool's; an admin's, any).
   */
  customerId?: string | null | undefined;
  /** Not before `start`. */
  end: string;
  /** Up to 2000 characters. */
  notes?: string;
  start: string;
  /** 1 to 100 characters. */
  subject: string;
};

/** A new workflow. */
export type CreateWorkflowInput = {
  /** The first draft: `{trigger, condition?, steps, maxAttempts?}`. */
  definition: any;
  description?: string | null | undefined;
  /**
   * The group it belongs to. Company-wide when omitted (admins only); a
   * supervisor of one group gets that group.
   */
  groupId?: string | null | undefined;
  /** 1 to 100 characters. */
  name: string;
  /**
   * The user every step acts as (you when omitted): admins may choose
   * anyone active or the automation identity; supervisors themselves or
   * a salesperson of the group.
   */
  runAsId?: string | null | undefined;
};

/**
 * A condition on a custom field's value. Values are written as on a
 * customer (options by key or label, dates `2026-03-05`, amounts
 * `{amount, currency}`).
 */
export type CustomConditionInput = {
  /** The field's key. */
  key: string;
  op: CustomFilterOp;
  /** The value; a list for `IN`; omitted for `IS_EMPTY` and `NOT_EMPTY`. */
  value?: any;
};

/** The records custom fields belong to. */
export type CustomFieldEntity =
  /** Conversations (洽谈记录). */
  | 'CONVERSATION'
  /** Customers (客户). */
  | 'CUSTOMER';

/** A field definition as an admin writes it. */
export type CustomFieldInput = {
  /** Any form a write accepts; normalised. */
  default?: any;
  help?: string | null | undefined;
  /** `[a-z][a-z0-9_]*`, at most 40; cannot change later. */
  key: string;
  label: string;
  labelEn?: string | null | undefined;
  required?: boolean;
  /** See `CustomField.rules`. */
  rules?: any;
  /**
   * Index the values for search (default false; see
   * `CustomField.searchable`).
   */
  searchable?: boolean;
  /** Required on create; on update it must be the current type. */
  type?: CustomFieldType | null | undefined;
  unique?: boolean;
  /** Default: every role edits. */
  visibility?: FieldVisibilityInput | null | undefined;
};

/** The type of a custom field. */
export type CustomFieldType =
  /** 是/否. */
  | 'BOOLEAN'
  /** 日期 `YYYY-MM-DD`. */
  | 'DATE'
  /** 日期时间 (UTC). */
  | 'DATE_TIME'
  /** 小数 (stored as a string with `scale` decimals). */
  | 'DECIMAL'
  /** 邮箱. */
  | 'EMAIL'
  /** 多行文本. */
  | 'LONG_TEXT'
  /** 金额: `{amount, currency}`. */
  | 'MONEY'
  /** 多选 (option keys). */
  | 'MULTI_SELECT'
  /** 整数. */
  | 'NUMBER'
  /** 电话 (normalised). */
  | 'PHONE'
  /** 评分 (1 to the field's max). */
  | 'RATING'
  /** 单选 (an option key). */
  | 'SINGLE_SELECT'
  /** 单行文本. */
  | 'TEXT'
  /** 网址. */
  | 'URL'
  /** 用户 (a user id of the company). */
  | 'USER';

/**
 * An operator of a condition on a custom field; which apply depends on the
 * field's type (see the API guide).
 */
export type CustomFilterOp =
  /** Text: holds the substring. Multi select: has the option. */
  | 'CONTAINS'
  /** Equal (text without regard to case; an amount also by currency). */
  | 'EQ'
  /** Greater than. */
  | 'GT'
  /** At least. */
  | 'GTE'
  /** One of a list of values (multi select: has any of the options). */
  | 'IN'
  /** Holds no value. */
  | 'IS_EMPTY'
  /** Less than. */
  | 'LT'
  /** At most. */
  | 'LTE'
  /** Not equal; records without a value match. */
  | 'NE'
  /** Holds a value. */
  | 'NOT_EMPTY';

/**
 * Which customers to list; every given condition must hold. Date windows
 * are computed in the company's time zone.
 */
export type CustomerFilter = {
  /** Added (created) within the window. */
  added?: DateWindow | null | undefined;
  /** Last contacted within the window. */
  contacted?: DateWindow | null | undefined;
  /** Created at or after. */
  createdFrom?: string | null | undefined;
  /** Created before. */
  createdTo?: string | null | undefined;
  /** Conditions on custom field values (at most 20), all of which must hold. */
  custom?: Array<CustomConditionInput> | null | undefined;
  /** Only customers of this gender. */
  gender?: Gender | null | undefined;
  grade?: Grade | null | undefined;
  /**
   * Customers owned by members of this group (supervisors: a group they
   * supervise; admins: any).
   */
  groupId?: string | null | undefined;
  /**
   * `true`: the public pool (as the `pool` query lists it); omitted or
   * `false`: the caller's own customers (supervisors: also their groups';
   * admins: every owned customer). The pool is never part of these.
   */
  inPool?: boolean | null | undefined;
  industry?: string | null | undefined;
  /**
   * Customers of this owner (supervisors: themselves or their groups'
   * members; admins: anyone; salespeople: themselves).
   */
  ownerId?: string | null | undefined;
  /** In the public pool and released within the window (implies `inPool`). */
  releasedWithin?: ReleasedWithin | null | undefined;
  /**
   * A substring to look for in the fields of `searchIn` (case-insensitive
   * for Latin letters; a single character such as 李 works; a phone
   * number matches on its digits).
   */
  search?: string | null | undefined;
  /**
   * The field choice in the search engine's terms (takes precedence
   * over `searchIn`): e.g. only `NAME`, only `PHONE`, or `CUSTOM`
   * values. Without a search engine the fields that have a `searchIn`
   * counterpart are searched with `LIKE`.
   */
  searchFields?: Array<SearchField> | null | undefined;
  /**
   * Which fields `search` looks in (any of them may match); omitted or
   * empty: name, company and phone, with a search engine or without.
   */
  searchIn?: Array<CustomerSearchField> | null | undefined;
  source?: string | null | undefined;
  /** Customers at this stage of the lifecycle. */
  stage?: LifecycleStage | null | undefined;
  status?: CustomerStatus | null | undefined;
  /** Customers carrying this tag. */
  tag?: string | null | undefined;
  /** Only customers with exactly this title (所属职务). */
  title?: string | null | undefined;
  /** Next visit planned within the window. */
  toVisit?: DateWindow | null | undefined;
  /** Visited within the window (a conversation of kind `VISIT` took place in it). */
  visited?: DateWindow | null | undefined;
};

/** A field a customer search can look in (`CustomerFilter.searchIn`). */
export type CustomerSearchField =
  /** The address (联系地址). */
  | 'ADDRESS'
  /** The company (所属公司). */
  | 'COMPANY'
  /** The e-mail address. */
  | 'EMAIL'
  /** The contact's name (客户名称). */
  | 'NAME'
  /** The customer number (客户编号). */
  | 'NUMBER'
  /** Any phone number, on its digits (spaces, hyphens and `+` ignored). */
  | 'PHONE'
  /** The title (所属职务). */
  | 'TITLE';

/** How to sort a customer list; ties are broken by id. */
export type CustomerSort = {
  /**
   * Sort by this custom field's value instead of `field` (single selects
   * in option order; records without a value last when ascending).
   */
  customKey?: string | null | undefined;
  direction?: SortDirection;
  field?: CustomerSortField;
};

/** What customer lists can be sorted by. */
export type CustomerSortField =
  /** Creation time. */
  | 'CREATED_AT'
  /** Grade (NORMAL, VIP). */
  | 'GRADE'
  /** Last contact; never contacted sorts as the oldest. */
  | 'LAST_CONTACT_AT'
  /** Contact name. */
  | 'NAME'
  /** Next visit; none planned sorts as the latest. */
  | 'NEXT_VISIT_AT'
  /** Customer number. */
  | 'NUMBER'
  /** Last release to the public pool; never released sorts as the oldest. */
  | 'RELEASED_AT'
  /** Status, in lifecycle order (PROSPECT … LOST). */
  | 'STATUS'
  /** Last change. */
  | 'UPDATED_AT';

/** Where a customer stands in the sales lifecycle. */
export type CustomerStatus =
  /** 成交: bought. */
  | 'DEAL'
  /** 意向客户: has shown interest. */
  | 'INTENT'
  /** 流失: lost. */
  | 'LOST'
  /** 暂停客户: on hold. */
  | 'PAUSED'
  /** 准客户: a lead not yet qualified. */
  | 'PROSPECT';

/** A custom date field announced `daysBefore` days ahead. */
export type DateReminderInput = {
  /** Days before the date (0: on the day), at most 365. */
  daysBefore: number;
  /** The custom field's key. */
  field: string;
};

/** A window of calendar time in the company's time zone, relative to now. */
export type DateWindow =
  /** The 1st of this month 00:00 to the 1st of next month. */
  | 'THIS_MONTH'
  /** Monday 00:00 this week to Monday 00:00 next week. */
  | 'THIS_WEEK'
  /** Local midnight today to midnight tomorrow. */
  | 'TODAY';

/** A deal as written (create, or the full new state on update). */
export type DealInput = {
  /** Exact decimal text: `12800`, `12,800.50`; at most the currency's decimals. */
  amount: string;
  /** For won or lost deals; today (company time zone) when omitted. */
  closeDate?: unknown;
  /** ISO 4217 code; default CNY. */
  currency?: string | null | undefined;
  expectedCloseDate?: unknown;
  notes?: string | null | undefined;
  /** Credited to (default: the customer's owner). */
  ownerId?: string | null | undefined;
  status?: DealStatus;
  /** 1–100 characters. */
  title: string;
};

/** Where a deal stands. */
export type DealStatus =
  /** 输单. */
  | 'LOST'
  /** 进行中. */
  | 'OPEN'
  /** 赢单. */
  | 'WON';

/** Which values make a row a duplicate of a customer already there. */
export type DedupKey =
  /** The same e-mail address, ignoring case. */
  | 'EMAIL'
  /** The same name and company (rows without a company never match on this). */
  | 'NAME_COMPANY'
  /**
   * Any phone number in common (compared normalised: `138 1234 5678`
   * and `+86 13812345678` are the same).
   */
  | 'PHONE';

/** A customer being typed (a new one, or an edit of `customerId`). */
export type DuplicateProbe = {
  company?: string | null | undefined;
  /** The customer being edited (left out of its own candidates). */
  customerId?: string | null | undefined;
  email?: string | null | undefined;
  name: string;
  phones?: Array<string>;
};

/** Why two customers look like the same person. */
export type DuplicateReason =
  /** The same e-mail address, ignoring case. */
  | 'EMAIL'
  /**
   * The same name at the same company (traditional and simplified,
   * full- and half-width alike; legal suffixes such as 有限公司 ignored).
   */
  | 'NAME_COMPANY'
  /** A phone number in common (normalised: `+86 138-1234-5678` is `13812345678`). */
  | 'PHONE'
  /** The same name in pinyin at the same company (张伟, 张玮): weaker. */
  | 'PINYIN_COMPANY';

/** The file type of an export. */
export type ExportFormat =
  /** UTF-8 CSV with a byte-order mark, so Excel shows the Chinese. */
  | 'CSV'
  /** An Excel workbook. */
  | 'XLSX';

/** What a role may do with a field's values. */
export type FieldAccess =
  /** See and change. */
  | 'EDIT'
  /** Neither see nor change. */
  | 'HIDDEN'
  /** See only. */
  | 'READ';

/** Per-role access to a field. */
export type FieldVisibilityInput = {
  /** 管理员. */
  admin: FieldAccess;
  /** 业务员. */
  salesperson: FieldAccess;
  /** 主管. */
  supervisor: FieldAccess;
};

/** A contact person's gender. */
export type Gender =
  /** 女. */
  | 'FEMALE'
  /** 男. */
  | 'MALE'
  /** 未知. */
  | 'UNKNOWN';

/** A customer's grade. */
export type Grade =
  /** 普通客户. */
  | 'NORMAL'
  /** VIP. */
  | 'VIP';

/** A grading model as an admin writes it. */
export type GradingModelInput = {
  /** The kind's configuration (see the API guide); omitted keys take defaults. */
  config?: any;
  enabled?: boolean;
  /** Cannot change on update. */
  kind: GradingModelKind;
  monthly?: boolean;
  /** 1–50 characters, unique in the company. */
  name: string;
};

/** What a grading model grades by. */
export type GradingModelKind =
  /** ABCD by expected close window (成交周期). */
  | 'ABCD'
  /** RFM segments. */
  | 'RFM'
  /** 重点 / 主要 / 普通 by share of the won amount. */
  | 'VALUE_SHARE'
  /** A weighted score over several indicators. */
  | 'WEIGHTED';

/** How to import a file. Everything is optional. */
export type ImportCustomersInput = {
  /** Duplicate keys; absent: all three. */
  dedup?: Array<DedupKey> | null | undefined;
  /**
   * Column → field. Absent: the recognised headers (Chinese or English,
   * see `previewCustomerImport`). When given, unlisted columns are left out.
   */
  mapping?: Array<ColumnMappingInput> | null | undefined;
  /** Default: `VALID_ROWS`. */
  mode?: ImportMode | null | undefined;
  /** Default: `SKIP`. */
  onDuplicate?: OnDuplicate | null | undefined;
  /**
   * Owner of rows with no owner cell: absent, the importer; with
   * `toPool: true`, the public pool; otherwise this user (admins, and
   * supervisors within their groups).
   */
  ownerId?: string | null | undefined;
  /** A workbook's sheet by name; default the first. */
  sheet?: string | null | undefined;
  /** Put rows without an owner cell into the public pool. */
  toPool?: boolean;
};

/** Whether a report line refused a row or skipped it. */
export type ImportIssueSeverity =
  /** Not imported: something in the row is wrong. */
  | 'ERROR'
  /** Not imported: a duplicate, left alone. */
  | 'SKIPPED'
  /**
   * Nothing refused: a column of the file fills no field and is left
   * out (reported on row 1, the header).
   */
  | 'WARNING';

/** Whether bad rows stop the import. */
export type ImportMode =
  /** Import nothing when any row is invalid. */
  | 'ALL_OR_NOTHING'
  /** Import the valid rows and report the others. */
  | 'VALID_ROWS';

/** Where an import stands. */
export type ImportStatus =
  /** Every row handled. */
  | 'DONE'
  /** Waiting for its job. */
  | 'QUEUED'
  /** All or nothing found bad rows; nothing was imported. */
  | 'REJECTED'
  /** Importing. */
  | 'RUNNING';

/** Where an invitation stands. */
export type InvitationStatus =
  /** Accepted. */
  | 'ACCEPTED'
  /** Not accepted in time. */
  | 'EXPIRED'
  /** Waiting to be accepted. */
  | 'PENDING'
  /** Withdrawn or replaced. */
  | 'REVOKED';

/** Invite someone by e-mail. */
export type InviteUserInput = {
  email: string;
  /** Required for supervisors, who may only invite into their own groups. */
  groupId?: string | null | undefined;
  role: Role;
};

/** Where a job stands. */
export type JobStatus =
  /** Cancelled by its creator or an admin. */
  | 'CANCELLED'
  /** Given up; see `error`. */
  | 'FAILED'
  /** Waiting to run (first run, or a retry after an internal error). */
  | 'QUEUED'
  /** Running now. */
  | 'RUNNING'
  /** Done; see `result`. */
  | 'SUCCEEDED';

/** What a leaderboard ranks people by. */
export type LeaderboardRank =
  /** The amount of those deals in the leaderboard's currency. */
  | 'AMOUNT_WON'
  /** Conversations the person recorded in the range. */
  | 'CONVERSATIONS'
  /** Deals the person won on a day of the range. */
  | 'DEALS_WON'
  /** Customers created in the range that the person owns now. */
  | 'NEW_CUSTOMERS'
  /** Plans due in the range that the person did on time. */
  | 'PLANS_ON_TIME'
  /** Visits the person recorded in the range. */
  | 'VISITS';

/**
 * Where a customer stands in the customer lifecycle (获取, 转换, 保持, 流失),
 * derived from the status and the last contact: prospects are acquired,
 * interested or paused customers in conversion, customers who bought and
 * were contacted within 180 days retained, and the lost together with
 * those who bought and went 180 days without contact lost.
 */
export type LifecycleStage =
  /** 获取期: `PROSPECT`. */
  | 'ACQUISITION'
  /** 转换期: `INTENT` or `PAUSED`. */
  | 'CONVERSION'
  /** 流失期: `LOST`, or `DEAL` without contact for longer. */
  | 'LOST'
  /** 保持期: `DEAL`, contacted (or created) within 180 days. */
  | 'RETENTION';

/** Log in to a company. */
export type LoginInput = {
  email: string;
  password: string;
  /** The company's slug. */
  slug: string;
};

/** A field whose value comes from another customer than the default. */
export type MergeChoice = {
  /** The customer whose value the survivor takes. */
  customerId: string;
  /**
   * The field, by API name (`name`, `company`, `title`, `email`,
   * `address`, `gender`, `birthday`, `photo`, `status`, `industry`,
   * `source`, `grade`), or `custom.<key>` for a custom value.
   */
  field: string;
};

/** Customers to merge into one. */
export type MergeCustomersInput = {
  /**
   * Fields to take from another customer than the default, which is
   * the most recently updated customer with a value.
   */
  choices?: Array<MergeChoice>;
  /** The customers folded into it (1–9). */
  mergedIds: Array<string>;
  /** The customer that remains: it keeps its id, number and owner. */
  survivorId: string;
};

/** What a notification is about. Each kind has its own preference. */
export type NotificationKind =
  /**
   * Someone else assigned or transferred customers to you, or handed
   * them over to you when a colleague left (never your own claims).
   */
  | 'CUSTOMER_ASSIGNED'
  /** An import you started finished. */
  | 'IMPORT_FINISHED'
  /** Someone mentioned you (`@your name`) on the message board. */
  | 'MENTION'
  /** One of your work plans passed its end undone. */
  | 'PLAN_OVERDUE'
  /**
   * A daily reminder (a visit or plan today, an overdue plan, a date
   * approaching, a birthday, a VIP not contacted), at your reminder time;
   * by mail as one digest a day.
   */
  | 'REMINDER'
  /** An outbound webhook kept failing and was disabled (admins). */
  | 'WEBHOOK_DISABLED'
  /** A workflow's message. */
  | 'WORKFLOW';

/** The kind of record a notification opens. */
export type NotificationLinkKind =
  /** A message-board post. */
  | 'BOARD_POST'
  /** A customer (`customer(id:)`). */
  | 'CUSTOMER'
  /** An import (`customerImport(id:)`). */
  | 'IMPORT'
  /** A webhook (`webhook(id:)`, admins). */
  | 'WEBHOOK'
  /** A workflow (`workflow(id:)`, admins). */
  | 'WORKFLOW'
  /** A work plan (`workPlan(id:)`). */
  | 'WORK_PLAN';

/** Where one kind should reach the caller. */
export type NotificationPreferenceInput = {
  inApp: boolean;
  kind: NotificationKind;
  mail: boolean;
};

/** How a departing user's customers are handed on. */
export type OffboardUserInput = {
  /** Release reason for the pool, 1–200 characters; default `离职 offboarding`. */
  reason?: string | null | undefined;
  /**
   * Who takes over their customers (must be able to hold customers;
   * supervisors: within their groups). Omitted: the public pool.
   */
  successorId?: string | null | undefined;
};

/** What happens to a row that duplicates a customer already there. */
export type OnDuplicate =
  /** Create another customer anyway. */
  | 'CREATE'
  /** Leave the customer alone; the row is reported as skipped. */
  | 'SKIP'
  /**
   * Fill the customer with the row's non-empty cells; phones and tags are
   * added. Only customers the importer may edit; others are skipped.
   */
  | 'UPDATE';

/** Who may mark a work plan done. */
export type PlanCompleter =
  /** An admin (always included). */
  | 'ADMIN'
  /** The plan's author. */
  | 'AUTHOR'
  /** A supervisor of the author's group. */
  | 'SUPERVISOR';

/** Where to attach a plugin: exactly one of the two. */
export type PluginTargetInput = {
  /**
   * A customer custom field: the plugin's `field.validate` checks every
   * value saved into it.
   */
  fieldId?: string | null | undefined;
  /** A grading model: the plugin's `grade` grades its customers. */
  gradingModelId?: string | null | undefined;
  /**
   * For a field: `field.validate` (default) or `field.compute` (the
   * plugin computes the field's value on every save of the customer and
   * on `recomputeCustomField`; users cannot write it).
   */
  hook?: string | null | undefined;
};

/** Which way customers crossed the pool's edge. */
export type PoolMoveDirection =
  /** Out of it to someone else by an assignment. */
  | 'ASSIGNED'
  /** Out of it by the person who took it. */
  | 'CLAIMED'
  /** Into the pool: released, offboarded or reclaimed by a pool rule. */
  | 'RELEASED';

/** A change to the pool caps; omitted fields stay as they are. */
export type PoolSettingsInput = {
  claimsPerDay?: number | null | undefined;
  maxHeld?: number | null | undefined;
  reclaimCooldownDays?: number | null | undefined;
};

/**
 * When pool customers were released, in the company's calendar days
 * (today included).
 */
export type ReleasedWithin =
  /** Today and the two days before (三天内). */
  | 'LAST_3_DAYS'
  /** Today and the 29 days before (一月内). */
  | 'LAST_MONTH'
  /** Today and the six days before (一周内). */
  | 'LAST_WEEK'
  /** Today and the 364 days before (一年内). */
  | 'LAST_YEAR'
  /** Today (一天内). */
  | 'TODAY';

/**
 * What the daily reminders remind each person of, at their reminder time
 * (`User.reminderTime`): their visits and plans due today and their
 * overdue plans always; the rest as set here.
 */
export type ReminderSettingsInput = {
  /** Customers' birthdays. Default true. */
  birthdays: boolean;
  /** Custom date fields announced ahead (a contract's end). */
  dateFields: Array<DateReminderInput>;
  /**
   * VIP customers without a conversation for this many days (0: off).
   * Default 14, at most 3650.
   */
  vipIdleDays: number;
};

/** A reply to a post, or to a reply on it. */
export type ReplyToBoardPostInput = {
  /** 1 to 5000 characters. */
  content: string;
  /** The reply answered; omit to reply to the post itself. */
  parentId?: string | null | undefined;
  postId: string;
};

/** Ask for a password-reset mail. */
export type RequestPasswordResetInput = {
  email: string;
  /** The company's slug. */
  slug: string;
};

/** Choose a new password with the token from a reset mail. */
export type ResetPasswordInput = {
  newPassword: string;
  /** The `token` parameter of the link in the mail. */
  token: string;
};

/** A built-in role. */
export type Role =
  /** 管理员: the company's owner, everything. */
  | 'ADMIN'
  /** 系统维护员: backup and restore only. */
  | 'MAINTENANCE'
  /** 业务员: works their own customers and plans. */
  | 'SALESPERSON'
  /** 主管: sees and manages the groups they supervise. */
  | 'SUPERVISOR';

/**
 * A field a search can be limited to (the "custom query": only names,
 * only companies, only phones …).
 */
export type SearchField =
  /** A customer's address. */
  | 'ADDRESS'
  /** A customer's company (所属公司). */
  | 'COMPANY'
  /** A conversation's content; a post's body. */
  | 'CONTENT'
  /** Values of the custom fields the company marks searchable. */
  | 'CUSTOM'
  /** E-mail addresses. */
  | 'EMAIL'
  /** Number, industry, source, status, grade and tags. */
  | 'LABELS'
  /** A customer's name; a conversation's topic; a post's title. */
  | 'NAME'
  /** The owner's display name. */
  | 'OWNER'
  /** Phone numbers, on their digits (the last digits find a number). */
  | 'PHONE'
  /** A customer's title (职务). */
  | 'TITLE';

/** An exact-match filter: the record must have one of `values` for `name`. */
export type SearchFilterInput = {
  /**
   * `status` (e.g. `prospect`), `grade` (`normal`, `vip`), `gender`,
   * `tag`, `owner` (a user id), `kind` (a conversation's kind) or
   * `custom.<key>` (an option key of a searchable select field).
   */
  name: string;
  /** 1–20 values. */
  values: Array<string>;
};

/** A search. */
export type SearchInput = {
  /** Filter names whose value counts to return (same names as `filters`). */
  facets?: Array<string> | null | undefined;
  /**
   * The fields to search; omitted or empty: every field but `OWNER`
   * (the owner's name, searched only when chosen).
   */
  fields?: Array<SearchField> | null | undefined;
  /** Exact-match filters, all of which must hold. */
  filters?: Array<SearchFilterInput> | null | undefined;
  /** Hits per page, 1–50. */
  first?: number;
  /** The kinds to search; omitted or empty: all. */
  kinds?: Array<SearchKind> | null | undefined;
  /** Hits to skip; `offset + first` is at most 1,000. */
  offset?: number;
  /**
   * What the user typed (1–100 characters): any fragment of a name or a
   * company, pinyin or its initials, the last digits of a phone number.
   */
  text: string;
};

/** What kind of record a hit is. */
export type SearchKind =
  /** Message-board posts. */
  | 'BOARD_POST'
  /** Conversations (洽谈记录). */
  | 'CONVERSATION'
  /** Customers. */
  | 'CUSTOMER';

/** A segment's definition. */
export type SegmentInput = {
  /** At most 500 characters. */
  description?: string | null | undefined;
  /** The customers it holds: any filter the `customers` query takes. */
  filter: CustomerFilter;
  /**
   * With `GROUP`: a group the caller belongs to or supervises (admins:
   * any).
   */
  groupId?: string | null | undefined;
  /** 1–100 characters. */
  name: string;
  /** Who sees it (default `PRIVATE`). `COMPANY`: supervisors and admins. */
  sharing?: SegmentSharing;
  /** With `PERSON`: the colleague (who works customers) to share it with. */
  userId?: string | null | undefined;
};

/** What kind of segment it is. */
export type SegmentKind =
  /** One of the four lifecycle stages every company has; not changeable. */
  | 'LIFECYCLE'
  /** Saved by someone; changeable by its owner (and admins, when shared). */
  | 'SAVED';

/** Who sees a segment. */
export type SegmentSharing =
  /**
   * Everyone in the company who works customers (shared by supervisors
   * and admins).
   */
  | 'COMPANY'
  /** The members and supervisors of its group, and admins. */
  | 'GROUP'
  /** Its owner and one colleague (`userId`). */
  | 'PERSON'
  /** Its owner only. */
  | 'PRIVATE';

/** Sign up a new company. */
export type SignUpInput = {
  /** The first admin's e-mail. */
  adminEmail: string;
  /** The first admin's name. */
  adminName: string;
  /** Company name, e.g. 上海关系贸易有限公司. */
  companyName: string;
  /** `zh-CN` (default) or `en`. */
  locale?: string | null | undefined;
  /** At least 10 characters; not a common password. */
  password: string;
  /** URL slug: 3–32 of a-z, 0-9 and hyphens, starting with a letter. */
  slug: string;
  /** IANA time zone; defaults to Asia/Shanghai. */
  timeZone?: string | null | undefined;
};

/** Sort direction. */
export type SortDirection =
  /** Smallest first. */
  | 'ASC'
  /** Largest first. */
  | 'DESC';

/** A suggestion for the company. */
export type SubmitSuggestionInput = {
  /**
   * Submit without a name: nothing stored, logged or traced then tells who
   * wrote it, and nobody (admins included) can find out.
   */
  anonymous: boolean;
  /** 1 to 5000 characters. */
  content: string;
  /** 1 to 100 characters. */
  title: string;
};

/** Where a subscription stands. */
export type SubscriptionStatus =
  /** Paid up. */
  | 'ACTIVE'
  /** Ended: data can be read and exported for the operator's retention period. */
  | 'CANCELED'
  /** A payment failed (or the trial ended unpaid): everything works until `readOnlyAt`. */
  | 'PAST_DUE'
  /** Unpaid past the grace period: data can be read and exported, not changed. */
  | 'READ_ONLY'
  /** A free trial of a paid plan, no card needed, until `trialEndsAt`. */
  | 'TRIALING';

/**
 * Which suggestions to list, by when they arrived. Days are counted on the
 * company's clock (its time zone).
 */
export type SuggestionWindow =
  /** Every suggestion. */
  | 'ALL'
  /** The last three days, back from now. */
  | 'LAST_3_DAYS'
  /** Since the same day and time a month ago. */
  | 'LAST_MONTH'
  /** The last seven days, back from now. */
  | 'LAST_WEEK'
  /** Since midnight today. */
  | 'TODAY';

/** A tag's colour, from the palette the web app paints. */
export type TagColor =
  /** 蓝. */
  | 'BLUE'
  /** 青. */
  | 'CYAN'
  /** 金. */
  | 'GOLD'
  /** 灰 (the default). */
  | 'GRAY'
  /** 绿. */
  | 'GREEN'
  /** 品红. */
  | 'MAGENTA'
  /** 橙. */
  | 'ORANGE'
  /** 紫. */
  | 'PURPLE'
  /** 红. */
  | 'RED';

/** Who may add new tags to the company's list. */
export type TagCreation =
  /** Admins only: everyone else picks from the list. */
  | 'ADMINS'
  /** Whoever may edit a customer: giving it a new tag adds the tag. */
  | 'EVERYONE';

/** A new tag, or a change to one: omitted fields stay as they are. */
export type TagInput = {
  /** Default `GRAY` for a new tag. */
  color?: TagColor | null | undefined;
  /**
   * The group it is listed under, at most 30 characters; null or blank:
   * ungrouped.
   */
  group?: string | null | undefined;
  /**
   * 1–20 characters, unique in the company. Renaming a tag renames it on
   * every customer and in the saved segments that filter on it.
   */
  name?: string | null | undefined;
};

/** A change to the settings; omitted fields stay as they are. */
export type TenantSettingsInput = {
  customerNumberPattern?: string | null | undefined;
  industries?: Array<string> | null | undefined;
  planCompletion?: Array<PlanCompleter> | null | undefined;
  pool?: PoolSettingsInput | null | undefined;
  /** Replaces the reminder settings as a whole. */
  reminders?: ReminderSettingsInput | null | undefined;
  sources?: Array<string> | null | undefined;
  supervisorsManageAutomation?: boolean | null | undefined;
  tagCreation?: TagCreation | null | undefined;
};

/** A change to a post; omitted fields stay as they are. */
export type UpdateBoardPostInput = {
  content?: string | null | undefined;
  mood?: string | null | undefined;
  title?: string | null | undefined;
};

/**
 * A change to a customer; omitted fields stay as they are and `null`
 * clears a clearable field.
 */
export type UpdateCustomerInput = {
  address?: string | null | undefined;
  birthday?: unknown;
  company?: string | null | undefined;
  /** Replaces the custom values. */
  custom?: any;
  email?: string | null | undefined;
  gender?: Gender | null | undefined;
  grade?: Grade | null | undefined;
  industry?: string | null | undefined;
  lastContactAt?: string | null | undefined;
  name?: string | null | undefined;
  nextVisitAt?: string | null | undefined;
  /**
   * Admins, and supervisors within their groups, only. `null` moves the
   * customer to the public pool.
   */
  ownerId?: string | null | undefined;
  /** Replaces the list. */
  phones?: Array<string> | null | undefined;
  source?: string | null | undefined;
  status?: CustomerStatus | null | undefined;
  /** Replaces the list. */
  tags?: Array<string> | null | undefined;
  title?: string | null | undefined;
};

/** A change to a user; omitted fields stay as they are. */
export type UpdateUserInput = {
  /** Away until then (`null`: back). Oneself, or whoever manages the user. */
  awayUntil?: string | null | undefined;
  displayName?: string | null | undefined;
  /** `null` removes the user from their group. */
  groupId?: string | null | undefined;
  /**
   * When daily reminders arrive, `HH:MM` company time. Oneself, or
   * whoever manages the user.
   */
  reminderTime?: string | null | undefined;
  /** Admins only. */
  role?: Role | null | undefined;
};

/** Change a webhook; fields left out keep their value. */
export type UpdateWebhookInput = {
  /** Blank clears it. */
  description?: string | null | undefined;
  events?: Array<string> | null | undefined;
  url?: string | null | undefined;
};

/** A change to a work plan; omitted fields stay as they are. */
export type UpdateWorkPlanInput = {
  content?: string | null | undefined;
  /**
   * Link the plan to this customer (one the caller can see), or with
   * `null` unlink it.
   */
  customerId?: string | null | undefined;
  end?: string | null | undefined;
  notes?: string | null | undefined;
  start?: string | null | undefined;
  subject?: string | null | undefined;
};

/**
 * A change to a workflow; fields left out keep their value. A definition
 * replaces the draft (or starts a new one after the published versions).
 */
export type UpdateWorkflowInput = {
  definition?: any;
  /** Blank clears it. */
  description?: string | null | undefined;
  /** Null makes it company-wide (admins only). */
  groupId?: string | null | undefined;
  name?: string | null | undefined;
  runAsId?: string | null | undefined;
};

/** Where a delivery stands. */
export type WebhookDeliveryStatus =
  /**
   * Every attempt failed within the retry window, or the webhook was
   * disabled first. It can be replayed.
   */
  | 'FAILED'
  /** Waiting for its first attempt or a retry (`nextAttemptAt`). */
  | 'PENDING'
  /** The endpoint answered with a 2xx status. */
  | 'SUCCEEDED';

/** Why a webhook is disabled. */
export type WebhookDisabledReason =
  /**
   * Its deliveries kept failing (see `consecutiveFailures` and
   * `failingSince`), so it was disabled automatically.
   */
  | 'FAILING'
  /** An admin disabled it. */
  | 'MANUAL';

/** Which plans to list by their state. */
export type WorkPlanStatus =
  /** Every plan. */
  | 'ALL'
  /** Marked done. */
  | 'DONE'
  /** Not marked done (overdue plans included). */
  | 'NOT_DONE'
  /** Not done, and the end has passed. */
  | 'OVERDUE';

/** Which plans to list; every filter given must match. */
export type WorkPlansFilter = {
  /** Only this person's plans; someone the caller can see. */
  authorId?: string | null | undefined;
  /** Only the plans about this customer; one the caller can see. */
  customerId?: string | null | undefined;
  /**
   * With `to`: a time window. Plans whose start–end span overlaps it are
   * listed (a plan ending at or after `from`).
   */
  from?: string | null | undefined;
  /** By state; `ALL` when omitted. */
  status?: WorkPlanStatus | null | undefined;
  /** End of the window: plans starting at or before `to`. */
  to?: string | null | undefined;
};

/** Where a run stands. */
export type WorkflowRunStatus =
  /** Done. */
  | 'COMPLETED'
  /** A step failed on every attempt (`error`, `failedStep`); it can be retried. */
  | 'FAILED'
  /** Waiting for a worker. */
  | 'QUEUED'
  /** A worker is on it. */
  | 'RUNNING'
  /** The workflow's condition did not hold, or its customer is gone: it did nothing. */
  | 'SKIPPED'
  /** An admin stopped it. */
  | 'STOPPED'
  /** In a delay, or waiting to retry a step (`waitUntil`). */
  | 'WAITING';

/** Whether a workflow starts runs. */
export type WorkflowState =
  /** Its active version starts runs. */
  | 'ACTIVE'
  /** Put away: it starts nothing and cannot be edited. */
  | 'ARCHIVED'
  /**
   * Nothing starts runs (not published yet, deactivated, or stopped by
   * the platform: see `stoppedReason`).
   */
  | 'INACTIVE';

/** Where a version stands. */
export type WorkflowVersionStatus =
  /** New runs start on it. */
  | 'ACTIVE'
  /** Its workflow was archived. */
  | 'ARCHIVED'
  /** Was active; its runs in flight finish on it. */
  | 'DEACTIVATED'
  /** Being edited; never runs. */
  | 'DRAFT';

export type CustomerPickerCustomersQueryVariables = Exact<{
  filter?: CustomerFilter | null | undefined;
  first?: number | null | undefined;
}>;


export type CustomerPickerCustomersQuery = { customers: { edges: Array<{ node: { id: string, name: string, number: string, company: string | null } }> } };

export type PersonPickerUsersQueryVariables = Exact<{ [key: string]: never; }>;


export type PersonPickerUsersQuery = { users: Array<{ id: string, displayName: string, email: string, role: Role, active: boolean, group: { id: string, name: string } | null }> };

export type AutomationScopeQueryVariables = Exact<{
  identity: boolean;
}>;


export type AutomationScopeQuery = { groups: Array<{ id: string, name: string, supervisors: Array<{ id: string }> }>, automationIdentity?: { id: string, name: string, role: Role, supervisedGroupIds: Array<string>, active: boolean, updatedAt: string } | null };

export type CustomersUserNamesQueryVariables = Exact<{ [key: string]: never; }>;


export type CustomersUserNamesQuery = { users: Array<{ id: string, displayName: string }> };

export type TagsPaletteQueryVariables = Exact<{ [key: string]: never; }>;


export type TagsPaletteQuery = { tags: Array<{ id: string, name: string, color: TagColor, group: string | null }>, tenantSettings: { tagCreation: TagCreation } };

export type NotificationPreferencesQueryVariables = Exact<{ [key: string]: never; }>;


export type NotificationPreferencesQuery = { notificationPreferences: Array<{ kind: NotificationKind, inApp: boolean, mail: boolean }> };

export type UpdateNotificationPreferencesMutationVariables = Exact<{
  input: Array<NotificationPreferenceInput> | NotificationPreferenceInput;
}>;


export type UpdateNotificationPreferencesMutation = { updateNotificationPreferences: Array<{ kind: NotificationKind, inApp: boolean, mail: boolean }> };

export type UnreadNotificationCountQueryVariables = Exact<{ [key: string]: never; }>;


export type UnreadNotificationCountQuery = { unreadNotificationCount: number };

export type NotificationListQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  locale?: string | null | undefined;
}>;


export type NotificationListQuery = { unreadNotificationCount: number, notifications: { nodes: Array<{ id: string, kind: NotificationKind, title: string, body: string, createdAt: string, read: boolean, link: { kind: NotificationLinkKind, id: string } | null }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type MarkNotificationsReadMutationVariables = Exact<{
  ids: Array<string> | string;
}>;


export type MarkNotificationsReadMutation = { markNotificationsRead: { unreadCount: number, notifications: Array<{ id: string, read: boolean }> } };

export type MarkAllNotificationsReadMutationVariables = Exact<{ [key: string]: never; }>;


export type MarkAllNotificationsReadMutation = { markAllNotificationsRead: number };

export type WorkflowListQueryVariables = Exact<{ [key: string]: never; }>;


export type WorkflowListQuery = { workflows: Array<{ id: string, name: string, description: string | null, state: WorkflowState, stoppedReason: string | null, updatedAt: string, groupId: string | null, runsAsAutomation: boolean, activeVersion: { number: number, definition: any } | null, draft: { number: number, definition: any } | null }> };

export type WorkflowDetailQueryVariables = Exact<{
  id: string;
}>;


export type WorkflowDetailQuery = { workflow: { id: string, name: string, description: string | null, state: WorkflowState, runAsId: string, runsAsAutomation: boolean, groupId: string | null, createdById: string, stoppedReason: string | null, hasWebhookSecret: boolean, webhookUrl: string, createdAt: string, updatedAt: string, activeVersion: { id: string, number: number, definition: any } | null, draft: { id: string, number: number, definition: any } | null, versions: Array<{ id: string, number: number, status: WorkflowVersionStatus, definition: any, createdAt: string, publishedAt: string | null }> } };

export type WorkflowTemplatesQueryVariables = Exact<{ [key: string]: never; }>;


export type WorkflowTemplatesQuery = { workflowTemplates: Array<{ key: string, category: string, name: string, nameEn: string, description: string, descriptionEn: string, definition: any }> };

export type WorkflowHolidaysQueryVariables = Exact<{ [key: string]: never; }>;


export type WorkflowHolidaysQuery = { holidays: Array<{ key: string, name: string, nameEn: string, nextDate: unknown }> };

export type WorkflowEditorDataQueryVariables = Exact<{ [key: string]: never; }>;


export type WorkflowEditorDataQuery = { workflowTriggerEvents: Array<string>, customFields: Array<{ key: string, label: string, labelEn: string | null, type: CustomFieldType }> };

export type WorkflowPluginsQueryVariables = Exact<{ [key: string]: never; }>;


export type WorkflowPluginsQuery = { plugins: Array<{ id: string, name: string, enabled: boolean, currentVersion: { hooks: Array<string> } | null }> };

export type WorkflowRunAsUsersQueryVariables = Exact<{ [key: string]: never; }>;


export type WorkflowRunAsUsersQuery = { users: Array<{ id: string, displayName: string, email: string, role: Role, active: boolean, group: { id: string, name: string } | null }> };

export type WorkflowSetAutomationIdentityMutationVariables = Exact<{
  input: AutomationIdentityInput;
}>;


export type WorkflowSetAutomationIdentityMutation = { setAutomationIdentity: { id: string, name: string, role: Role, supervisedGroupIds: Array<string>, active: boolean, updatedAt: string } };

export type WorkflowSigningSecretQueryVariables = Exact<{
  id: string;
}>;


export type WorkflowSigningSecretQuery = { workflow: { id: string, signingSecret: string } };

export type WorkflowCreateMutationVariables = Exact<{
  input: CreateWorkflowInput;
}>;


export type WorkflowCreateMutation = { createWorkflow: { id: string } };

export type WorkflowUpdateMutationVariables = Exact<{
  id: string;
  input: UpdateWorkflowInput;
}>;


export type WorkflowUpdateMutation = { updateWorkflow: { id: string } };

export type WorkflowPublishMutationVariables = Exact<{
  id: string;
}>;


export type WorkflowPublishMutation = { publishWorkflow: { webhookSecret: string | null, workflow: { id: string, state: WorkflowState } } };

export type WorkflowDeactivateMutationVariables = Exact<{
  id: string;
}>;


export type WorkflowDeactivateMutation = { deactivateWorkflow: { id: string, state: WorkflowState } };

export type WorkflowArchiveMutationVariables = Exact<{
  id: string;
}>;


export type WorkflowArchiveMutation = { archiveWorkflow: { id: string, state: WorkflowState } };

export type WorkflowRotateSecretMutationVariables = Exact<{
  id: string;
}>;


export type WorkflowRotateSecretMutation = { rotateWorkflowWebhookSecret: string };

export type WorkflowRunsQueryVariables = Exact<{
  workflowId?: string | null | undefined;
  status?: WorkflowRunStatus | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type WorkflowRunsQuery = { workflowRuns: { nodes: Array<{ id: string, status: WorkflowRunStatus, trigger: any, customerId: string | null, depth: number, round: number, error: string | null, failedStep: string | null, waitUntil: string | null, createdAt: string, startedAt: string | null, finishedAt: string | null }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type WorkflowRunQueryVariables = Exact<{
  id: string;
}>;


export type WorkflowRunQuery = { workflowRun: { id: string, workflowId: string, versionId: string, status: WorkflowRunStatus, trigger: any, customerId: string | null, depth: number, round: number, error: string | null, failedStep: string | null, waitUntil: string | null, createdAt: string, startedAt: string | null, finishedAt: string | null, steps: Array<{ round: number, key: string, kind: string, status: string, input: any, output: any, error: string | null, attempts: number, startedAt: string, finishedAt: string | null }> } };

export type WorkflowRetryRunMutationVariables = Exact<{
  id: string;
  fromStart?: boolean | null | undefined;
}>;


export type WorkflowRetryRunMutation = { retryWorkflowRun: { id: string, status: WorkflowRunStatus } };

export type WorkflowStopRunMutationVariables = Exact<{
  id: string;
}>;


export type WorkflowStopRunMutation = { stopWorkflowRun: { id: string, status: WorkflowRunStatus } };

export type ManualWorkflowsQueryVariables = Exact<{ [key: string]: never; }>;


export type ManualWorkflowsQuery = { manualWorkflows: Array<{ id: string, name: string }> };

export type RunWorkflowMutationVariables = Exact<{
  workflowId: string;
  customerId: string;
}>;


export type RunWorkflowMutation = { runWorkflow: { id: string, status: WorkflowRunStatus } };

export type WorkflowSegmentsQueryVariables = Exact<{ [key: string]: never; }>;


export type WorkflowSegmentsQuery = { segments: Array<{ id: string, name: string, stage: LifecycleStage | null }> };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { authMethod: AuthMethod, canWrite: boolean, user: { id: string, email: string, displayName: string, role: Role, group: { id: string, name: string } | null }, tenant: { id: string, slug: string, name: string, timeZone: string, locale: string, plan: string }, subscription: { state: SubscriptionStatus, trialEndsAt: string | null, readOnlyAt: string | null } } };

export type SessionFeaturesQueryVariables = Exact<{ [key: string]: never; }>;


export type SessionFeaturesQuery = { tenantSettings: { supervisorsManageAutomation: boolean } };

export type LogoutMutationVariables = Exact<{ [key: string]: never; }>;


export type LogoutMutation = { logout: boolean };

export type AdminSettingsQueryVariables = Exact<{ [key: string]: never; }>;


export type AdminSettingsQuery = { tenantSettings: { industries: Array<string>, sources: Array<string>, planCompletion: Array<PlanCompleter>, customerNumberPattern: string, supervisorsManageAutomation: boolean, pool: { claimsPerDay: number, maxHeld: number, reclaimCooldownDays: number }, reminders: { birthdays: boolean, vipIdleDays: number, dateFields: Array<{ field: string, daysBefore: number }> } }, customFields: Array<{ key: string, label: string, labelEn: string | null, type: CustomFieldType, archived: boolean }> };

export type AdminUpdateSettingsMutationVariables = Exact<{
  input: TenantSettingsInput;
}>;


export type AdminUpdateSettingsMutation = { updateTenantSettings: { industries: Array<string>, sources: Array<string>, planCompletion: Array<PlanCompleter>, customerNumberPattern: string, supervisorsManageAutomation: boolean, pool: { claimsPerDay: number, maxHeld: number, reclaimCooldownDays: number }, reminders: { birthdays: boolean, vipIdleDays: number, dateFields: Array<{ field: string, daysBefore: number }> } } };

export type AdminCustomFieldsQueryVariables = Exact<{
  entity: CustomFieldEntity;
}>;


export type AdminCustomFieldsQuery = { customFields: Array<{ id: string, entity: CustomFieldEntity, key: string, label: string, labelEn: string | null, help: string | null, type: CustomFieldType, required: boolean, unique: boolean, default: any, rules: any, position: number, archived: boolean, visibility: { admin: FieldAccess, supervisor: FieldAccess, salesperson: FieldAccess } }> };

export type AdminCreateCustomFieldMutationVariables = Exact<{
  entity: CustomFieldEntity;
  input: CustomFieldInput;
}>;


export type AdminCreateCustomFieldMutation = { createCustomField: { id: string } };

export type AdminUpdateCustomFieldMutationVariables = Exact<{
  id: string;
  input: CustomFieldInput;
}>;


export type AdminUpdateCustomFieldMutation = { updateCustomField: { id: string } };

export type AdminReorderCustomFieldsMutationVariables = Exact<{
  entity: CustomFieldEntity;
  ids: Array<string> | string;
}>;


export type AdminReorderCustomFieldsMutation = { reorderCustomFields: Array<{ id: string, position: number }> };

export type AdminArchiveCustomFieldMutationVariables = Exact<{
  id: string;
  archived: boolean;
}>;


export type AdminArchiveCustomFieldMutation = { archiveCustomField: { id: string, archived: boolean } };

export type AdminDeleteCustomFieldMutationVariables = Exact<{
  id: string;
  confirm: boolean;
}>;


export type AdminDeleteCustomFieldMutation = { deleteCustomField: { id: string, records: number } };

export type AdminPreviewTypeChangeMutationVariables = Exact<{
  id: string;
  type: CustomFieldType;
  rules?: any;
}>;


export type AdminPreviewTypeChangeMutation = { previewCustomFieldTypeChange: { values: number, converted: number, failed: number, failures: Array<{ recordId: string, message: string }> } };

export type AdminChangeTypeMutationVariables = Exact<{
  id: string;
  type: CustomFieldType;
  rules?: any;
  clearFailures: boolean;
}>;


export type AdminChangeTypeMutation = { changeCustomFieldType: { id: string, type: CustomFieldType } };

export type AdminGradingModelsQueryVariables = Exact<{ [key: string]: never; }>;


export type AdminGradingModelsQuery = { gradingModels: Array<{ id: string, name: string, kind: GradingModelKind, config: any, enabled: boolean, monthly: boolean, lastRunAt: string | null, nextRunAt: string | null, updatedAt: string, labels: Array<{ label: string, description: string }> }> };

export type AdminCreateGradingModelMutationVariables = Exact<{
  input: GradingModelInput;
}>;


export type AdminCreateGradingModelMutation = { createGradingModel: { id: string } };

export type AdminUpdateGradingModelMutationVariables = Exact<{
  id: string;
  input: GradingModelInput;
}>;


export type AdminUpdateGradingModelMutation = { updateGradingModel: { id: string } };

export type AdminDeleteGradingModelMutationVariables = Exact<{
  id: string;
}>;


export type AdminDeleteGradingModelMutation = { deleteGradingModel: string };

export type AdminRegradeMutationVariables = Exact<{
  modelId: string;
}>;


export type AdminRegradeMutation = { regradeCustomers: { id: string, status: JobStatus, progressDone: number, progressTotal: number | null } };

export type AdminJobQueryVariables = Exact<{
  id: string;
}>;


export type AdminJobQuery = { job: { id: string, kind: string, status: JobStatus, progressDone: number, progressTotal: number | null, progressNote: string | null, result: any, error: string | null } };

export type AdminApiKeysQueryVariables = Exact<{ [key: string]: never; }>;


export type AdminApiKeysQuery = { apiKeys: Array<{ id: string, name: string, scope: ApiKeyScope, hint: string, userId: string, createdAt: string, lastUsedAt: string | null, revokedAt: string | null }> };

export type AdminCreateApiKeyMutationVariables = Exact<{
  input: CreateApiKeyInput;
}>;


export type AdminCreateApiKeyMutation = { createApiKey: { secret: string, apiKey: { id: string, name: string, scope: ApiKeyScope, hint: string } } };

export type AdminRevokeApiKeyMutationVariables = Exact<{
  id: string;
}>;


export type AdminRevokeApiKeyMutation = { revokeApiKey: { id: string, revokedAt: string | null } };

export type AdminAuditLogQueryVariables = Exact<{
  limit: number;
  before?: string | null | undefined;
}>;


export type AdminAuditLogQuery = { auditLog: Array<{ id: string, actorId: string | null, action: string, targetType: string | null, targetId: string | null, detail: any, requestId: string | null, createdAt: string }> };

export type AdminUserNamesQueryVariables = Exact<{ [key: string]: never; }>;


export type AdminUserNamesQuery = { users: Array<{ id: string, displayName: string }> };

export type AdminBackupsQueryVariables = Exact<{ [key: string]: never; }>;


export type AdminBackupsQuery = { backups: Array<{ id: string, kind: BackupKind, status: BackupStatus, fileName: string, sizeBytes: number | null, sha256: string | null, tables: number | null, rows: number | null, files: number | null, progressDone: number, progressTotal: number | null, progressNote: string | null, error: string | null, createdAt: string, finishedAt: string | null }> };

export type AdminBackupQueryVariables = Exact<{
  id: string;
}>;


export type AdminBackupQuery = { backup: { id: string, kind: BackupKind, status: BackupStatus, progressDone: number, progressTotal: number | null, progressNote: string | null, error: string | null, sizeBytes: number | null, finishedAt: string | null } };

export type AdminCreateBackupMutationVariables = Exact<{ [key: string]: never; }>;


export type AdminCreateBackupMutation = { createBackup: { id: string, status: BackupStatus } };

export type AdminBackupLinkMutationVariables = Exact<{
  id: string;
}>;


export type AdminBackupLinkMutation = { backupDownloadLink: { url: string, fileName: string, expiresAt: string } };

export type AdminRestoreBackupMutationVariables = Exact<{
  file: File;
}>;


export type AdminRestoreBackupMutation = { restoreBackup: { id: string, status: BackupStatus } };

export type AdminPluginsQueryVariables = Exact<{ [key: string]: never; }>;


export type AdminPluginsQuery = { plugins: Array<{ id: string, key: string, name: string, description: string, enabled: boolean, updatedAt: string, currentVersion: { id: string, version: string, mode: string, hooks: Array<string> } | null, attachments: Array<{ id: string }> }> };

export type AdminPluginQueryVariables = Exact<{
  id: string;
  failuresOnly: boolean;
}>;


export type AdminPluginQuery = { plugin: { id: string, key: string, name: string, description: string, enabled: boolean, config: any, previousVersionId: string | null, currentVersion: { id: string, version: string, hash: string, mode: string, hooks: Array<string>, size: number, manifest: any, createdAt: string } | null, versions: Array<{ id: string, version: string, hash: string, mode: string, hooks: Array<string>, size: number, createdAt: string }>, attachments: Array<{ id: string, hook: string, fieldId: string | null, gradingModelId: string | null, targetName: string, createdAt: string }>, calls: Array<{ id: string, versionId: string, hook: string, target: string | null, inputDigest: string, ok: boolean, errorCode: string | null, trapCode: string | null, message: string | null, fuelUsed: number, fuelLimit: number, wallTimeUs: number, memoryPeak: number, logs: string, createdAt: string }>, usage: Array<{ day: unknown, hook: string, calls: number, failures: number, fuel: number, wallTimeMs: number }> } };

export type AdminUploadPluginMutationVariables = Exact<{
  file: File;
  manifest: any;
  install: boolean;
}>;


export type AdminUploadPluginMutation = { uploadPlugin: { id: string, pluginId: string, version: string } };

export type AdminInstallPluginVersionMutationVariables = Exact<{
  versionId: string;
}>;


export type AdminInstallPluginVersionMutation = { installPluginVersion: { id: string } };

export type AdminRollbackPluginMutationVariables = Exact<{
  id: string;
}>;


export type AdminRollbackPluginMutation = { rollbackPlugin: { id: string } };

export type AdminConfigurePluginMutationVariables = Exact<{
  id: string;
  config: any;
}>;


export type AdminConfigurePluginMutation = { configurePlugin: { id: string, config: any } };

export type AdminSetPluginEnabledMutationVariables = Exact<{
  id: string;
  enabled: boolean;
}>;


export type AdminSetPluginEnabledMutation = { setPluginEnabled: { id: string, enabled: boolean } };

export type AdminAttachPluginMutationVariables = Exact<{
  pluginId: string;
  target: PluginTargetInput;
}>;


export type AdminAttachPluginMutation = { attachPlugin: { id: string } };

export type AdminDetachPluginMutationVariables = Exact<{
  attachmentId: string;
}>;


export type AdminDetachPluginMutation = { detachPlugin: string };

export type AdminDeletePluginMutationVariables = Exact<{
  id: string;
}>;


export type AdminDeletePluginMutation = { deletePlugin: string };

export type AdminPluginTargetsQueryVariables = Exact<{ [key: string]: never; }>;


export type AdminPluginTargetsQuery = { customFields: Array<{ id: string, key: string, label: string }>, gradingModels: Array<{ id: string, name: string }> };

export type AdminBillingQueryVariables = Exact<{ [key: string]: never; }>;


export type AdminBillingQuery = { billing: { plan: string, state: SubscriptionStatus, trialEndsAt: string | null, currentPeriodEnd: string | null, readOnlyAt: string | null, cancelAtPeriodEnd: boolean, provider: string, seats: number, invoices: Array<{ id: string, number: string | null, status: string, amountDue: number, amountPaid: number, currency: string, createdAt: string, hostedUrl: string | null, pdfUrl: string | null }> }, planUsage: { unknownPlan: string | null, plan: { id: string, rank: number }, limits: Array<{ name: string, usage: number, max: number | null, percent: number | null }> }, planCatalogue: Array<{ id: string, rank: number, priceCny: { month: number, year: number }, priceUsd: { month: number, year: number }, entitlements: Array<{ name: string, max: number | null }> }> };

export type AdminStartCheckoutMutationVariables = Exact<{
  plan: string;
  interval: BillingPeriod;
  currency: BillingCurrency;
}>;


export type AdminStartCheckoutMutation = { startCheckout: string };

export type AdminOpenBillingPortalMutationVariables = Exact<{ [key: string]: never; }>;


export type AdminOpenBillingPortalMutation = { openBillingPortal: string };

export type AdminCancelSubscriptionMutationVariables = Exact<{ [key: string]: never; }>;


export type AdminCancelSubscriptionMutation = { cancelSubscription: { state: SubscriptionStatus, cancelAtPeriodEnd: boolean, currentPeriodEnd: string | null } };

export type AdminResumeSubscriptionMutationVariables = Exact<{ [key: string]: never; }>;


export type AdminResumeSubscriptionMutation = { resumeSubscription: { state: SubscriptionStatus, cancelAtPeriodEnd: boolean, currentPeriodEnd: string | null } };

export type AdminWebhooksQueryVariables = Exact<{ [key: string]: never; }>;


export type AdminWebhooksQuery = { webhookEventTypes: Array<string>, webhooks: Array<{ id: string, url: string, description: string | null, events: Array<string>, enabled: boolean, disabledReason: WebhookDisabledReason | null, consecutiveFailures: number, failingSince: string | null, groupId: string | null, createdAt: string }> };

export type AdminCreateWebhookMutationVariables = Exact<{
  input: CreateWebhookInput;
}>;


export type AdminCreateWebhookMutation = { createWebhook: { secret: string, webhook: { id: string, url: string, events: Array<string>, enabled: boolean, groupId: string | null } } };

export type AdminUpdateWebhookMutationVariables = Exact<{
  id: string;
  input: UpdateWebhookInput;
}>;


export type AdminUpdateWebhookMutation = { updateWebhook: { id: string, url: string, description: string | null, events: Array<string>, groupId: string | null } };

export type AdminSetWebhookEnabledMutationVariables = Exact<{
  id: string;
  enabled: boolean;
}>;


export type AdminSetWebhookEnabledMutation = { enableWebhook?: { id: string, enabled: boolean, disabledReason: WebhookDisabledReason | null, consecutiveFailures: number }, disableWebhook?: { id: string, enabled: boolean, disabledReason: WebhookDisabledReason | null, consecutiveFailures: number } };

export type AdminDeleteWebhookMutationVariables = Exact<{
  id: string;
}>;


export type AdminDeleteWebhookMutation = { deleteWebhook: boolean };

export type AdminRotateWebhookSecretMutationVariables = Exact<{
  id: string;
}>;


export type AdminRotateWebhookSecretMutation = { rotateWebhookSecret: { secret: string, webhook: { id: string } } };

export type AdminWebhookDeliveriesQueryVariables = Exact<{
  id: string;
  after?: string | null | undefined;
}>;


export type AdminWebhookDeliveriesQuery = { webhook: { id: string, deliveries: { totalCount: number, nodes: Array<{ id: string, eventId: string, eventType: string, status: WebhookDeliveryStatus, attempts: number, responseStatus: number | null, durationMs: number | null, error: string | null, responseSnippet: string | null, nextAttemptAt: string | null, lastAttemptAt: string | null, replayOfId: string | null, createdAt: string, payload: any }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } };

export type AdminReplayWebhookDeliveryMutationVariables = Exact<{
  id: string;
}>;


export type AdminReplayWebhookDeliveryMutation = { replayWebhookDelivery: { id: string, status: WebhookDeliveryStatus } };

export type AdminTagsQueryVariables = Exact<{ [key: string]: never; }>;


export type AdminTagsQuery = { tags: Array<{ id: string, name: string, color: TagColor, group: string | null, customerCount: number }>, tenantSettings: { tagCreation: TagCreation } };

export type AdminCreateTagMutationVariables = Exact<{
  input: TagInput;
}>;


export type AdminCreateTagMutation = { createTag: { id: string, name: string } };

export type AdminUpdateTagMutationVariables = Exact<{
  id: string;
  input: TagInput;
}>;


export type AdminUpdateTagMutation = { updateTag: { id: string, name: string, color: TagColor, group: string | null } };

export type AdminMergeTagsMutationVariables = Exact<{
  sources: Array<string> | string;
  into: string;
}>;


export type AdminMergeTagsMutation = { mergeTags: { id: string, name: string, customerCount: number } };

export type AdminDeleteTagMutationVariables = Exact<{
  id: string;
}>;


export type AdminDeleteTagMutation = { deleteTag: boolean };

export type AuthSignUpMutationVariables = Exact<{
  input: SignUpInput;
}>;


export type AuthSignUpMutation = { signUp: { token: string, tenant: { id: string, name: string, slug: string, plan: string } } };

export type AuthLoginMutationVariables = Exact<{
  input: LoginInput;
}>;


export type AuthLoginMutation = { login: { token: string } };

export type AuthRequestPasswordResetMutationVariables = Exact<{
  input: RequestPasswordResetInput;
}>;


export type AuthRequestPasswordResetMutation = { requestPasswordReset: boolean };

export type AuthResetPasswordMutationVariables = Exact<{
  input: ResetPasswordInput;
}>;


export type AuthResetPasswordMutation = { resetPassword: boolean };

export type AuthVerifyEmailMutationVariables = Exact<{
  token: string;
}>;


export type AuthVerifyEmailMutation = { verifyEmail: boolean };

export type AuthAcceptInvitationMutationVariables = Exact<{
  input: AcceptInvitationInput;
}>;


export type AuthAcceptInvitationMutation = { acceptInvitation: { token: string, user: { id: string, displayName: string, role: Role }, tenant: { id: string, name: string } } };

export type BoardReplyFieldsFragment = { id: string, postId: string, parentId: string | null, authorId: string, authorName: string, content: string, createdAt: string, editedAt: string | null };

export type BoardPostFieldsFragment = { id: string, authorId: string, authorName: string, title: string, mood: string, content: string, replyCount: number, createdAt: string, editedAt: string | null, replies: Array<{ id: string, postId: string, parentId: string | null, authorId: string, authorName: string, content: string, createdAt: string, editedAt: string | null }> };

export type BoardPostsQueryVariables = Exact<{
  limit: number;
  before?: string | null | undefined;
}>;


export type BoardPostsQuery = { boardPosts: Array<{ id: string, authorId: string, authorName: string, title: string, mood: string, content: string, replyCount: number, createdAt: string, editedAt: string | null, replies: Array<{ id: string, postId: string, parentId: string | null, authorId: string, authorName: string, content: string, createdAt: string, editedAt: string | null }> }> };

export type BoardMoreRepliesQueryVariables = Exact<{
  id: string;
  after?: string | null | undefined;
}>;


export type BoardMoreRepliesQuery = { boardPost: { id: string, replyCount: number, replies: Array<{ id: string, postId: string, parentId: string | null, authorId: string, authorName: string, content: string, createdAt: string, editedAt: string | null }> } };

export type BoardMoodsQueryVariables = Exact<{ [key: string]: never; }>;


export type BoardMoodsQuery = { boardMoods: Array<string> };

export type BoardCreatePostMutationVariables = Exact<{
  input: CreateBoardPostInput;
}>;


export type BoardCreatePostMutation = { createBoardPost: { id: string, authorId: string, authorName: string, title: string, mood: string, content: string, replyCount: number, createdAt: string, editedAt: string | null, replies: Array<{ id: string, postId: string, parentId: string | null, authorId: string, authorName: string, content: string, createdAt: string, editedAt: string | null }> } };

export type BoardReplyMutationVariables = Exact<{
  input: ReplyToBoardPostInput;
}>;


export type BoardReplyMutation = { replyToBoardPost: { id: string, postId: string, parentId: string | null, authorId: string, authorName: string, content: string, createdAt: string, editedAt: string | null } };

export type BoardUpdatePostMutationVariables = Exact<{
  id: string;
  input: UpdateBoardPostInput;
}>;


export type BoardUpdatePostMutation = { updateBoardPost: { id: string, authorId: string, authorName: string, title: string, mood: string, content: string, replyCount: number, createdAt: string, editedAt: string | null, replies: Array<{ id: string, postId: string, parentId: string | null, authorId: string, authorName: string, content: string, createdAt: string, editedAt: string | null }> } };

export type BoardUpdateReplyMutationVariables = Exact<{
  id: string;
  content: string;
}>;


export type BoardUpdateReplyMutation = { updateBoardReply: { id: string, postId: string, parentId: string | null, authorId: string, authorName: string, content: string, createdAt: string, editedAt: string | null } };

export type BoardDeletePostMutationVariables = Exact<{
  id: string;
}>;


export type BoardDeletePostMutation = { deleteBoardPost: boolean };

export type BoardDeleteReplyMutationVariables = Exact<{
  id: string;
}>;


export type BoardDeleteReplyMutation = { deleteBoardReply: boolean };

export type CustomersListQueryVariables = Exact<{
  filter?: CustomerFilter | null | undefined;
  sort?: CustomerSort | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type CustomersListQuery = { customers: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, number: string, name: string, company: string | null, title: string | null, phones: Array<string>, email: string | null, status: CustomerStatus, grade: Grade, industry: string | null, source: string | null, tags: Array<string>, inPool: boolean, lastContactAt: string | null, nextVisitAt: string | null, createdAt: string, updatedAt: string, custom: any, owner: { id: string, displayName: string } | null, release: { releasedAt: string, reason: string | null, releasedBy: { id: string, displayName: string } | null, previousOwner: { id: string, displayName: string } | null } | null } }> } };

export type CustomersFieldsQueryVariables = Exact<{ [key: string]: never; }>;


export type CustomersFieldsQuery = { customFields: Array<{ id: string, key: string, label: string, labelEn: string | null, help: string | null, type: CustomFieldType, required: boolean, unique: boolean, default: any, rules: any, position: number, archived: boolean }>, tenantSettings: { industries: Array<string>, sources: Array<string> } };

export type CustomersAssignMutationVariables = Exact<{
  ids: Array<string> | string;
  toUserId: string;
  overrideCap?: boolean;
}>;


export type CustomersAssignMutation = { assignCustomers: Array<{ id: string, owner: { id: string, displayName: string } | null }> };

export type CustomersTransferMutationVariables = Exact<{
  fromUserId: string;
  toUserId: string;
  overrideCap?: boolean;
}>;


export type CustomersTransferMutation = { transferCustomers: number };

export type CustomerSetLockedMutationVariables = Exact<{
  id: string;
  locked: boolean;
}>;


export type CustomerSetLockedMutation = { setCustomerLocked: { id: string, locked: boolean, ownedSince: string | null } };

export type CustomersReleaseManyMutationVariables = Exact<{
  ids: Array<string> | string;
  reason: string;
}>;


export type CustomersReleaseManyMutation = { releaseCustomers: { released: Array<{ id: string }>, errors: Array<{ id: string, code: string, reason: string }> } };

export type CustomersReleaseMutationVariables = Exact<{
  id: string;
  reason: string;
}>;


export type CustomersReleaseMutation = { releaseCustomer: { id: string, inPool: boolean, owner: { id: string } | null } };

export type CustomersClaimMutationVariables = Exact<{
  id: string;
}>;


export type CustomersClaimMutation = { claimCustomer: { id: string, inPool: boolean, owner: { id: string, displayName: string } | null } };

export type CustomersExportMutationVariables = Exact<{
  filter?: CustomerFilter | null | undefined;
  sort?: CustomerSort | null | undefined;
  format: ExportFormat;
  ids?: Array<string> | string | null | undefined;
}>;


export type CustomersExportMutation = { exportCustomers: { url: string, fileName: string, rows: number, expiresAt: string } };

export type CustomersExportConversationsMutationVariables = Exact<{
  filter?: ConversationsFilter | null | undefined;
  format: ExportFormat;
}>;


export type CustomersExportConversationsMutation = { exportConversations: { url: string, fileName: string, rows: number, expiresAt: string } };

export type CustomerFormLoadQueryVariables = Exact<{
  id: string;
}>;


export type CustomerFormLoadQuery = { customer: { id: string, number: string, name: string, company: string | null, title: string | null, phones: Array<string>, email: string | null, address: string | null, gender: Gender, birthday: unknown, status: CustomerStatus, industry: string | null, source: string | null, grade: Grade, tags: Array<string>, inPool: boolean, lastContactAt: string | null, nextVisitAt: string | null, custom: any, owner: { id: string, displayName: string } | null, customValues: Array<{ key: string, access: FieldAccess }> } };

export type CustomerCreateMutationVariables = Exact<{
  input: CreateCustomerInput;
}>;


export type CustomerCreateMutation = { createCustomer: { id: string } };

export type CustomerUpdateMutationVariables = Exact<{
  id: string;
  input: UpdateCustomerInput;
}>;


export type CustomerUpdateMutation = { updateCustomer: { id: string } };

export type CustomerDetailQueryVariables = Exact<{
  id: string;
}>;


export type CustomerDetailQuery = { customer: { id: string, number: string, name: string, company: string | null, title: string | null, phones: Array<string>, email: string | null, address: string | null, gender: Gender, birthday: unknown, photoUrl: string | null, status: CustomerStatus, industry: string | null, source: string | null, grade: Grade, tags: Array<string>, inPool: boolean, locked: boolean, ownedSince: string | null, mailOptOutAt: string | null, lastContactAt: string | null, nextVisitAt: string | null, custom: any, createdAt: string, updatedAt: string, owner: { id: string, displayName: string } | null, createdBy: { id: string, displayName: string }, release: { releasedAt: string, reason: string | null, releasedBy: { id: string, displayName: string } | null, previousOwner: { id: string, displayName: string } | null } | null, customValues: Array<{ key: string, label: string, labelEn: string | null, type: CustomFieldType, value: any, access: FieldAccess }>, deals: Array<{ id: string, ownerId: string | null, title: string, amount: string, currency: string, status: DealStatus, expectedCloseDate: unknown, closeDate: unknown, notes: string | null, createdAt: string, updatedAt: string }>, grades: Array<{ modelId: string, modelName: string, label: string, score: number | null, reason: string, gradedAt: string }>, history: Array<{ field: string, oldValue: any, newValue: any, at: string, actor: { id: string, displayName: string } | null }>, merges: Array<{ id: string, undoable: boolean, undoUntil: string, undoneAt: string | null, createdAt: string, mergedBy: string, merged: Array<{ id: string, number: string, name: string }> }> } };

export type SetCustomerMailOptOutMutationVariables = Exact<{
  id: string;
  optedOut: boolean;
}>;


export type SetCustomerMailOptOutMutation = { setCustomerMailOptOut: { id: string, mailOptOutAt: string | null } };

export type CustomerMailsQueryVariables = Exact<{
  id: string;
  limit: number;
}>;


export type CustomerMailsQuery = { customer: { id: string, mailOptOutAt: string | null, mails: Array<{ id: string, kind: string, to: string, subject: string, body: string, status: string, createdAt: string, sentAt: string | null }> } };

export type CustomerConversationsQueryVariables = Exact<{
  id: string;
  first: number;
  after?: string | null | undefined;
}>;


export type CustomerConversationsQuery = { customer: { id: string, conversations: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, topic: string, content: string, kind: ConversationKind, occurredAt: string, createdAt: string, updatedAt: string, author: { id: string, displayName: string }, entries: Array<{ occurredAt: string, kind: ConversationKind, content: string }>, customValues: Array<{ key: string, label: string, labelEn: string | null, type: CustomFieldType, value: any }> } }> } } };

export type CustomerAddConversationMutationVariables = Exact<{
  input: AddConversationInput;
}>;


export type CustomerAddConversationMutation = { addConversation: { merged: boolean, conversation: { id: string, occurredAt: string } } };

export type CustomerEditConversationContentMutationVariables = Exact<{
  id: string;
  content: string;
}>;


export type CustomerEditConversationContentMutation = { editConversationContent: { id: string, content: string } };

export type CustomerEditConversationTimeMutationVariables = Exact<{
  id: string;
  occurredAt: string;
}>;


export type CustomerEditConversationTimeMutation = { editConversationTime: { id: string, occurredAt: string } };

export type CustomerDeleteConversationMutationVariables = Exact<{
  id: string;
}>;


export type CustomerDeleteConversationMutation = { deleteConversation: string };

export type CustomerSetPhotoMutationVariables = Exact<{
  id: string;
  file: File;
}>;


export type CustomerSetPhotoMutation = { setCustomerPhoto: { id: string, photoUrl: string | null } };

export type CustomerRemovePhotoMutationVariables = Exact<{
  id: string;
}>;


export type CustomerRemovePhotoMutation = { removeCustomerPhoto: { id: string, photoUrl: string | null } };

export type CustomerCreateDealMutationVariables = Exact<{
  customerId: string;
  input: DealInput;
}>;


export type CustomerCreateDealMutation = { createDeal: { id: string } };

export type CustomerUpdateDealMutationVariables = Exact<{
  id: string;
  input: DealInput;
}>;


export type CustomerUpdateDealMutation = { updateDeal: { id: string } };

export type CustomerDeleteDealMutationVariables = Exact<{
  id: string;
}>;


export type CustomerDeleteDealMutation = { deleteDeal: string };

export type CustomerDeleteForGoodMutationVariables = Exact<{
  id: string;
}>;


export type CustomerDeleteForGoodMutation = { deleteCustomerPermanently: { id: string, number: string, name: string } };

export type CustomerPlansQueryVariables = Exact<{
  filter?: WorkPlansFilter | null | undefined;
  first?: number | null | undefined;
}>;


export type CustomerPlansQuery = { workPlans: { totalCount: number, nodes: Array<{ id: string, subject: string, start: string, end: string, content: string, done: boolean, overdue: boolean, author: { id: string, displayName: string } | null }> } };

export type CustomerConversationFieldsQueryVariables = Exact<{ [key: string]: never; }>;


export type CustomerConversationFieldsQuery = { customFields: Array<{ id: string, key: string, label: string, labelEn: string | null, help: string | null, type: CustomFieldType, required: boolean, unique: boolean, default: any, rules: any, position: number, archived: boolean }> };

export type CustomersSegmentsQueryVariables = Exact<{ [key: string]: never; }>;


export type CustomersSegmentsQuery = { segments: Array<{ id: string, name: string, description: string | null, kind: SegmentKind, stage: LifecycleStage | null, sharing: SegmentSharing, canEdit: boolean, filter: any, count: number | null, owner: { id: string, displayName: string } | null, group: { id: string, name: string } | null, sharedWith: { id: string, displayName: string } | null }>, groups: Array<{ id: string, name: string }> };

export type CustomersCreateSegmentMutationVariables = Exact<{
  input: SegmentInput;
}>;


export type CustomersCreateSegmentMutation = { createSegment: { id: string, name: string, count: number | null } };

export type CustomersDeleteSegmentMutationVariables = Exact<{
  id: string;
}>;


export type CustomersDeleteSegmentMutation = { deleteSegment: boolean };

export type CustomersBulkEditMutationVariables = Exact<{
  ids?: Array<string> | string | null | undefined;
  filter?: CustomerFilter | null | undefined;
  change: BulkCustomerChange;
}>;


export type CustomersBulkEditMutation = { bulkEditCustomers: { id: string, status: JobStatus, progressDone: number, progressTotal: number | null } };

export type CustomersBulkJobQueryVariables = Exact<{
  id: string;
}>;


export type CustomersBulkJobQuery = { job: { id: string, status: JobStatus, progressDone: number, progressTotal: number | null, result: any, error: string | null } };

export type CustomersDuplicateCandidatesQueryVariables = Exact<{
  input: DuplicateProbe;
}>;


export type CustomersDuplicateCandidatesQuery = { duplicateCandidates: Array<{ score: number, reasons: Array<DuplicateReason>, customer: { id: string, name: string, company: string | null } | null }> };

export type CustomerPossibleDuplicatesQueryVariables = Exact<{
  id: string;
}>;


export type CustomerPossibleDuplicatesQuery = { customer: { id: string, possibleDuplicates: Array<{ score: number, reasons: Array<DuplicateReason>, customer: { id: string, name: string, company: string | null } | null }> } };

export type CustomersScanDuplicatesMutationVariables = Exact<{ [key: string]: never; }>;


export type CustomersScanDuplicatesMutation = { scanDuplicates: { id: string, status: JobStatus, progressDone: number, progressTotal: number | null } };

export type CustomerMergePlanQueryVariables = Exact<{
  input: MergeCustomersInput;
}>;


export type CustomerMergePlanQuery = { customerMergePlan: { phones: Array<string>, tags: Array<string>, moves: Array<{ table: string, rows: number }>, fields: Array<{ field: string, differs: boolean, chosenCustomerId: string, value: any, values: Array<{ customerId: string, value: any }> }> } };

export type CustomersMergeMutationVariables = Exact<{
  input: MergeCustomersInput;
}>;


export type CustomersMergeMutation = { mergeCustomers: { id: string, survivorId: string, undoUntil: string, merged: Array<{ id: string, number: string, name: string }> } };

export type CustomerMergeUndoMutationVariables = Exact<{
  id: string;
}>;


export type CustomerMergeUndoMutation = { undoCustomerMerge: { id: string, undoable: boolean, undoneAt: string | null } };

export type CustomerDismissDuplicateMutationVariables = Exact<{
  a: string;
  b: string;
}>;


export type CustomerDismissDuplicateMutation = { dismissDuplicate: boolean };

export type DashboardAnalyticsQueryVariables = Exact<{
  range: AnalyticsRange;
  bucket?: AnalyticsBucket | null | undefined;
  rank?: LeaderboardRank | null | undefined;
}>;


export type DashboardAnalyticsQuery = { analytics: { newCustomers: { periods: Array<unknown>, series: Array<{ key: string, counts: Array<number>, total: number }> }, conversations: { periods: Array<unknown>, series: Array<{ key: string, counts: Array<number>, total: number }> }, poolFlow: { periods: Array<unknown>, series: Array<{ key: string, counts: Array<number>, total: number }> }, leaderboard: Array<{ userId: string, name: string, newCustomers: number, conversations: number, visits: number, dealsWon: number, amountWon: string, currency: string, plansDue: number, plansOnTime: number }> } };

export type DashboardBreakdownsQueryVariables = Exact<{
  lead: boolean;
}>;


export type DashboardBreakdownsQuery = { analytics: { status: Array<{ key: string | null, count: number }>, grade: Array<{ key: string | null, count: number }>, source: Array<{ key: string | null, count: number }>, industry: Array<{ key: string | null, count: number }> }, pool: { totalCount: number }, team?: { members: Array<{ customersHeld: number, user: { id: string, displayName: string } }> } };

export type DashboardFlowsQueryVariables = Exact<{
  range: AnalyticsRange;
  cohort?: AnalyticsRange | null | undefined;
  months: AnalyticsRange;
}>;


export type DashboardFlowsQuery = { analytics: { funnel: Array<{ status: CustomerStatus, customers: number, reached: number, stays: number, averageDays: number | null }>, retention: Array<{ month: unknown, held: number, kept: number, lost: number, wonBack: number, new: number }>, poolReasons: Array<{ direction: PoolMoveDirection, reason: string | null, count: number }> } };

export type DashboardGradingModelsQueryVariables = Exact<{ [key: string]: never; }>;


export type DashboardGradingModelsQuery = { gradingModels: Array<{ id: string, name: string, enabled: boolean, lastRunAt: string | null, labels: Array<{ label: string }> }> };

export type DashboardGradesQueryVariables = Exact<{
  modelId: string;
}>;


export type DashboardGradesQuery = { analytics: { customersByGrade: Array<{ key: string | null, count: number }> } };

export type HomeOverviewQueryVariables = Exact<{
  todayFrom: string;
  todayTo: string;
}>;


export type HomeOverviewQuery = { toVisit: { totalCount: number, edges: Array<{ node: { id: string, name: string, company: string | null, nextVisitAt: string | null, owner: { id: string, displayName: string } | null } }> }, todayPlans: { totalCount: number, nodes: Array<{ id: string, subject: string, start: string, end: string, content: string, notes: string, done: boolean, doneAt: string | null, overdue: boolean, createdAt: string, updatedAt: string, author: { id: string, displayName: string } | null, doneBy: { id: string, displayName: string } | null, customer: { id: string, name: string, number: string, company: string | null } | null }> }, overduePlans: { totalCount: number, nodes: Array<{ id: string, subject: string, start: string, end: string, content: string, notes: string, done: boolean, doneAt: string | null, overdue: boolean, createdAt: string, updatedAt: string, author: { id: string, displayName: string } | null, doneBy: { id: string, displayName: string } | null, customer: { id: string, name: string, number: string, company: string | null } | null }> }, recent: { totalCount: number, nodes: Array<{ id: string, customerId: string, customerName: string, topic: string, kind: ConversationKind, occurredAt: string, author: { id: string, displayName: string } }> }, addedToday: { totalCount: number }, addedWeek: { totalCount: number }, contactedToday: { totalCount: number }, visitedWeek: { totalCount: number } };

export type HomeTeamQueryVariables = Exact<{ [key: string]: never; }>;


export type HomeTeamQuery = { team: { totalCount: number, members: Array<{ customersHeld: number, user: { id: string, displayName: string, role: Role, group: { id: string, name: string } | null }, plans: { open: number, done: number, overdue: number }, customersCreated: { last7Days: number }, poolClaims: { last7Days: number } }> } };

export type HomePlanDoneMutationVariables = Exact<{
  id: string;
  done: boolean;
}>;


export type HomePlanDoneMutation = { setWorkPlanDone: { id: string, subject: string, start: string, end: string, content: string, notes: string, done: boolean, doneAt: string | null, overdue: boolean, createdAt: string, updatedAt: string, author: { id: string, displayName: string } | null, doneBy: { id: string, displayName: string } | null, customer: { id: string, name: string, number: string, company: string | null } | null } };

export type ImportPreviewFileMutationVariables = Exact<{
  file: File;
  sheet?: string | null | undefined;
}>;


export type ImportPreviewFileMutation = { previewCustomerImport: { format: string, encoding: string, rows: number, sample: Array<Array<string>>, columns: Array<{ header: string, field: string | null, fieldLabel: string | null }>, fields: Array<{ name: string, label: string }>, warnings: Array<{ column: string, code: string, message: string }> } };

export type ImportStartMutationVariables = Exact<{
  file: File;
  input?: ImportCustomersInput | null | undefined;
}>;


export type ImportStartMutation = { importCustomers: { id: string } };

export type ImportStatusQueryVariables = Exact<{
  id: string;
  offset: number;
  limit: number;
}>;


export type ImportStatusQuery = { customerImport: { id: string, fileName: string, format: string, status: ImportStatus, rowsTotal: number, rowsDone: number, created: number, updated: number, skipped: number, failed: number, createdAt: string, finishedAt: string | null, job: { id: string, status: JobStatus, progressDone: number, progressTotal: number | null, progressNote: string | null, error: string | null, errorCode: string | null, errorDetail: any }, issues: { total: number, items: Array<{ row: number, column: string | null, code: string, message: string, severity: ImportIssueSeverity }> } } };

export type ImportRecentQueryVariables = Exact<{ [key: string]: never; }>;


export type ImportRecentQuery = { customerImports: Array<{ id: string, fileName: string, status: ImportStatus, rowsTotal: number, created: number, updated: number, skipped: number, failed: number, createdAt: string }> };

export type ImportCancelMutationVariables = Exact<{
  id: string;
}>;


export type ImportCancelMutation = { cancelJob: { id: string, status: JobStatus } };

export type PlanFieldsFragment = { id: string, subject: string, start: string, end: string, content: string, notes: string, done: boolean, doneAt: string | null, overdue: boolean, createdAt: string, updatedAt: string, author: { id: string, displayName: string } | null, doneBy: { id: string, displayName: string } | null, customer: { id: string, name: string, number: string, company: string | null } | null };

export type PlansListQueryVariables = Exact<{
  filter?: WorkPlansFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type PlansListQuery = { workPlans: { totalCount: number, nodes: Array<{ id: string, subject: string, start: string, end: string, content: string, notes: string, done: boolean, doneAt: string | null, overdue: boolean, createdAt: string, updatedAt: string, author: { id: string, displayName: string } | null, doneBy: { id: string, displayName: string } | null, customer: { id: string, name: string, number: string, company: string | null } | null }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type PlansCursorsQueryVariables = Exact<{
  filter?: WorkPlansFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type PlansCursorsQuery = { workPlans: { pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type PlansCreateMutationVariables = Exact<{
  input: CreateWorkPlanInput;
}>;


export type PlansCreateMutation = { createWorkPlan: { id: string, subject: string, start: string, end: string, content: string, notes: string, done: boolean, doneAt: string | null, overdue: boolean, createdAt: string, updatedAt: string, author: { id: string, displayName: string } | null, doneBy: { id: string, displayName: string } | null, customer: { id: string, name: string, number: string, company: string | null } | null } };

export type PlansUpdateMutationVariables = Exact<{
  id: string;
  input: UpdateWorkPlanInput;
}>;


export type PlansUpdateMutation = { updateWorkPlan: { id: string, subject: string, start: string, end: string, content: string, notes: string, done: boolean, doneAt: string | null, overdue: boolean, createdAt: string, updatedAt: string, author: { id: string, displayName: string } | null, doneBy: { id: string, displayName: string } | null, customer: { id: string, name: string, number: string, company: string | null } | null } };

export type PlansSetDoneMutationVariables = Exact<{
  id: string;
  done: boolean;
}>;


export type PlansSetDoneMutation = { setWorkPlanDone: { id: string, subject: string, start: string, end: string, content: string, notes: string, done: boolean, doneAt: string | null, overdue: boolean, createdAt: string, updatedAt: string, author: { id: string, displayName: string } | null, doneBy: { id: string, displayName: string } | null, customer: { id: string, name: string, number: string, company: string | null } | null } };

export type PlansDeleteMutationVariables = Exact<{
  id: string;
}>;


export type PlansDeleteMutation = { deleteWorkPlan: boolean };

export type PlansSetNextVisitMutationVariables = Exact<{
  id: string;
  at?: string | null | undefined;
}>;


export type PlansSetNextVisitMutation = { updateCustomer: { id: string, nextVisitAt: string | null } };

export type PoolListQueryVariables = Exact<{
  filter?: CustomerFilter | null | undefined;
  sort?: CustomerSort | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
  releaseReason?: string | null | undefined;
}>;


export type PoolListQuery = { pool: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, number: string, name: string, company: string | null, phones: Array<string>, status: CustomerStatus, grade: Grade, tags: Array<string>, createdAt: string, release: { releasedAt: string, reason: string | null, releasedBy: { id: string, displayName: string } | null, previousOwner: { id: string, displayName: string } | null } | null } }> } };

export type PoolQuotaQueryVariables = Exact<{ [key: string]: never; }>;


export type PoolQuotaQuery = { poolQuota: { claimsToday: number, claimsPerDay: number, held: number, maxHeld: number, reclaimCooldownDays: number, dayEndsAt: string } };

export type PoolReleaseReasonsQueryVariables = Exact<{ [key: string]: never; }>;


export type PoolReleaseReasonsQuery = { poolReleaseReasons: Array<{ reason: string, count: number }> };

export type ProfileMeQueryVariables = Exact<{ [key: string]: never; }>;


export type ProfileMeQuery = { me: { user: { id: string, email: string, displayName: string, role: Role, emailVerified: boolean, lastLoginAt: string | null, createdAt: string, awayUntil: string | null, reminderTime: string, group: { id: string, name: string } | null }, tenant: { id: string, name: string, slug: string, plan: string, timeZone: string } } };

export type ProfileChangePasswordMutationVariables = Exact<{
  input: ChangePasswordInput;
}>;


export type ProfileChangePasswordMutation = { changePassword: boolean };

export type ProfileResendVerificationMutationVariables = Exact<{ [key: string]: never; }>;


export type ProfileResendVerificationMutation = { resendVerificationEmail: boolean };

export type ProfileLogoutEverywhereMutationVariables = Exact<{ [key: string]: never; }>;


export type ProfileLogoutEverywhereMutation = { logoutEverywhere: number };

export type ProfileUpdateSelfMutationVariables = Exact<{
  id: string;
  input: UpdateUserInput;
}>;


export type ProfileUpdateSelfMutation = { updateUser: { id: string, awayUntil: string | null, reminderTime: string } };

export type SearchEverythingQueryVariables = Exact<{
  input: SearchInput;
}>;


export type SearchEverythingQuery = { search: { total: number, hits: Array<
      | { __typename: 'BoardPostHit', score: number, post: { id: string, title: string, authorName: string, createdAt: string }, highlights: Array<{ field: SearchField, fragments: Array<string> }> }
      | { __typename: 'ConversationHit', score: number, conversation: { id: string, customerId: string, customerName: string, topic: string, kind: ConversationKind, occurredAt: string }, highlights: Array<{ field: SearchField, fragments: Array<string> }> }
      | { __typename: 'CustomerHit', score: number, customer: { id: string, name: string, company: string | null, phones: Array<string>, owner: { displayName: string } | null }, highlights: Array<{ field: SearchField, fragments: Array<string> }> }
    > } };

export type SuggestionFieldsFragment = { id: string, title: string, content: string, anonymous: boolean, authorId: string | null, authorName: string | null, replyCount: number, createdAt: string, replies: Array<{ id: string, authorName: string, content: string, createdAt: string }> };

export type SuggestionsSubmitMutationVariables = Exact<{
  input: SubmitSuggestionInput;
}>;


export type SuggestionsSubmitMutation = { submitSuggestion: { id: string, anonymous: boolean, createdAt: string, readerToken: string | null, readerLink: string | null } };

export type SuggestionsMineQueryVariables = Exact<{
  limit: number;
  before?: string | null | undefined;
}>;


export type SuggestionsMineQuery = { mySuggestions: Array<{ id: string, title: string, content: string, anonymous: boolean, authorId: string | null, authorName: string | null, replyCount: number, createdAt: string, replies: Array<{ id: string, authorName: string, content: string, createdAt: string }> }> };

export type SuggestionsInboxQueryVariables = Exact<{
  window: SuggestionWindow;
  limit: number;
  before?: string | null | undefined;
}>;


export type SuggestionsInboxQuery = { suggestions: Array<{ id: string, title: string, content: string, anonymous: boolean, authorId: string | null, authorName: string | null, replyCount: number, createdAt: string, replies: Array<{ id: string, authorName: string, content: string, createdAt: string }> }> };

export type SuggestionsReplyMutationVariables = Exact<{
  id: string;
  content: string;
}>;


export type SuggestionsReplyMutation = { replyToSuggestion: { id: string, authorName: string, content: string, createdAt: string } };

export type SuggestionsDeleteMutationVariables = Exact<{
  id: string;
}>;


export type SuggestionsDeleteMutation = { deleteSuggestion: boolean };

export type SuggestionsAnonymousQueryVariables = Exact<{
  token: string;
}>;


export type SuggestionsAnonymousQuery = { anonymousSuggestion: { id: string, title: string, content: string, createdAt: string, replies: Array<{ id: string, authorName: string, content: string, createdAt: string }> } };

export type TeamUsersQueryVariables = Exact<{ [key: string]: never; }>;


export type TeamUsersQuery = { users: Array<{ id: string, email: string, displayName: string, role: Role, active: boolean, erasedAt: string | null, lastLoginAt: string | null, createdAt: string, emailVerified: boolean, awayUntil: string | null, group: { id: string, name: string } | null }> };

export type TeamGroupsQueryVariables = Exact<{ [key: string]: never; }>;


export type TeamGroupsQuery = { groups: Array<{ id: string, name: string, createdAt: string, supervisors: Array<{ id: string, displayName: string }>, members: Array<{ id: string }> }> };

export type TeamUpdateUserMutationVariables = Exact<{
  id: string;
  input: UpdateUserInput;
}>;


export type TeamUpdateUserMutation = { updateUser: { id: string, displayName: string, role: Role, group: { id: string, name: string } | null } };

export type TeamDeactivateUserMutationVariables = Exact<{
  id: string;
}>;


export type TeamDeactivateUserMutation = { deactivateUser: { id: string, active: boolean } };

export type TeamReactivateUserMutationVariables = Exact<{
  id: string;
}>;


export type TeamReactivateUserMutation = { reactivateUser: { id: string, active: boolean } };

export type TeamCreateGroupMutationVariables = Exact<{
  name: string;
}>;


export type TeamCreateGroupMutation = { createGroup: { id: string, name: string } };

export type TeamRenameGroupMutationVariables = Exact<{
  id: string;
  name: string;
}>;


export type TeamRenameGroupMutation = { renameGroup: { id: string, name: string } };

export type TeamDeleteGroupMutationVariables = Exact<{
  id: string;
}>;


export type TeamDeleteGroupMutation = { deleteGroup: boolean };

export type TeamAddSupervisorMutationVariables = Exact<{
  groupId: string;
  userId: string;
}>;


export type TeamAddSupervisorMutation = { addGroupSupervisor: { id: string, supervisors: Array<{ id: string, displayName: string }> } };

export type TeamRemoveSupervisorMutationVariables = Exact<{
  groupId: string;
  userId: string;
}>;


export type TeamRemoveSupervisorMutation = { removeGroupSupervisor: { id: string, supervisors: Array<{ id: string, displayName: string }> } };

export type TeamInvitationsQueryVariables = Exact<{ [key: string]: never; }>;


export type TeamInvitationsQuery = { invitations: Array<{ id: string, email: string, role: Role, groupId: string | null, invitedById: string, status: InvitationStatus, createdAt: string, expiresAt: string }> };

export type TeamInviteMutationVariables = Exact<{
  input: InviteUserInput;
}>;


export type TeamInviteMutation = { inviteUser: { id: string, email: string, role: Role, groupId: string | null, status: InvitationStatus, createdAt: string, expiresAt: string } };

export type TeamRevokeInvitationMutationVariables = Exact<{
  id: string;
}>;


export type TeamRevokeInvitationMutation = { revokeInvitation: { id: string, status: InvitationStatus } };

export type TeamRenewInvitationLinkMutationVariables = Exact<{
  id: string;
}>;


export type TeamRenewInvitationLinkMutation = { renewInvitationLink: { url: string, invitation: { id: string, status: InvitationStatus, expiresAt: string } } };

export type TeamOffboardUserQueryVariables = Exact<{
  id: string;
}>;


export type TeamOffboardUserQuery = { teamMember: { customersHeld: number, user: { id: string, displayName: string, email: string, role: Role, active: boolean, erasedAt: string | null, group: { id: string, name: string } | null }, plans: { open: number, done: number, overdue: number } } };

export type TeamOffboardMutationVariables = Exact<{
  id: string;
  input?: OffboardUserInput | null | undefined;
}>;


export type TeamOffboardMutation = { offboardUser: { successorId: string | null, customersToPool: number, customersToSuccessor: number, plansDeleted: number, suggestionsDeleted: number, sessionsRevoked: number, apiKeysRevoked: number, user: { id: string, active: boolean } } };

export type TeamEraseMutationVariables = Exact<{
  id: string;
}>;


export type TeamEraseMutation = { erasePersonalDetails: { sessionsDeleted: number, apiKeysRevoked: number, invitationsCleared: number, mailsCleared: number, auditEntriesCleared: number, user: { id: string, displayName: string, erasedAt: string | null } } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const BoardReplyFieldsFragmentDoc = new TypedDocumentString(`
    fragment BoardReplyFields on BoardReply {
  id
  postId
  parentId
  authorId
  authorName
  content
  createdAt
  editedAt
}
    `, {"fragmentName":"BoardReplyFields"}) as unknown as TypedDocumentString<BoardReplyFieldsFragment, unknown>;
export const BoardPostFieldsFragmentDoc = new TypedDocumentString(`
    fragment BoardPostFields on BoardPost {
  id
  authorId
  authorName
  title
  mood
  content
  replyCount
  createdAt
  editedAt
  replies(limit: 100) {
    ...BoardReplyFields
  }
}
    fragment BoardReplyFields on BoardReply {
  id
  postId
  parentId
  authorId
  authorName
  content
  createdAt
  editedAt
}`, {"fragmentName":"BoardPostFields"}) as unknown as TypedDocumentString<BoardPostFieldsFragment, unknown>;
export const PlanFieldsFragmentDoc = new TypedDocumentString(`
    fragment PlanFields on WorkPlan {
  id
  subject
  start
  end
  content
  notes
  done
  doneAt
  overdue
  createdAt
  updatedAt
  author {
    id
    displayName
  }
  doneBy {
    id
    displayName
  }
  customer {
    id
    name
    number
    company
  }
}
    `, {"fragmentName":"PlanFields"}) as unknown as TypedDocumentString<PlanFieldsFragment, unknown>;
export const SuggestionFieldsFragmentDoc = new TypedDocumentString(`
    fragment SuggestionFields on Suggestion {
  id
  title
  content
  anonymous
  authorId
  authorName
  replyCount
  createdAt
  replies {
    id
    authorName
    content
    createdAt
  }
}
    `, {"fragmentName":"SuggestionFields"}) as unknown as TypedDocumentString<SuggestionFieldsFragment, unknown>;
export const CustomerPickerCustomersDocument = new TypedDocumentString(`
    query CustomerPickerCustomers($filter: CustomerFilter, $first: Int) {
  customers(filter: $filter, first: $first) {
    edges {
      node {
        id
        name
        number
        company
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CustomerPickerCustomersQuery, CustomerPickerCustomersQueryVariables>;
export const PersonPickerUsersDocument = new TypedDocumentString(`
    query PersonPickerUsers {
  users {
    id
    displayName
    email
    role
    active
    group {
      id
      name
    }
  }
}
    `) as unknown as TypedDocumentString<PersonPickerUsersQuery, PersonPickerUsersQueryVariables>;
export const AutomationScopeDocument = new TypedDocumentString(`
    query AutomationScope($identity: Boolean!) {
  groups {
    id
    name
    supervisors {
      id
    }
  }
  automationIdentity @include(if: $identity) {
    id
    name
    role
    supervisedGroupIds
    active
    updatedAt
  }
}
    `) as unknown as TypedDocumentString<AutomationScopeQuery, AutomationScopeQueryVariables>;
export const CustomersUserNamesDocument = new TypedDocumentString(`
    query CustomersUserNames {
  users(filter: {includeInactive: true}) {
    id
    displayName
  }
}
    `) as unknown as TypedDocumentString<CustomersUserNamesQuery, CustomersUserNamesQueryVariables>;
export const TagsPaletteDocument = new TypedDocumentString(`
    query TagsPalette {
  tags {
    id
    name
    color
    group
  }
  tenantSettings {
    tagCreation
  }
}
    `) as unknown as TypedDocumentString<TagsPaletteQuery, TagsPaletteQueryVariables>;
export const NotificationPreferencesDocument = new TypedDocumentString(`
    query NotificationPreferences {
  notificationPreferences {
    kind
    inApp
    mail
  }
}
    `) as unknown as TypedDocumentString<NotificationPreferencesQuery, NotificationPreferencesQueryVariables>;
export const UpdateNotificationPreferencesDocument = new TypedDocumentString(`
    mutation UpdateNotificationPreferences($input: [NotificationPreferenceInput!]!) {
  updateNotificationPreferences(input: $input) {
    kind
    inApp
    mail
  }
}
    `) as unknown as TypedDocumentString<UpdateNotificationPreferencesMutation, UpdateNotificationPreferencesMutationVariables>;
export const UnreadNotificationCountDocument = new TypedDocumentString(`
    query UnreadNotificationCount {
  unreadNotificationCount
}
    `) as unknown as TypedDocumentString<UnreadNotificationCountQuery, UnreadNotificationCountQueryVariables>;
export const NotificationListDocument = new TypedDocumentString(`
    query NotificationList($first: Int, $after: String, $locale: String) {
  notifications(first: $first, after: $after) {
    nodes {
      id
      kind
      title(locale: $locale)
      body(locale: $locale)
      link {
        kind
        id
      }
      createdAt
      read
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
  unreadNotificationCount
}
    `) as unknown as TypedDocumentString<NotificationListQuery, NotificationListQueryVariables>;
export const MarkNotificationsReadDocument = new TypedDocumentString(`
    mutation MarkNotificationsRead($ids: [ID!]!) {
  markNotificationsRead(ids: $ids) {
    unreadCount
    notifications {
      id
      read
    }
  }
}
    `) as unknown as TypedDocumentString<MarkNotificationsReadMutation, MarkNotificationsReadMutationVariables>;
export const MarkAllNotificationsReadDocument = new TypedDocumentString(`
    mutation MarkAllNotificationsRead {
  markAllNotificationsRead
}
    `) as unknown as TypedDocumentString<MarkAllNotificationsReadMutation, MarkAllNotificationsReadMutationVariables>;
export const WorkflowListDocument = new TypedDocumentString(`
    query WorkflowList {
  workflows {
    id
    name
    description
    state
    stoppedReason
    updatedAt
    groupId
    runsAsAutomation
    activeVersion {
      number
      definition
    }
    draft {
      number
      definition
    }
  }
}
    `) as unknown as TypedDocumentString<WorkflowListQuery, WorkflowListQueryVariables>;
export const WorkflowDetailDocument = new TypedDocumentString(`
    query WorkflowDetail($id: ID!) {
  workflow(id: $id) {
    id
    name
    description
    state
    runAsId
    runsAsAutomation
    groupId
    createdById
    stoppedReason
    hasWebhookSecret
    webhookUrl
    createdAt
    updatedAt
    activeVersion {
      id
      number
      definition
    }
    draft {
      id
      number
      definition
    }
    versions {
      id
      number
      status
      definition
      createdAt
      publishedAt
    }
  }
}
    `) as unknown as TypedDocumentString<WorkflowDetailQuery, WorkflowDetailQueryVariables>;
export const WorkflowTemplatesDocument = new TypedDocumentString(`
    query WorkflowTemplates {
  workflowTemplates {
    key
    category
    name
    nameEn
    description
    descriptionEn
    definition
  }
}
    `) as unknown as TypedDocumentString<WorkflowTemplatesQuery, WorkflowTemplatesQueryVariables>;
export const WorkflowHolidaysDocument = new TypedDocumentString(`
    query WorkflowHolidays {
  holidays {
    key
    name
    nameEn
    nextDate
  }
}
    `) as unknown as TypedDocumentString<WorkflowHolidaysQuery, WorkflowHolidaysQueryVariables>;
export const WorkflowEditorDataDocument = new TypedDocumentString(`
    query WorkflowEditorData {
  workflowTriggerEvents
  customFields(entity: CUSTOMER) {
    key
    label
    labelEn
    type
  }
}
    `) as unknown as TypedDocumentString<WorkflowEditorDataQuery, WorkflowEditorDataQueryVariables>;
export const WorkflowPluginsDocument = new TypedDocumentString(`
    query WorkflowPlugins {
  plugins {
    id
    name
    enabled
    currentVersion {
      hooks
    }
  }
}
    `) as unknown as TypedDocumentString<WorkflowPluginsQuery, WorkflowPluginsQueryVariables>;
export const WorkflowRunAsUsersDocument = new TypedDocumentString(`
    query WorkflowRunAsUsers {
  users {
    id
    displayName
    email
    role
    active
    group {
      id
      name
    }
  }
}
    `) as unknown as TypedDocumentString<WorkflowRunAsUsersQuery, WorkflowRunAsUsersQueryVariables>;
export const WorkflowSetAutomationIdentityDocument = new TypedDocumentString(`
    mutation WorkflowSetAutomationIdentity($input: AutomationIdentityInput!) {
  setAutomationIdentity(input: $input) {
    id
    name
    role
    supervisedGroupIds
    active
    updatedAt
  }
}
    `) as unknown as TypedDocumentString<WorkflowSetAutomationIdentityMutation, WorkflowSetAutomationIdentityMutationVariables>;
export const WorkflowSigningSecretDocument = new TypedDocumentString(`
    query WorkflowSigningSecret($id: ID!) {
  workflow(id: $id) {
    id
    signingSecret
  }
}
    `) as unknown as TypedDocumentString<WorkflowSigningSecretQuery, WorkflowSigningSecretQueryVariables>;
export const WorkflowCreateDocument = new TypedDocumentString(`
    mutation WorkflowCreate($input: CreateWorkflowInput!) {
  createWorkflow(input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<WorkflowCreateMutation, WorkflowCreateMutationVariables>;
export const WorkflowUpdateDocument = new TypedDocumentString(`
    mutation WorkflowUpdate($id: ID!, $input: UpdateWorkflowInput!) {
  updateWorkflow(id: $id, input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<WorkflowUpdateMutation, WorkflowUpdateMutationVariables>;
export const WorkflowPublishDocument = new TypedDocumentString(`
    mutation WorkflowPublish($id: ID!) {
  publishWorkflow(id: $id) {
    webhookSecret
    workflow {
      id
      state
    }
  }
}
    `) as unknown as TypedDocumentString<WorkflowPublishMutation, WorkflowPublishMutationVariables>;
export const WorkflowDeactivateDocument = new TypedDocumentString(`
    mutation WorkflowDeactivate($id: ID!) {
  deactivateWorkflow(id: $id) {
    id
    state
  }
}
    `) as unknown as TypedDocumentString<WorkflowDeactivateMutation, WorkflowDeactivateMutationVariables>;
export const WorkflowArchiveDocument = new TypedDocumentString(`
    mutation WorkflowArchive($id: ID!) {
  archiveWorkflow(id: $id) {
    id
    state
  }
}
    `) as unknown as TypedDocumentString<WorkflowArchiveMutation, WorkflowArchiveMutationVariables>;
export const WorkflowRotateSecretDocument = new TypedDocumentString(`
    mutation WorkflowRotateSecret($id: ID!) {
  rotateWorkflowWebhookSecret(id: $id)
}
    `) as unknown as TypedDocumentString<WorkflowRotateSecretMutation, WorkflowRotateSecretMutationVariables>;
export const WorkflowRunsDocument = new TypedDocumentString(`
    query WorkflowRuns($workflowId: ID, $status: WorkflowRunStatus, $first: Int, $after: String) {
  workflowRuns(
    workflowId: $workflowId
    status: $status
    first: $first
    after: $after
  ) {
    nodes {
      id
      status
      trigger
      customerId
      depth
      round
      error
      failedStep
      waitUntil
      createdAt
      startedAt
      finishedAt
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<WorkflowRunsQuery, WorkflowRunsQueryVariables>;
export const WorkflowRunDocument = new TypedDocumentString(`
    query WorkflowRun($id: ID!) {
  workflowRun(id: $id) {
    id
    workflowId
    versionId
    status
    trigger
    customerId
    depth
    round
    error
    failedStep
    waitUntil
    createdAt
    startedAt
    finishedAt
    steps {
      round
      key
      kind
      status
      input
      output
      error
      attempts
      startedAt
      finishedAt
    }
  }
}
    `) as unknown as TypedDocumentString<WorkflowRunQuery, WorkflowRunQueryVariables>;
export const WorkflowRetryRunDocument = new TypedDocumentString(`
    mutation WorkflowRetryRun($id: ID!, $fromStart: Boolean) {
  retryWorkflowRun(id: $id, fromStart: $fromStart) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<WorkflowRetryRunMutation, WorkflowRetryRunMutationVariables>;
export const WorkflowStopRunDocument = new TypedDocumentString(`
    mutation WorkflowStopRun($id: ID!) {
  stopWorkflowRun(id: $id) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<WorkflowStopRunMutation, WorkflowStopRunMutationVariables>;
export const ManualWorkflowsDocument = new TypedDocumentString(`
    query ManualWorkflows {
  manualWorkflows {
    id
    name
  }
}
    `) as unknown as TypedDocumentString<ManualWorkflowsQuery, ManualWorkflowsQueryVariables>;
export const RunWorkflowDocument = new TypedDocumentString(`
    mutation RunWorkflow($workflowId: ID!, $customerId: ID!) {
  runWorkflow(workflowId: $workflowId, customerId: $customerId) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<RunWorkflowMutation, RunWorkflowMutationVariables>;
export const WorkflowSegmentsDocument = new TypedDocumentString(`
    query WorkflowSegments {
  segments {
    id
    name
    stage
  }
}
    `) as unknown as TypedDocumentString<WorkflowSegmentsQuery, WorkflowSegmentsQueryVariables>;
export const MeDocument = new TypedDocumentString(`
    query Me {
  me {
    user {
      id
      email
      displayName
      role
      group {
        id
        name
      }
    }
    tenant {
      id
      slug
      name
      timeZone
      locale
      plan
    }
    authMethod
    canWrite
    subscription {
      state
      trialEndsAt
      readOnlyAt
    }
  }
}
    `) as unknown as TypedDocumentString<MeQuery, MeQueryVariables>;
export const SessionFeaturesDocument = new TypedDocumentString(`
    query SessionFeatures {
  tenantSettings {
    supervisorsManageAutomation
  }
}
    `) as unknown as TypedDocumentString<SessionFeaturesQuery, SessionFeaturesQueryVariables>;
export const LogoutDocument = new TypedDocumentString(`
    mutation Logout {
  logout
}
    `) as unknown as TypedDocumentString<LogoutMutation, LogoutMutationVariables>;
export const AdminSettingsDocument = new TypedDocumentString(`
    query AdminSettings {
  tenantSettings {
    industries
    sources
    planCompletion
    customerNumberPattern
    pool {
      claimsPerDay
      maxHeld
      reclaimCooldownDays
    }
    supervisorsManageAutomation
    reminders {
      birthdays
      vipIdleDays
      dateFields {
        field
        daysBefore
      }
    }
  }
  customFields(entity: CUSTOMER) {
    key
    label
    labelEn
    type
    archived
  }
}
    `) as unknown as TypedDocumentString<AdminSettingsQuery, AdminSettingsQueryVariables>;
export const AdminUpdateSettingsDocument = new TypedDocumentString(`
    mutation AdminUpdateSettings($input: TenantSettingsInput!) {
  updateTenantSettings(input: $input) {
    industries
    sources
    planCompletion
    customerNumberPattern
    pool {
      claimsPerDay
      maxHeld
      reclaimCooldownDays
    }
    supervisorsManageAutomation
    reminders {
      birthdays
      vipIdleDays
      dateFields {
        field
        daysBefore
      }
    }
  }
}
    `) as unknown as TypedDocumentString<AdminUpdateSettingsMutation, AdminUpdateSettingsMutationVariables>;
export const AdminCustomFieldsDocument = new TypedDocumentString(`
    query AdminCustomFields($entity: CustomFieldEntity!) {
  customFields(entity: $entity, includeArchived: true) {
    id
    entity
    key
    label
    labelEn
    help
    type
    required
    unique
    default
    rules
    position
    archived
    visibility {
      admin
      supervisor
      salesperson
    }
  }
}
    `) as unknown as TypedDocumentString<AdminCustomFieldsQuery, AdminCustomFieldsQueryVariables>;
export const AdminCreateCustomFieldDocument = new TypedDocumentString(`
    mutation AdminCreateCustomField($entity: CustomFieldEntity!, $input: CustomFieldInput!) {
  createCustomField(entity: $entity, input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<AdminCreateCustomFieldMutation, AdminCreateCustomFieldMutationVariables>;
export const AdminUpdateCustomFieldDocument = new TypedDocumentString(`
    mutation AdminUpdateCustomField($id: ID!, $input: CustomFieldInput!) {
  updateCustomField(id: $id, input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<AdminUpdateCustomFieldMutation, AdminUpdateCustomFieldMutationVariables>;
export const AdminReorderCustomFieldsDocument = new TypedDocumentString(`
    mutation AdminReorderCustomFields($entity: CustomFieldEntity!, $ids: [ID!]!) {
  reorderCustomFields(entity: $entity, ids: $ids) {
    id
    position
  }
}
    `) as unknown as TypedDocumentString<AdminReorderCustomFieldsMutation, AdminReorderCustomFieldsMutationVariables>;
export const AdminArchiveCustomFieldDocument = new TypedDocumentString(`
    mutation AdminArchiveCustomField($id: ID!, $archived: Boolean!) {
  archiveCustomField(id: $id, archived: $archived) {
    id
    archived
  }
}
    `) as unknown as TypedDocumentString<AdminArchiveCustomFieldMutation, AdminArchiveCustomFieldMutationVariables>;
export const AdminDeleteCustomFieldDocument = new TypedDocumentString(`
    mutation AdminDeleteCustomField($id: ID!, $confirm: Boolean!) {
  deleteCustomField(id: $id, confirm: $confirm) {
    id
    records
  }
}
    `) as unknown as TypedDocumentString<AdminDeleteCustomFieldMutation, AdminDeleteCustomFieldMutationVariables>;
export const AdminPreviewTypeChangeDocument = new TypedDocumentString(`
    mutation AdminPreviewTypeChange($id: ID!, $type: CustomFieldType!, $rules: JSON) {
  previewCustomFieldTypeChange(id: $id, type: $type, rules: $rules) {
    values
    converted
    failed
    failures {
      recordId
      message
    }
  }
}
    `) as unknown as TypedDocumentString<AdminPreviewTypeChangeMutation, AdminPreviewTypeChangeMutationVariables>;
export const AdminChangeTypeDocument = new TypedDocumentString(`
    mutation AdminChangeType($id: ID!, $type: CustomFieldType!, $rules: JSON, $clearFailures: Boolean!) {
  changeCustomFieldType(
    id: $id
    type: $type
    rules: $rules
    clearFailures: $clearFailures
  ) {
    id
    type
  }
}
    `) as unknown as TypedDocumentString<AdminChangeTypeMutation, AdminChangeTypeMutationVariables>;
export const AdminGradingModelsDocument = new TypedDocumentString(`
    query AdminGradingModels {
  gradingModels {
    id
    name
    kind
    config
    labels {
      label
      description
    }
    enabled
    monthly
    lastRunAt
    nextRunAt
    updatedAt
  }
}
    `) as unknown as TypedDocumentString<AdminGradingModelsQuery, AdminGradingModelsQueryVariables>;
export const AdminCreateGradingModelDocument = new TypedDocumentString(`
    mutation AdminCreateGradingModel($input: GradingModelInput!) {
  createGradingModel(input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<AdminCreateGradingModelMutation, AdminCreateGradingModelMutationVariables>;
export const AdminUpdateGradingModelDocument = new TypedDocumentString(`
    mutation AdminUpdateGradingModel($id: ID!, $input: GradingModelInput!) {
  updateGradingModel(id: $id, input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<AdminUpdateGradingModelMutation, AdminUpdateGradingModelMutationVariables>;
export const AdminDeleteGradingModelDocument = new TypedDocumentString(`
    mutation AdminDeleteGradingModel($id: ID!) {
  deleteGradingModel(id: $id)
}
    `) as unknown as TypedDocumentString<AdminDeleteGradingModelMutation, AdminDeleteGradingModelMutationVariables>;
export const AdminRegradeDocument = new TypedDocumentString(`
    mutation AdminRegrade($modelId: ID!) {
  regradeCustomers(modelId: $modelId) {
    id
    status
    progressDone
    progressTotal
  }
}
    `) as unknown as TypedDocumentString<AdminRegradeMutation, AdminRegradeMutationVariables>;
export const AdminJobDocument = new TypedDocumentString(`
    query AdminJob($id: ID!) {
  job(id: $id) {
    id
    kind
    status
    progressDone
    progressTotal
    progressNote
    result
    error
  }
}
    `) as unknown as TypedDocumentString<AdminJobQuery, AdminJobQueryVariables>;
export const AdminApiKeysDocument = new TypedDocumentString(`
    query AdminApiKeys {
  apiKeys {
    id
    name
    scope
    hint
    userId
    createdAt
    lastUsedAt
    revokedAt
  }
}
    `) as unknown as TypedDocumentString<AdminApiKeysQuery, AdminApiKeysQueryVariables>;
export const AdminCreateApiKeyDocument = new TypedDocumentString(`
    mutation AdminCreateApiKey($input: CreateApiKeyInput!) {
  createApiKey(input: $input) {
    secret
    apiKey {
      id
      name
      scope
      hint
    }
  }
}
    `) as unknown as TypedDocumentString<AdminCreateApiKeyMutation, AdminCreateApiKeyMutationVariables>;
export const AdminRevokeApiKeyDocument = new TypedDocumentString(`
    mutation AdminRevokeApiKey($id: ID!) {
  revokeApiKey(id: $id) {
    id
    revokedAt
  }
}
    `) as unknown as TypedDocumentString<AdminRevokeApiKeyMutation, AdminRevokeApiKeyMutationVariables>;
export const AdminAuditLogDocument = new TypedDocumentString(`
    query AdminAuditLog($limit: Int!, $before: ID) {
  auditLog(limit: $limit, before: $before) {
    id
    actorId
    action
    targetType
    targetId
    detail
    requestId
    createdAt
  }
}
    `) as unknown as TypedDocumentString<AdminAuditLogQuery, AdminAuditLogQueryVariables>;
export const AdminUserNamesDocument = new TypedDocumentString(`
    query AdminUserNames {
  users(filter: {includeInactive: true}) {
    id
    displayName
  }
}
    `) as unknown as TypedDocumentString<AdminUserNamesQuery, AdminUserNamesQueryVariables>;
export const AdminBackupsDocument = new TypedDocumentString(`
    query AdminBackups {
  backups(limit: 50) {
    id
    kind
    status
    fileName
    sizeBytes
    sha256
    tables
    rows
    files
    progressDone
    progressTotal
    progressNote
    error
    createdAt
    finishedAt
  }
}
    `) as unknown as TypedDocumentString<AdminBackupsQuery, AdminBackupsQueryVariables>;
export const AdminBackupDocument = new TypedDocumentString(`
    query AdminBackup($id: ID!) {
  backup(id: $id) {
    id
    kind
    status
    progressDone
    progressTotal
    progressNote
    error
    sizeBytes
    finishedAt
  }
}
    `) as unknown as TypedDocumentString<AdminBackupQuery, AdminBackupQueryVariables>;
export const AdminCreateBackupDocument = new TypedDocumentString(`
    mutation AdminCreateBackup {
  createBackup {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<AdminCreateBackupMutation, AdminCreateBackupMutationVariables>;
export const AdminBackupLinkDocument = new TypedDocumentString(`
    mutation AdminBackupLink($id: ID!) {
  backupDownloadLink(id: $id) {
    url
    fileName
    expiresAt
  }
}
    `) as unknown as TypedDocumentString<AdminBackupLinkMutation, AdminBackupLinkMutationVariables>;
export const AdminRestoreBackupDocument = new TypedDocumentString(`
    mutation AdminRestoreBackup($file: Upload!) {
  restoreBackup(file: $file) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<AdminRestoreBackupMutation, AdminRestoreBackupMutationVariables>;
export const AdminPluginsDocument = new TypedDocumentString(`
    query AdminPlugins {
  plugins {
    id
    key
    name
    description
    enabled
    currentVersion {
      id
      version
      mode
      hooks
    }
    attachments {
      id
    }
    updatedAt
  }
}
    `) as unknown as TypedDocumentString<AdminPluginsQuery, AdminPluginsQueryVariables>;
export const AdminPluginDocument = new TypedDocumentString(`
    query AdminPlugin($id: ID!, $failuresOnly: Boolean!) {
  plugin(id: $id) {
    id
    key
    name
    description
    enabled
    config
    previousVersionId
    currentVersion {
      id
      version
      hash
      mode
      hooks
      size
      manifest
      createdAt
    }
    versions {
      id
      version
      hash
      mode
      hooks
      size
      createdAt
    }
    attachments {
      id
      hook
      fieldId
      gradingModelId
      targetName
      createdAt
    }
    calls(limit: 50, failuresOnly: $failuresOnly) {
      id
      versionId
      hook
      target
      inputDigest
      ok
      errorCode
      trapCode
      message
      fuelUsed
      fuelLimit
      wallTimeUs
      memoryPeak
      logs
      createdAt
    }
    usage(days: 30) {
      day
      hook
      calls
      failures
      fuel
      wallTimeMs
    }
  }
}
    `) as unknown as TypedDocumentString<AdminPluginQuery, AdminPluginQueryVariables>;
export const AdminUploadPluginDocument = new TypedDocumentString(`
    mutation AdminUploadPlugin($file: Upload!, $manifest: JSON!, $install: Boolean!) {
  uploadPlugin(file: $file, manifest: $manifest, install: $install) {
    id
    pluginId
    version
  }
}
    `) as unknown as TypedDocumentString<AdminUploadPluginMutation, AdminUploadPluginMutationVariables>;
export const AdminInstallPluginVersionDocument = new TypedDocumentString(`
    mutation AdminInstallPluginVersion($versionId: ID!) {
  installPluginVersion(versionId: $versionId) {
    id
  }
}
    `) as unknown as TypedDocumentString<AdminInstallPluginVersionMutation, AdminInstallPluginVersionMutationVariables>;
export const AdminRollbackPluginDocument = new TypedDocumentString(`
    mutation AdminRollbackPlugin($id: ID!) {
  rollbackPlugin(id: $id) {
    id
  }
}
    `) as unknown as TypedDocumentString<AdminRollbackPluginMutation, AdminRollbackPluginMutationVariables>;
export const AdminConfigurePluginDocument = new TypedDocumentString(`
    mutation AdminConfigurePlugin($id: ID!, $config: JSON!) {
  configurePlugin(id: $id, config: $config) {
    id
    config
  }
}
    `) as unknown as TypedDocumentString<AdminConfigurePluginMutation, AdminConfigurePluginMutationVariables>;
export const AdminSetPluginEnabledDocument = new TypedDocumentString(`
    mutation AdminSetPluginEnabled($id: ID!, $enabled: Boolean!) {
  setPluginEnabled(id: $id, enabled: $enabled) {
    id
    enabled
  }
}
    `) as unknown as TypedDocumentString<AdminSetPluginEnabledMutation, AdminSetPluginEnabledMutationVariables>;
export const AdminAttachPluginDocument = new TypedDocumentString(`
    mutation AdminAttachPlugin($pluginId: ID!, $target: PluginTargetInput!) {
  attachPlugin(pluginId: $pluginId, target: $target) {
    id
  }
}
    `) as unknown as TypedDocumentString<AdminAttachPluginMutation, AdminAttachPluginMutationVariables>;
export const AdminDetachPluginDocument = new TypedDocumentString(`
    mutation AdminDetachPlugin($attachmentId: ID!) {
  detachPlugin(attachmentId: $attachmentId)
}
    `) as unknown as TypedDocumentString<AdminDetachPluginMutation, AdminDetachPluginMutationVariables>;
export const AdminDeletePluginDocument = new TypedDocumentString(`
    mutation AdminDeletePlugin($id: ID!) {
  deletePlugin(id: $id, confirm: true)
}
    `) as unknown as TypedDocumentString<AdminDeletePluginMutation, AdminDeletePluginMutationVariables>;
export const AdminPluginTargetsDocument = new TypedDocumentString(`
    query AdminPluginTargets {
  customFields(entity: CUSTOMER) {
    id
    key
    label
  }
  gradingModels {
    id
    name
  }
}
    `) as unknown as TypedDocumentString<AdminPluginTargetsQuery, AdminPluginTargetsQueryVariables>;
export const AdminBillingDocument = new TypedDocumentString(`
    query AdminBilling {
  billing {
    plan
    state
    trialEndsAt
    currentPeriodEnd
    readOnlyAt
    cancelAtPeriodEnd
    provider
    seats
    invoices {
      id
      number
      status
      amountDue
      amountPaid
      currency
      createdAt
      hostedUrl
      pdfUrl
    }
  }
  planUsage {
    plan {
      id
      rank
    }
    unknownPlan
    limits {
      name
      usage
      max
      percent
    }
  }
  planCatalogue {
    id
    rank
    priceCny {
      month
      year
    }
    priceUsd {
      month
      year
    }
    entitlements {
      name
      max
    }
  }
}
    `) as unknown as TypedDocumentString<AdminBillingQuery, AdminBillingQueryVariables>;
export const AdminStartCheckoutDocument = new TypedDocumentString(`
    mutation AdminStartCheckout($plan: String!, $interval: BillingPeriod!, $currency: BillingCurrency!) {
  startCheckout(plan: $plan, interval: $interval, currency: $currency)
}
    `) as unknown as TypedDocumentString<AdminStartCheckoutMutation, AdminStartCheckoutMutationVariables>;
export const AdminOpenBillingPortalDocument = new TypedDocumentString(`
    mutation AdminOpenBillingPortal {
  openBillingPortal
}
    `) as unknown as TypedDocumentString<AdminOpenBillingPortalMutation, AdminOpenBillingPortalMutationVariables>;
export const AdminCancelSubscriptionDocument = new TypedDocumentString(`
    mutation AdminCancelSubscription {
  cancelSubscription {
    state
    cancelAtPeriodEnd
    currentPeriodEnd
  }
}
    `) as unknown as TypedDocumentString<AdminCancelSubscriptionMutation, AdminCancelSubscriptionMutationVariables>;
export const AdminResumeSubscriptionDocument = new TypedDocumentString(`
    mutation AdminResumeSubscription {
  resumeSubscription {
    state
    cancelAtPeriodEnd
    currentPeriodEnd
  }
}
    `) as unknown as TypedDocumentString<AdminResumeSubscriptionMutation, AdminResumeSubscriptionMutationVariables>;
export const AdminWebhooksDocument = new TypedDocumentString(`
    query AdminWebhooks {
  webhooks {
    id
    url
    description
    events
    enabled
    disabledReason
    consecutiveFailures
    failingSince
    groupId
    createdAt
  }
  webhookEventTypes
}
    `) as unknown as TypedDocumentString<AdminWebhooksQuery, AdminWebhooksQueryVariables>;
export const AdminCreateWebhookDocument = new TypedDocumentString(`
    mutation AdminCreateWebhook($input: CreateWebhookInput!) {
  createWebhook(input: $input) {
    secret
    webhook {
      id
      url
      events
      enabled
      groupId
    }
  }
}
    `) as unknown as TypedDocumentString<AdminCreateWebhookMutation, AdminCreateWebhookMutationVariables>;
export const AdminUpdateWebhookDocument = new TypedDocumentString(`
    mutation AdminUpdateWebhook($id: ID!, $input: UpdateWebhookInput!) {
  updateWebhook(id: $id, input: $input) {
    id
    url
    description
    events
    groupId
  }
}
    `) as unknown as TypedDocumentString<AdminUpdateWebhookMutation, AdminUpdateWebhookMutationVariables>;
export const AdminSetWebhookEnabledDocument = new TypedDocumentString(`
    mutation AdminSetWebhookEnabled($id: ID!, $enabled: Boolean!) {
  enableWebhook(id: $id) @include(if: $enabled) {
    id
    enabled
    disabledReason
    consecutiveFailures
  }
  disableWebhook(id: $id) @skip(if: $enabled) {
    id
    enabled
    disabledReason
    consecutiveFailures
  }
}
    `) as unknown as TypedDocumentString<AdminSetWebhookEnabledMutation, AdminSetWebhookEnabledMutationVariables>;
export const AdminDeleteWebhookDocument = new TypedDocumentString(`
    mutation AdminDeleteWebhook($id: ID!) {
  deleteWebhook(id: $id)
}
    `) as unknown as TypedDocumentString<AdminDeleteWebhookMutation, AdminDeleteWebhookMutationVariables>;
export const AdminRotateWebhookSecretDocument = new TypedDocumentString(`
    mutation AdminRotateWebhookSecret($id: ID!) {
  rotateWebhookSecret(id: $id) {
    secret
    webhook {
      id
    }
  }
}
    `) as unknown as TypedDocumentString<AdminRotateWebhookSecretMutation, AdminRotateWebhookSecretMutationVariables>;
export const AdminWebhookDeliveriesDocument = new TypedDocumentString(`
    query AdminWebhookDeliveries($id: ID!, $after: String) {
  webhook(id: $id) {
    id
    deliveries(first: 20, after: $after) {
      totalCount
      nodes {
        id
        eventId
        eventType
        status
        attempts
        responseStatus
        durationMs
        error
        responseSnippet
        nextAttemptAt
        lastAttemptAt
        replayOfId
        createdAt
        payload
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
    `) as unknown as TypedDocumentString<AdminWebhookDeliveriesQuery, AdminWebhookDeliveriesQueryVariables>;
export const AdminReplayWebhookDeliveryDocument = new TypedDocumentString(`
    mutation AdminReplayWebhookDelivery($id: ID!) {
  replayWebhookDelivery(id: $id) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<AdminReplayWebhookDeliveryMutation, AdminReplayWebhookDeliveryMutationVariables>;
export const AdminTagsDocument = new TypedDocumentString(`
    query AdminTags {
  tags {
    id
    name
    color
    group
    customerCount
  }
  tenantSettings {
    tagCreation
  }
}
    `) as unknown as TypedDocumentString<AdminTagsQuery, AdminTagsQueryVariables>;
export const AdminCreateTagDocument = new TypedDocumentString(`
    mutation AdminCreateTag($input: TagInput!) {
  createTag(input: $input) {
    id
    name
  }
}
    `) as unknown as TypedDocumentString<AdminCreateTagMutation, AdminCreateTagMutationVariables>;
export const AdminUpdateTagDocument = new TypedDocumentString(`
    mutation AdminUpdateTag($id: ID!, $input: TagInput!) {
  updateTag(id: $id, input: $input) {
    id
    name
    color
    group
  }
}
    `) as unknown as TypedDocumentString<AdminUpdateTagMutation, AdminUpdateTagMutationVariables>;
export const AdminMergeTagsDocument = new TypedDocumentString(`
    mutation AdminMergeTags($sources: [ID!]!, $into: ID!) {
  mergeTags(sources: $sources, into: $into) {
    id
    name
    customerCount
  }
}
    `) as unknown as TypedDocumentString<AdminMergeTagsMutation, AdminMergeTagsMutationVariables>;
export const AdminDeleteTagDocument = new TypedDocumentString(`
    mutation AdminDeleteTag($id: ID!) {
  deleteTag(id: $id)
}
    `) as unknown as TypedDocumentString<AdminDeleteTagMutation, AdminDeleteTagMutationVariables>;
export const AuthSignUpDocument = new TypedDocumentString(`
    mutation AuthSignUp($input: SignUpInput!) {
  signUp(input: $input) {
    token
    tenant {
      id
      name
      slug
      plan
    }
  }
}
    `) as unknown as TypedDocumentString<AuthSignUpMutation, AuthSignUpMutationVariables>;
export const AuthLoginDocument = new TypedDocumentString(`
    mutation AuthLogin($input: LoginInput!) {
  login(input: $input) {
    token
  }
}
    `) as unknown as TypedDocumentString<AuthLoginMutation, AuthLoginMutationVariables>;
export const AuthRequestPasswordResetDocument = new TypedDocumentString(`
    mutation AuthRequestPasswordReset($input: RequestPasswordResetInput!) {
  requestPasswordReset(input: $input)
}
    `) as unknown as TypedDocumentString<AuthRequestPasswordResetMutation, AuthRequestPasswordResetMutationVariables>;
export const AuthResetPasswordDocument = new TypedDocumentString(`
    mutation AuthResetPassword($input: ResetPasswordInput!) {
  resetPassword(input: $input)
}
    `) as unknown as TypedDocumentString<AuthResetPasswordMutation, AuthResetPasswordMutationVariables>;
export const AuthVerifyEmailDocument = new TypedDocumentString(`
    mutation AuthVerifyEmail($token: String!) {
  verifyEmail(token: $token)
}
    `) as unknown as TypedDocumentString<AuthVerifyEmailMutation, AuthVerifyEmailMutationVariables>;
export const AuthAcceptInvitationDocument = new TypedDocumentString(`
    mutation AuthAcceptInvitation($input: AcceptInvitationInput!) {
  acceptInvitation(input: $input) {
    token
    user {
      id
      displayName
      role
    }
    tenant {
      id
      name
    }
  }
}
    `) as unknown as TypedDocumentString<AuthAcceptInvitationMutation, AuthAcceptInvitationMutationVariables>;
export const BoardPostsDocument = new TypedDocumentString(`
    query BoardPosts($limit: Int!, $before: ID) {
  boardPosts(limit: $limit, before: $before) {
    ...BoardPostFields
  }
}
    fragment BoardReplyFields on BoardReply {
  id
  postId
  parentId
  authorId
  authorName
  content
  createdAt
  editedAt
}
fragment BoardPostFields on BoardPost {
  id
  authorId
  authorName
  title
  mood
  content
  replyCount
  createdAt
  editedAt
  replies(limit: 100) {
    ...BoardReplyFields
  }
}`) as unknown as TypedDocumentString<BoardPostsQuery, BoardPostsQueryVariables>;
export const BoardMoreRepliesDocument = new TypedDocumentString(`
    query BoardMoreReplies($id: ID!, $after: ID) {
  boardPost(id: $id) {
    id
    replyCount
    replies(limit: 100, after: $after) {
      ...BoardReplyFields
    }
  }
}
    fragment BoardReplyFields on BoardReply {
  id
  postId
  parentId
  authorId
  authorName
  content
  createdAt
  editedAt
}`) as unknown as TypedDocumentString<BoardMoreRepliesQuery, BoardMoreRepliesQueryVariables>;
export const BoardMoodsDocument = new TypedDocumentString(`
    query BoardMoods {
  boardMoods
}
    `) as unknown as TypedDocumentString<BoardMoodsQuery, BoardMoodsQueryVariables>;
export const BoardCreatePostDocument = new TypedDocumentString(`
    mutation BoardCreatePost($input: CreateBoardPostInput!) {
  createBoardPost(input: $input) {
    ...BoardPostFields
  }
}
    fragment BoardReplyFields on BoardReply {
  id
  postId
  parentId
  authorId
  authorName
  content
  createdAt
  editedAt
}
fragment BoardPostFields on BoardPost {
  id
  authorId
  authorName
  title
  mood
  content
  replyCount
  createdAt
  editedAt
  replies(limit: 100) {
    ...BoardReplyFields
  }
}`) as unknown as TypedDocumentString<BoardCreatePostMutation, BoardCreatePostMutationVariables>;
export const BoardReplyDocument = new TypedDocumentString(`
    mutation BoardReply($input: ReplyToBoardPostInput!) {
  replyToBoardPost(input: $input) {
    ...BoardReplyFields
  }
}
    fragment BoardReplyFields on BoardReply {
  id
  postId
  parentId
  authorId
  authorName
  content
  createdAt
  editedAt
}`) as unknown as TypedDocumentString<BoardReplyMutation, BoardReplyMutationVariables>;
export const BoardUpdatePostDocument = new TypedDocumentString(`
    mutation BoardUpdatePost($id: ID!, $input: UpdateBoardPostInput!) {
  updateBoardPost(id: $id, input: $input) {
    ...BoardPostFields
  }
}
    fragment BoardReplyFields on BoardReply {
  id
  postId
  parentId
  authorId
  authorName
  content
  createdAt
  editedAt
}
fragment BoardPostFields on BoardPost {
  id
  authorId
  authorName
  title
  mood
  content
  replyCount
  createdAt
  editedAt
  replies(limit: 100) {
    ...BoardReplyFields
  }
}`) as unknown as TypedDocumentString<BoardUpdatePostMutation, BoardUpdatePostMutationVariables>;
export const BoardUpdateReplyDocument = new TypedDocumentString(`
    mutation BoardUpdateReply($id: ID!, $content: String!) {
  updateBoardReply(id: $id, content: $content) {
    ...BoardReplyFields
  }
}
    fragment BoardReplyFields on BoardReply {
  id
  postId
  parentId
  authorId
  authorName
  content
  createdAt
  editedAt
}`) as unknown as TypedDocumentString<BoardUpdateReplyMutation, BoardUpdateReplyMutationVariables>;
export const BoardDeletePostDocument = new TypedDocumentString(`
    mutation BoardDeletePost($id: ID!) {
  deleteBoardPost(id: $id)
}
    `) as unknown as TypedDocumentString<BoardDeletePostMutation, BoardDeletePostMutationVariables>;
export const BoardDeleteReplyDocument = new TypedDocumentString(`
    mutation BoardDeleteReply($id: ID!) {
  deleteBoardReply(id: $id)
}
    `) as unknown as TypedDocumentString<BoardDeleteReplyMutation, BoardDeleteReplyMutationVariables>;
export const CustomersListDocument = new TypedDocumentString(`
    query CustomersList($filter: CustomerFilter, $sort: CustomerSort, $first: Int, $after: String) {
  customers(filter: $filter, sort: $sort, first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      cursor
      node {
        id
        number
        name
        company
        title
        phones
        email
        status
        grade
        industry
        source
        tags
        owner {
          id
          displayName
        }
        inPool
        lastContactAt
        nextVisitAt
        createdAt
        updatedAt
        custom
        release {
          releasedAt
          reason
          releasedBy {
            id
            displayName
          }
          previousOwner {
            id
            displayName
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CustomersListQuery, CustomersListQueryVariables>;
export const CustomersFieldsDocument = new TypedDocumentString(`
    query CustomersFields {
  customFields(entity: CUSTOMER) {
    id
    key
    label
    labelEn
    help
    type
    required
    unique
    default
    rules
    position
    archived
  }
  tenantSettings {
    industries
    sources
  }
}
    `) as unknown as TypedDocumentString<CustomersFieldsQuery, CustomersFieldsQueryVariables>;
export const CustomersAssignDocument = new TypedDocumentString(`
    mutation CustomersAssign($ids: [ID!]!, $toUserId: ID!, $overrideCap: Boolean! = false) {
  assignCustomers(ids: $ids, toUserId: $toUserId, overrideCap: $overrideCap) {
    id
    owner {
      id
      displayName
    }
  }
}
    `) as unknown as TypedDocumentString<CustomersAssignMutation, CustomersAssignMutationVariables>;
export const CustomersTransferDocument = new TypedDocumentString(`
    mutation CustomersTransfer($fromUserId: ID!, $toUserId: ID!, $overrideCap: Boolean! = false) {
  transferCustomers(
    fromUserId: $fromUserId
    toUserId: $toUserId
    overrideCap: $overrideCap
  )
}
    `) as unknown as TypedDocumentString<CustomersTransferMutation, CustomersTransferMutationVariables>;
export const CustomerSetLockedDocument = new TypedDocumentString(`
    mutation CustomerSetLocked($id: ID!, $locked: Boolean!) {
  setCustomerLocked(id: $id, locked: $locked) {
    id
    locked
    ownedSince
  }
}
    `) as unknown as TypedDocumentString<CustomerSetLockedMutation, CustomerSetLockedMutationVariables>;
export const CustomersReleaseManyDocument = new TypedDocumentString(`
    mutation CustomersReleaseMany($ids: [ID!]!, $reason: String!) {
  releaseCustomers(ids: $ids, reason: $reason) {
    released {
      id
    }
    errors {
      id
      code
      reason
    }
  }
}
    `) as unknown as TypedDocumentString<CustomersReleaseManyMutation, CustomersReleaseManyMutationVariables>;
export const CustomersReleaseDocument = new TypedDocumentString(`
    mutation CustomersRelease($id: ID!, $reason: String!) {
  releaseCustomer(id: $id, reason: $reason) {
    id
    inPool
    owner {
      id
    }
  }
}
    `) as unknown as TypedDocumentString<CustomersReleaseMutation, CustomersReleaseMutationVariables>;
export const CustomersClaimDocument = new TypedDocumentString(`
    mutation CustomersClaim($id: ID!) {
  claimCustomer(id: $id) {
    id
    inPool
    owner {
      id
      displayName
    }
  }
}
    `) as unknown as TypedDocumentString<CustomersClaimMutation, CustomersClaimMutationVariables>;
export const CustomersExportDocument = new TypedDocumentString(`
    mutation CustomersExport($filter: CustomerFilter, $sort: CustomerSort, $format: ExportFormat!, $ids: [ID!]) {
  exportCustomers(filter: $filter, sort: $sort, format: $format, ids: $ids) {
    url
    fileName
    rows
    expiresAt
  }
}
    `) as unknown as TypedDocumentString<CustomersExportMutation, CustomersExportMutationVariables>;
export const CustomersExportConversationsDocument = new TypedDocumentString(`
    mutation CustomersExportConversations($filter: ConversationsFilter, $format: ExportFormat!) {
  exportConversations(filter: $filter, format: $format) {
    url
    fileName
    rows
    expiresAt
  }
}
    `) as unknown as TypedDocumentString<CustomersExportConversationsMutation, CustomersExportConversationsMutationVariables>;
export const CustomerFormLoadDocument = new TypedDocumentString(`
    query CustomerFormLoad($id: ID!) {
  customer(id: $id) {
    id
    number
    name
    company
    title
    phones
    email
    address
    gender
    birthday
    status
    industry
    source
    grade
    tags
    owner {
      id
      displayName
    }
    inPool
    lastContactAt
    nextVisitAt
    custom
    customValues {
      key
      access
    }
  }
}
    `) as unknown as TypedDocumentString<CustomerFormLoadQuery, CustomerFormLoadQueryVariables>;
export const CustomerCreateDocument = new TypedDocumentString(`
    mutation CustomerCreate($input: CreateCustomerInput!) {
  createCustomer(input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<CustomerCreateMutation, CustomerCreateMutationVariables>;
export const CustomerUpdateDocument = new TypedDocumentString(`
    mutation CustomerUpdate($id: ID!, $input: UpdateCustomerInput!) {
  updateCustomer(id: $id, input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<CustomerUpdateMutation, CustomerUpdateMutationVariables>;
export const CustomerDetailDocument = new TypedDocumentString(`
    query CustomerDetail($id: ID!) {
  customer(id: $id) {
    id
    number
    name
    company
    title
    phones
    email
    address
    gender
    birthday
    photoUrl
    status
    industry
    source
    grade
    tags
    owner {
      id
      displayName
    }
    inPool
    locked
    ownedSince
    mailOptOutAt
    lastContactAt
    nextVisitAt
    custom
    createdAt
    updatedAt
    createdBy {
      id
      displayName
    }
    release {
      releasedAt
      reason
      releasedBy {
        id
        displayName
      }
      previousOwner {
        id
        displayName
      }
    }
    customValues {
      key
      label
      labelEn
      type
      value
      access
    }
    deals {
      id
      ownerId
      title
      amount
      currency
      status
      expectedCloseDate
      closeDate
      notes
      createdAt
      updatedAt
    }
    grades {
      modelId
      modelName
      label
      score
      reason
      gradedAt
    }
    history(limit: 100) {
      field
      oldValue
      newValue
      actor {
        id
        displayName
      }
      at
    }
    merges {
      id
      undoable
      undoUntil
      undoneAt
      createdAt
      mergedBy
      merged {
        id
        number
        name
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CustomerDetailQuery, CustomerDetailQueryVariables>;
export const SetCustomerMailOptOutDocument = new TypedDocumentString(`
    mutation SetCustomerMailOptOut($id: ID!, $optedOut: Boolean!) {
  setCustomerMailOptOut(id: $id, optedOut: $optedOut) {
    id
    mailOptOutAt
  }
}
    `) as unknown as TypedDocumentString<SetCustomerMailOptOutMutation, SetCustomerMailOptOutMutationVariables>;
export const CustomerMailsDocument = new TypedDocumentString(`
    query CustomerMails($id: ID!, $limit: Int!) {
  customer(id: $id) {
    id
    mailOptOutAt
    mails(limit: $limit) {
      id
      kind
      to
      subject
      body
      status
      createdAt
      sentAt
    }
  }
}
    `) as unknown as TypedDocumentString<CustomerMailsQuery, CustomerMailsQueryVariables>;
export const CustomerConversationsDocument = new TypedDocumentString(`
    query CustomerConversations($id: ID!, $first: Int!, $after: String) {
  customer(id: $id) {
    id
    conversations(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          topic
          content
          kind
          occurredAt
          createdAt
          updatedAt
          author {
            id
            displayName
          }
          entries {
            occurredAt
            kind
            content
          }
          customValues {
            key
            label
            labelEn
            type
            value
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CustomerConversationsQuery, CustomerConversationsQueryVariables>;
export const CustomerAddConversationDocument = new TypedDocumentString(`
    mutation CustomerAddConversation($input: AddConversationInput!) {
  addConversation(input: $input) {
    merged
    conversation {
      id
      occurredAt
    }
  }
}
    `) as unknown as TypedDocumentString<CustomerAddConversationMutation, CustomerAddConversationMutationVariables>;
export const CustomerEditConversationContentDocument = new TypedDocumentString(`
    mutation CustomerEditConversationContent($id: ID!, $content: String!) {
  editConversationContent(id: $id, content: $content) {
    id
    content
  }
}
    `) as unknown as TypedDocumentString<CustomerEditConversationContentMutation, CustomerEditConversationContentMutationVariables>;
export const CustomerEditConversationTimeDocument = new TypedDocumentString(`
    mutation CustomerEditConversationTime($id: ID!, $occurredAt: DateTime!) {
  editConversationTime(id: $id, occurredAt: $occurredAt) {
    id
    occurredAt
  }
}
    `) as unknown as TypedDocumentString<CustomerEditConversationTimeMutation, CustomerEditConversationTimeMutationVariables>;
export const CustomerDeleteConversationDocument = new TypedDocumentString(`
    mutation CustomerDeleteConversation($id: ID!) {
  deleteConversation(id: $id)
}
    `) as unknown as TypedDocumentString<CustomerDeleteConversationMutation, CustomerDeleteConversationMutationVariables>;
export const CustomerSetPhotoDocument = new TypedDocumentString(`
    mutation CustomerSetPhoto($id: ID!, $file: Upload!) {
  setCustomerPhoto(id: $id, file: $file) {
    id
    photoUrl
  }
}
    `) as unknown as TypedDocumentString<CustomerSetPhotoMutation, CustomerSetPhotoMutationVariables>;
export const CustomerRemovePhotoDocument = new TypedDocumentString(`
    mutation CustomerRemovePhoto($id: ID!) {
  removeCustomerPhoto(id: $id) {
    id
    photoUrl
  }
}
    `) as unknown as TypedDocumentString<CustomerRemovePhotoMutation, CustomerRemovePhotoMutationVariables>;
export const CustomerCreateDealDocument = new TypedDocumentString(`
    mutation CustomerCreateDeal($customerId: ID!, $input: DealInput!) {
  createDeal(customerId: $customerId, input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<CustomerCreateDealMutation, CustomerCreateDealMutationVariables>;
export const CustomerUpdateDealDocument = new TypedDocumentString(`
    mutation CustomerUpdateDeal($id: ID!, $input: DealInput!) {
  updateDeal(id: $id, input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<CustomerUpdateDealMutation, CustomerUpdateDealMutationVariables>;
export const CustomerDeleteDealDocument = new TypedDocumentString(`
    mutation CustomerDeleteDeal($id: ID!) {
  deleteDeal(id: $id)
}
    `) as unknown as TypedDocumentString<CustomerDeleteDealMutation, CustomerDeleteDealMutationVariables>;
export const CustomerDeleteForGoodDocument = new TypedDocumentString(`
    mutation CustomerDeleteForGood($id: ID!) {
  deleteCustomerPermanently(id: $id, confirm: true) {
    id
    number
    name
  }
}
    `) as unknown as TypedDocumentString<CustomerDeleteForGoodMutation, CustomerDeleteForGoodMutationVariables>;
export const CustomerPlansDocument = new TypedDocumentString(`
    query CustomerPlans($filter: WorkPlansFilter, $first: Int) {
  workPlans(filter: $filter, first: $first) {
    totalCount
    nodes {
      id
      subject
      start
      end
      content
      done
      overdue
      author {
        id
        displayName
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CustomerPlansQuery, CustomerPlansQueryVariables>;
export const CustomerConversationFieldsDocument = new TypedDocumentString(`
    query CustomerConversationFields {
  customFields(entity: CONVERSATION) {
    id
    key
    label
    labelEn
    help
    type
    required
    unique
    default
    rules
    position
    archived
  }
}
    `) as unknown as TypedDocumentString<CustomerConversationFieldsQuery, CustomerConversationFieldsQueryVariables>;
export const CustomersSegmentsDocument = new TypedDocumentString(`
    query CustomersSegments {
  segments {
    id
    name
    description
    kind
    stage
    sharing
    canEdit
    filter
    count
    owner {
      id
      displayName
    }
    group {
      id
      name
    }
    sharedWith {
      id
      displayName
    }
  }
  groups {
    id
    name
  }
}
    `) as unknown as TypedDocumentString<CustomersSegmentsQuery, CustomersSegmentsQueryVariables>;
export const CustomersCreateSegmentDocument = new TypedDocumentString(`
    mutation CustomersCreateSegment($input: SegmentInput!) {
  createSegment(input: $input) {
    id
    name
    count
  }
}
    `) as unknown as TypedDocumentString<CustomersCreateSegmentMutation, CustomersCreateSegmentMutationVariables>;
export const CustomersDeleteSegmentDocument = new TypedDocumentString(`
    mutation CustomersDeleteSegment($id: ID!) {
  deleteSegment(id: $id)
}
    `) as unknown as TypedDocumentString<CustomersDeleteSegmentMutation, CustomersDeleteSegmentMutationVariables>;
export const CustomersBulkEditDocument = new TypedDocumentString(`
    mutation CustomersBulkEdit($ids: [ID!], $filter: CustomerFilter, $change: BulkCustomerChange!) {
  bulkEditCustomers(ids: $ids, filter: $filter, change: $change) {
    id
    status
    progressDone
    progressTotal
  }
}
    `) as unknown as TypedDocumentString<CustomersBulkEditMutation, CustomersBulkEditMutationVariables>;
export const CustomersBulkJobDocument = new TypedDocumentString(`
    query CustomersBulkJob($id: ID!) {
  job(id: $id) {
    id
    status
    progressDone
    progressTotal
    result
    error
  }
}
    `) as unknown as TypedDocumentString<CustomersBulkJobQuery, CustomersBulkJobQueryVariables>;
export const CustomersDuplicateCandidatesDocument = new TypedDocumentString(`
    query CustomersDuplicateCandidates($input: DuplicateProbe!) {
  duplicateCandidates(input: $input) {
    score
    reasons
    customer {
      id
      name
      company
    }
  }
}
    `) as unknown as TypedDocumentString<CustomersDuplicateCandidatesQuery, CustomersDuplicateCandidatesQueryVariables>;
export const CustomerPossibleDuplicatesDocument = new TypedDocumentString(`
    query CustomerPossibleDuplicates($id: ID!) {
  customer(id: $id) {
    id
    possibleDuplicates {
      score
      reasons
      customer {
        id
        name
        company
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CustomerPossibleDuplicatesQuery, CustomerPossibleDuplicatesQueryVariables>;
export const CustomersScanDuplicatesDocument = new TypedDocumentString(`
    mutation CustomersScanDuplicates {
  scanDuplicates {
    id
    status
    progressDone
    progressTotal
  }
}
    `) as unknown as TypedDocumentString<CustomersScanDuplicatesMutation, CustomersScanDuplicatesMutationVariables>;
export const CustomerMergePlanDocument = new TypedDocumentString(`
    query CustomerMergePlan($input: MergeCustomersInput!) {
  customerMergePlan(input: $input) {
    phones
    tags
    moves {
      table
      rows
    }
    fields {
      field
      differs
      chosenCustomerId
      value
      values {
        customerId
        value
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CustomerMergePlanQuery, CustomerMergePlanQueryVariables>;
export const CustomersMergeDocument = new TypedDocumentString(`
    mutation CustomersMerge($input: MergeCustomersInput!) {
  mergeCustomers(input: $input) {
    id
    survivorId
    undoUntil
    merged {
      id
      number
      name
    }
  }
}
    `) as unknown as TypedDocumentString<CustomersMergeMutation, CustomersMergeMutationVariables>;
export const CustomerMergeUndoDocument = new TypedDocumentString(`
    mutation CustomerMergeUndo($id: ID!) {
  undoCustomerMerge(id: $id) {
    id
    undoable
    undoneAt
  }
}
    `) as unknown as TypedDocumentString<CustomerMergeUndoMutation, CustomerMergeUndoMutationVariables>;
export const CustomerDismissDuplicateDocument = new TypedDocumentString(`
    mutation CustomerDismissDuplicate($a: ID!, $b: ID!) {
  dismissDuplicate(customerId: $a, otherId: $b)
}
    `) as unknown as TypedDocumentString<CustomerDismissDuplicateMutation, CustomerDismissDuplicateMutationVariables>;
export const DashboardAnalyticsDocument = new TypedDocumentString(`
    query DashboardAnalytics($range: AnalyticsRange!, $bucket: AnalyticsBucket, $rank: LeaderboardRank) {
  analytics {
    newCustomers(range: $range, bucket: $bucket) {
      periods
      series {
        key
        counts
        total
      }
    }
    conversations(range: $range, bucket: $bucket) {
      periods
      series {
        key
        counts
        total
      }
    }
    poolFlow(range: $range, bucket: $bucket) {
      periods
      series {
        key
        counts
        total
      }
    }
    leaderboard(range: $range, rank: $rank, first: 10) {
      userId
      name
      newCustomers
      conversations
      visits
      dealsWon
      amountWon
      currency
      plansDue
      plansOnTime
    }
  }
}
    `) as unknown as TypedDocumentString<DashboardAnalyticsQuery, DashboardAnalyticsQueryVariables>;
export const DashboardBreakdownsDocument = new TypedDocumentString(`
    query DashboardBreakdowns($lead: Boolean!) {
  analytics {
    status: customersBy(by: STATUS) {
      key
      count
    }
    grade: customersBy(by: GRADE) {
      key
      count
    }
    source: customersBy(by: SOURCE) {
      key
      count
    }
    industry: customersBy(by: INDUSTRY) {
      key
      count
    }
  }
  pool(first: 1) {
    totalCount
  }
  team(first: 100, filter: {active: true}) @include(if: $lead) {
    members {
      user {
        id
        displayName
      }
      customersHeld
    }
  }
}
    `) as unknown as TypedDocumentString<DashboardBreakdownsQuery, DashboardBreakdownsQueryVariables>;
export const DashboardFlowsDocument = new TypedDocumentString(`
    query DashboardFlows($range: AnalyticsRange!, $cohort: AnalyticsRange, $months: AnalyticsRange!) {
  analytics {
    funnel(range: $cohort) {
      status
      customers
      reached
      stays
      averageDays
    }
    retention(range: $months) {
      month
      held
      kept
      lost
      wonBack
      new
    }
    poolReasons(range: $range) {
      direction
      reason
      count
    }
  }
}
    `) as unknown as TypedDocumentString<DashboardFlowsQuery, DashboardFlowsQueryVariables>;
export const DashboardGradingModelsDocument = new TypedDocumentString(`
    query DashboardGradingModels {
  gradingModels {
    id
    name
    enabled
    lastRunAt
    labels {
      label
    }
  }
}
    `) as unknown as TypedDocumentString<DashboardGradingModelsQuery, DashboardGradingModelsQueryVariables>;
export const DashboardGradesDocument = new TypedDocumentString(`
    query DashboardGrades($modelId: ID!) {
  analytics {
    customersByGrade(modelId: $modelId) {
      key
      count
    }
  }
}
    `) as unknown as TypedDocumentString<DashboardGradesQuery, DashboardGradesQueryVariables>;
export const HomeOverviewDocument = new TypedDocumentString(`
    query HomeOverview($todayFrom: DateTime!, $todayTo: DateTime!) {
  toVisit: customers(filter: {toVisit: TODAY}, first: 6) {
    totalCount
    edges {
      node {
        id
        name
        company
        nextVisitAt
        owner {
          id
          displayName
        }
      }
    }
  }
  todayPlans: workPlans(
    filter: {from: $todayFrom, to: $todayTo, status: ALL}
    first: 6
  ) {
    totalCount
    nodes {
      ...PlanFields
    }
  }
  overduePlans: workPlans(filter: {status: OVERDUE}, first: 6) {
    totalCount
    nodes {
      ...PlanFields
    }
  }
  recent: conversations(filter: {window: LAST_3_DAYS}, first: 6) {
    totalCount
    nodes {
      id
      customerId
      customerName
      topic
      kind
      occurredAt
      author {
        id
        displayName
      }
    }
  }
  addedToday: customers(filter: {added: TODAY}, first: 1) {
    totalCount
  }
  addedWeek: customers(filter: {added: THIS_WEEK}, first: 1) {
    totalCount
  }
  contactedToday: customers(filter: {contacted: TODAY}, first: 1) {
    totalCount
  }
  visitedWeek: customers(filter: {visited: THIS_WEEK}, first: 1) {
    totalCount
  }
}
    fragment PlanFields on WorkPlan {
  id
  subject
  start
  end
  content
  notes
  done
  doneAt
  overdue
  createdAt
  updatedAt
  author {
    id
    displayName
  }
  doneBy {
    id
    displayName
  }
  customer {
    id
    name
    number
    company
  }
}`) as unknown as TypedDocumentString<HomeOverviewQuery, HomeOverviewQueryVariables>;
export const HomeTeamDocument = new TypedDocumentString(`
    query HomeTeam {
  team(filter: {active: true}, first: 20) {
    totalCount
    members {
      user {
        id
        displayName
        role
        group {
          id
          name
        }
      }
      customersHeld
      plans {
        open
        done
        overdue
      }
      customersCreated {
        last7Days
      }
      poolClaims {
        last7Days
      }
    }
  }
}
    `) as unknown as TypedDocumentString<HomeTeamQuery, HomeTeamQueryVariables>;
export const HomePlanDoneDocument = new TypedDocumentString(`
    mutation HomePlanDone($id: ID!, $done: Boolean!) {
  setWorkPlanDone(id: $id, done: $done) {
    ...PlanFields
  }
}
    fragment PlanFields on WorkPlan {
  id
  subject
  start
  end
  content
  notes
  done
  doneAt
  overdue
  createdAt
  updatedAt
  author {
    id
    displayName
  }
  doneBy {
    id
    displayName
  }
  customer {
    id
    name
    number
    company
  }
}`) as unknown as TypedDocumentString<HomePlanDoneMutation, HomePlanDoneMutationVariables>;
export const ImportPreviewFileDocument = new TypedDocumentString(`
    mutation ImportPreviewFile($file: Upload!, $sheet: String) {
  previewCustomerImport(file: $file, sheet: $sheet) {
    format
    encoding
    rows
    columns {
      header
      field
      fieldLabel
    }
    sample
    fields {
      name
      label
    }
    warnings {
      column
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<ImportPreviewFileMutation, ImportPreviewFileMutationVariables>;
export const ImportStartDocument = new TypedDocumentString(`
    mutation ImportStart($file: Upload!, $input: ImportCustomersInput) {
  importCustomers(file: $file, input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<ImportStartMutation, ImportStartMutationVariables>;
export const ImportStatusDocument = new TypedDocumentString(`
    query ImportStatus($id: ID!, $offset: Int!, $limit: Int!) {
  customerImport(id: $id) {
    id
    fileName
    format
    status
    rowsTotal
    rowsDone
    created
    updated
    skipped
    failed
    createdAt
    finishedAt
    job {
      id
      status
      progressDone
      progressTotal
      progressNote
      error
      errorCode
      errorDetail
    }
    issues(offset: $offset, limit: $limit) {
      total
      items {
        row
        column
        code
        message
        severity
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ImportStatusQuery, ImportStatusQueryVariables>;
export const ImportRecentDocument = new TypedDocumentString(`
    query ImportRecent {
  customerImports(limit: 10) {
    id
    fileName
    status
    rowsTotal
    created
    updated
    skipped
    failed
    createdAt
  }
}
    `) as unknown as TypedDocumentString<ImportRecentQuery, ImportRecentQueryVariables>;
export const ImportCancelDocument = new TypedDocumentString(`
    mutation ImportCancel($id: ID!) {
  cancelJob(id: $id) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<ImportCancelMutation, ImportCancelMutationVariables>;
export const PlansListDocument = new TypedDocumentString(`
    query PlansList($filter: WorkPlansFilter, $first: Int, $after: String) {
  workPlans(filter: $filter, first: $first, after: $after) {
    totalCount
    nodes {
      ...PlanFields
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    fragment PlanFields on WorkPlan {
  id
  subject
  start
  end
  content
  notes
  done
  doneAt
  overdue
  createdAt
  updatedAt
  author {
    id
    displayName
  }
  doneBy {
    id
    displayName
  }
  customer {
    id
    name
    number
    company
  }
}`) as unknown as TypedDocumentString<PlansListQuery, PlansListQueryVariables>;
export const PlansCursorsDocument = new TypedDocumentString(`
    query PlansCursors($filter: WorkPlansFilter, $first: Int, $after: String) {
  workPlans(filter: $filter, first: $first, after: $after) {
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<PlansCursorsQuery, PlansCursorsQueryVariables>;
export const PlansCreateDocument = new TypedDocumentString(`
    mutation PlansCreate($input: CreateWorkPlanInput!) {
  createWorkPlan(input: $input) {
    ...PlanFields
  }
}
    fragment PlanFields on WorkPlan {
  id
  subject
  start
  end
  content
  notes
  done
  doneAt
  overdue
  createdAt
  updatedAt
  author {
    id
    displayName
  }
  doneBy {
    id
    displayName
  }
  customer {
    id
    name
    number
    company
  }
}`) as unknown as TypedDocumentString<PlansCreateMutation, PlansCreateMutationVariables>;
export const PlansUpdateDocument = new TypedDocumentString(`
    mutation PlansUpdate($id: ID!, $input: UpdateWorkPlanInput!) {
  updateWorkPlan(id: $id, input: $input) {
    ...PlanFields
  }
}
    fragment PlanFields on WorkPlan {
  id
  subject
  start
  end
  content
  notes
  done
  doneAt
  overdue
  createdAt
  updatedAt
  author {
    id
    displayName
  }
  doneBy {
    id
    displayName
  }
  customer {
    id
    name
    number
    company
  }
}`) as unknown as TypedDocumentString<PlansUpdateMutation, PlansUpdateMutationVariables>;
export const PlansSetDoneDocument = new TypedDocumentString(`
    mutation PlansSetDone($id: ID!, $done: Boolean!) {
  setWorkPlanDone(id: $id, done: $done) {
    ...PlanFields
  }
}
    fragment PlanFields on WorkPlan {
  id
  subject
  start
  end
  content
  notes
  done
  doneAt
  overdue
  createdAt
  updatedAt
  author {
    id
    displayName
  }
  doneBy {
    id
    displayName
  }
  customer {
    id
    name
    number
    company
  }
}`) as unknown as TypedDocumentString<PlansSetDoneMutation, PlansSetDoneMutationVariables>;
export const PlansDeleteDocument = new TypedDocumentString(`
    mutation PlansDelete($id: ID!) {
  deleteWorkPlan(id: $id)
}
    `) as unknown as TypedDocumentString<PlansDeleteMutation, PlansDeleteMutationVariables>;
export const PlansSetNextVisitDocument = new TypedDocumentString(`
    mutation PlansSetNextVisit($id: ID!, $at: DateTime) {
  updateCustomer(id: $id, input: {nextVisitAt: $at}) {
    id
    nextVisitAt
  }
}
    `) as unknown as TypedDocumentString<PlansSetNextVisitMutation, PlansSetNextVisitMutationVariables>;
export const PoolListDocument = new TypedDocumentString(`
    query PoolList($filter: CustomerFilter, $sort: CustomerSort, $first: Int, $after: String, $releaseReason: String) {
  pool(
    filter: $filter
    sort: $sort
    first: $first
    after: $after
    releaseReason: $releaseReason
  ) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        id
        number
        name
        company
        phones
        status
        grade
        tags
        createdAt
        release {
          releasedAt
          reason
          releasedBy {
            id
            displayName
          }
          previousOwner {
            id
            displayName
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<PoolListQuery, PoolListQueryVariables>;
export const PoolQuotaDocument = new TypedDocumentString(`
    query PoolQuota {
  poolQuota {
    claimsToday
    claimsPerDay
    held
    maxHeld
    reclaimCooldownDays
    dayEndsAt
  }
}
    `) as unknown as TypedDocumentString<PoolQuotaQuery, PoolQuotaQueryVariables>;
export const PoolReleaseReasonsDocument = new TypedDocumentString(`
    query PoolReleaseReasons {
  poolReleaseReasons {
    reason
    count
  }
}
    `) as unknown as TypedDocumentString<PoolReleaseReasonsQuery, PoolReleaseReasonsQueryVariables>;
export const ProfileMeDocument = new TypedDocumentString(`
    query ProfileMe {
  me {
    user {
      id
      email
      displayName
      role
      emailVerified
      lastLoginAt
      createdAt
      awayUntil
      reminderTime
      group {
        id
        name
      }
    }
    tenant {
      id
      name
      slug
      plan
      timeZone
    }
  }
}
    `) as unknown as TypedDocumentString<ProfileMeQuery, ProfileMeQueryVariables>;
export const ProfileChangePasswordDocument = new TypedDocumentString(`
    mutation ProfileChangePassword($input: ChangePasswordInput!) {
  changePassword(input: $input)
}
    `) as unknown as TypedDocumentString<ProfileChangePasswordMutation, ProfileChangePasswordMutationVariables>;
export const ProfileResendVerificationDocument = new TypedDocumentString(`
    mutation ProfileResendVerification {
  resendVerificationEmail
}
    `) as unknown as TypedDocumentString<ProfileResendVerificationMutation, ProfileResendVerificationMutationVariables>;
export const ProfileLogoutEverywhereDocument = new TypedDocumentString(`
    mutation ProfileLogoutEverywhere {
  logoutEverywhere
}
    `) as unknown as TypedDocumentString<ProfileLogoutEverywhereMutation, ProfileLogoutEverywhereMutationVariables>;
export const ProfileUpdateSelfDocument = new TypedDocumentString(`
    mutation ProfileUpdateSelf($id: ID!, $input: UpdateUserInput!) {
  updateUser(id: $id, input: $input) {
    id
    awayUntil
    reminderTime
  }
}
    `) as unknown as TypedDocumentString<ProfileUpdateSelfMutation, ProfileUpdateSelfMutationVariables>;
export const SearchEverythingDocument = new TypedDocumentString(`
    query SearchEverything($input: SearchInput!) {
  search(input: $input) {
    total
    hits {
      __typename
      ... on CustomerHit {
        score
        customer {
          id
          name
          company
          phones
          owner {
            displayName
          }
        }
        highlights {
          field
          fragments
        }
      }
      ... on ConversationHit {
        score
        conversation {
          id
          customerId
          customerName
          topic
          kind
          occurredAt
        }
        highlights {
          field
          fragments
        }
      }
      ... on BoardPostHit {
        score
        post {
          id
          title
          authorName
          createdAt
        }
        highlights {
          field
          fragments
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<SearchEverythingQuery, SearchEverythingQueryVariables>;
export const SuggestionsSubmitDocument = new TypedDocumentString(`
    mutation SuggestionsSubmit($input: SubmitSuggestionInput!) {
  submitSuggestion(input: $input) {
    id
    anonymous
    createdAt
    readerToken
    readerLink
  }
}
    `) as unknown as TypedDocumentString<SuggestionsSubmitMutation, SuggestionsSubmitMutationVariables>;
export const SuggestionsMineDocument = new TypedDocumentString(`
    query SuggestionsMine($limit: Int!, $before: ID) {
  mySuggestions(limit: $limit, before: $before) {
    ...SuggestionFields
  }
}
    fragment SuggestionFields on Suggestion {
  id
  title
  content
  anonymous
  authorId
  authorName
  replyCount
  createdAt
  replies {
    id
    authorName
    content
    createdAt
  }
}`) as unknown as TypedDocumentString<SuggestionsMineQuery, SuggestionsMineQueryVariables>;
export const SuggestionsInboxDocument = new TypedDocumentString(`
    query SuggestionsInbox($window: SuggestionWindow!, $limit: Int!, $before: ID) {
  suggestions(window: $window, limit: $limit, before: $before) {
    ...SuggestionFields
  }
}
    fragment SuggestionFields on Suggestion {
  id
  title
  content
  anonymous
  authorId
  authorName
  replyCount
  createdAt
  replies {
    id
    authorName
    content
    createdAt
  }
}`) as unknown as TypedDocumentString<SuggestionsInboxQuery, SuggestionsInboxQueryVariables>;
export const SuggestionsReplyDocument = new TypedDocumentString(`
    mutation SuggestionsReply($id: ID!, $content: String!) {
  replyToSuggestion(suggestionId: $id, content: $content) {
    id
    authorName
    content
    createdAt
  }
}
    `) as unknown as TypedDocumentString<SuggestionsReplyMutation, SuggestionsReplyMutationVariables>;
export const SuggestionsDeleteDocument = new TypedDocumentString(`
    mutation SuggestionsDelete($id: ID!) {
  deleteSuggestion(id: $id)
}
    `) as unknown as TypedDocumentString<SuggestionsDeleteMutation, SuggestionsDeleteMutationVariables>;
export const SuggestionsAnonymousDocument = new TypedDocumentString(`
    query SuggestionsAnonymous($token: String!) {
  anonymousSuggestion(token: $token) {
    id
    title
    content
    createdAt
    replies {
      id
      authorName
      content
      createdAt
    }
  }
}
    `) as unknown as TypedDocumentString<SuggestionsAnonymousQuery, SuggestionsAnonymousQueryVariables>;
export const TeamUsersDocument = new TypedDocumentString(`
    query TeamUsers {
  users(filter: {includeInactive: true}) {
    id
    email
    displayName
    role
    active
    erasedAt
    lastLoginAt
    createdAt
    emailVerified
    awayUntil
    group {
      id
      name
    }
  }
}
    `) as unknown as TypedDocumentString<TeamUsersQuery, TeamUsersQueryVariables>;
export const TeamGroupsDocument = new TypedDocumentString(`
    query TeamGroups {
  groups {
    id
    name
    createdAt
    supervisors {
      id
      displayName
    }
    members {
      id
    }
  }
}
    `) as unknown as TypedDocumentString<TeamGroupsQuery, TeamGroupsQueryVariables>;
export const TeamUpdateUserDocument = new TypedDocumentString(`
    mutation TeamUpdateUser($id: ID!, $input: UpdateUserInput!) {
  updateUser(id: $id, input: $input) {
    id
    displayName
    role
    group {
      id
      name
    }
  }
}
    `) as unknown as TypedDocumentString<TeamUpdateUserMutation, TeamUpdateUserMutationVariables>;
export const TeamDeactivateUserDocument = new TypedDocumentString(`
    mutation TeamDeactivateUser($id: ID!) {
  deactivateUser(id: $id) {
    id
    active
  }
}
    `) as unknown as TypedDocumentString<TeamDeactivateUserMutation, TeamDeactivateUserMutationVariables>;
export const TeamReactivateUserDocument = new TypedDocumentString(`
    mutation TeamReactivateUser($id: ID!) {
  reactivateUser(id: $id) {
    id
    active
  }
}
    `) as unknown as TypedDocumentString<TeamReactivateUserMutation, TeamReactivateUserMutationVariables>;
export const TeamCreateGroupDocument = new TypedDocumentString(`
    mutation TeamCreateGroup($name: String!) {
  createGroup(name: $name) {
    id
    name
  }
}
    `) as unknown as TypedDocumentString<TeamCreateGroupMutation, TeamCreateGroupMutationVariables>;
export const TeamRenameGroupDocument = new TypedDocumentString(`
    mutation TeamRenameGroup($id: ID!, $name: String!) {
  renameGroup(id: $id, name: $name) {
    id
    name
  }
}
    `) as unknown as TypedDocumentString<TeamRenameGroupMutation, TeamRenameGroupMutationVariables>;
export const TeamDeleteGroupDocument = new TypedDocumentString(`
    mutation TeamDeleteGroup($id: ID!) {
  deleteGroup(id: $id)
}
    `) as unknown as TypedDocumentString<TeamDeleteGroupMutation, TeamDeleteGroupMutationVariables>;
export const TeamAddSupervisorDocument = new TypedDocumentString(`
    mutation TeamAddSupervisor($groupId: ID!, $userId: ID!) {
  addGroupSupervisor(groupId: $groupId, userId: $userId) {
    id
    supervisors {
      id
      displayName
    }
  }
}
    `) as unknown as TypedDocumentString<TeamAddSupervisorMutation, TeamAddSupervisorMutationVariables>;
export const TeamRemoveSupervisorDocument = new TypedDocumentString(`
    mutation TeamRemoveSupervisor($groupId: ID!, $userId: ID!) {
  removeGroupSupervisor(groupId: $groupId, userId: $userId) {
    id
    supervisors {
      id
      displayName
    }
  }
}
    `) as unknown as TypedDocumentString<TeamRemoveSupervisorMutation, TeamRemoveSupervisorMutationVariables>;
export const TeamInvitationsDocument = new TypedDocumentString(`
    query TeamInvitations {
  invitations {
    id
    email
    role
    groupId
    invitedById
    status
    createdAt
    expiresAt
  }
}
    `) as unknown as TypedDocumentString<TeamInvitationsQuery, TeamInvitationsQueryVariables>;
export const TeamInviteDocument = new TypedDocumentString(`
    mutation TeamInvite($input: InviteUserInput!) {
  inviteUser(input: $input) {
    id
    email
    role
    groupId
    status
    createdAt
    expiresAt
  }
}
    `) as unknown as TypedDocumentString<TeamInviteMutation, TeamInviteMutationVariables>;
export const TeamRevokeInvitationDocument = new TypedDocumentString(`
    mutation TeamRevokeInvitation($id: ID!) {
  revokeInvitation(id: $id) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<TeamRevokeInvitationMutation, TeamRevokeInvitationMutationVariables>;
export const TeamRenewInvitationLinkDocument = new TypedDocumentString(`
    mutation TeamRenewInvitationLink($id: ID!) {
  renewInvitationLink(id: $id) {
    url
    invitation {
      id
      status
      expiresAt
    }
  }
}
    `) as unknown as TypedDocumentString<TeamRenewInvitationLinkMutation, TeamRenewInvitationLinkMutationVariables>;
export const TeamOffboardUserDocument = new TypedDocumentString(`
    query TeamOffboardUser($id: ID!) {
  teamMember(id: $id) {
    user {
      id
      displayName
      email
      role
      active
      erasedAt
      group {
        id
        name
      }
    }
    customersHeld
    plans {
      open
      done
      overdue
    }
  }
}
    `) as unknown as TypedDocumentString<TeamOffboardUserQuery, TeamOffboardUserQueryVariables>;
export const TeamOffboardDocument = new TypedDocumentString(`
    mutation TeamOffboard($id: ID!, $input: OffboardUserInput) {
  offboardUser(id: $id, input: $input) {
    successorId
    customersToPool
    customersToSuccessor
    plansDeleted
    suggestionsDeleted
    sessionsRevoked
    apiKeysRevoked
    user {
      id
      active
    }
  }
}
    `) as unknown as TypedDocumentString<TeamOffboardMutation, TeamOffboardMutationVariables>;
export const TeamEraseDocument = new TypedDocumentString(`
    mutation TeamErase($id: ID!) {
  erasePersonalDetails(id: $id, confirm: true) {
    sessionsDeleted
    apiKeysRevoked
    invitationsCleared
    mailsCleared
    auditEntriesCleared
    user {
      id
      displayName
      erasedAt
    }
  }
}
    `) as unknown as TypedDocumentString<TeamEraseMutation, TeamEraseMutationVariables>;