/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
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

/** How the caller authenticated. */
export type AuthMethod =
  /** An integration API key. */
  | 'API_KEY'
  /** A login session. */
  | 'SESSION';

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

/** A new work plan; the caller is its author. */
export type CreateWorkPlanInput = {
  /** Up to 5000 characters. */
  content?: string;
  /** Not before `start`. */
  end: string;
  /** Up to 2000 characters. */
  notes?: string;
  start: string;
  /** 1 to 100 characters. */
  subject: string;
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
   * Which fields `search` looks in (any of them may match); omitted or
   * empty: name, company and phone.
   */
  searchIn?: Array<CustomerSearchField> | null | undefined;
  source?: string | null | undefined;
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

/** Sort direction. */
export type SortDirection =
  /** Smallest first. */
  | 'ASC'
  /** Largest first. */
  | 'DESC';

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

export type PersonPickerUsersQueryVariables = Exact<{ [key: string]: never; }>;


export type PersonPickerUsersQuery = { users: Array<{ id: string, displayName: string, email: string, role: Role, active: boolean, group: { id: string, name: string } | null }> };

export type CustomersUserNamesQueryVariables = Exact<{ [key: string]: never; }>;


export type CustomersUserNamesQuery = { users: Array<{ id: string, displayName: string }> };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { authMethod: AuthMethod, canWrite: boolean, user: { id: string, email: string, displayName: string, role: Role, group: { id: string, name: string } | null }, tenant: { id: string, slug: string, name: string, timeZone: string, locale: string, plan: string } } };

export type LogoutMutationVariables = Exact<{ [key: string]: never; }>;


export type LogoutMutation = { logout: boolean };

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
}>;


export type CustomersAssignMutation = { assignCustomers: Array<{ id: string, owner: { id: string, displayName: string } | null }> };

export type CustomersTransferMutationVariables = Exact<{
  fromUserId: string;
  toUserId: string;
}>;


export type CustomersTransferMutation = { transferCustomers: number };

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


export type CustomerDetailQuery = { customer: { id: string, number: string, name: string, company: string | null, title: string | null, phones: Array<string>, email: string | null, address: string | null, gender: Gender, birthday: unknown, photoUrl: string | null, status: CustomerStatus, industry: string | null, source: string | null, grade: Grade, tags: Array<string>, inPool: boolean, lastContactAt: string | null, nextVisitAt: string | null, custom: any, createdAt: string, updatedAt: string, owner: { id: string, displayName: string } | null, createdBy: { id: string, displayName: string }, release: { releasedAt: string, reason: string | null, releasedBy: { id: string, displayName: string } | null, previousOwner: { id: string, displayName: string } | null } | null, customValues: Array<{ key: string, label: string, labelEn: string | null, type: CustomFieldType, value: any, access: FieldAccess }>, deals: Array<{ id: string, ownerId: string | null, title: string, amount: string, currency: string, status: DealStatus, expectedCloseDate: unknown, closeDate: unknown, notes: string | null, createdAt: string, updatedAt: string }>, grades: Array<{ modelId: string, modelName: string, label: string, score: number | null, reason: string, gradedAt: string }>, history: Array<{ field: string, oldValue: any, newValue: any, at: string, actor: { id: string, displayName: string } | null }> } };

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

export type CustomerCreatePlanMutationVariables = Exact<{
  input: CreateWorkPlanInput;
}>;


export type CustomerCreatePlanMutation = { createWorkPlan: { id: string } };

export type CustomerSetNextVisitMutationVariables = Exact<{
  id: string;
  at?: string | null | undefined;
}>;


export type CustomerSetNextVisitMutation = { updateCustomer: { id: string, nextVisitAt: string | null } };

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


export type ImportStatusQuery = { customerImport: { id: string, fileName: string, format: string, status: ImportStatus, rowsTotal: number, rowsDone: number, created: number, updated: number, skipped: number, failed: number, createdAt: string, finishedAt: string | null, job: { id: string, status: JobStatus, progressDone: number, progressTotal: number | null, progressNote: string | null, error: string | null }, issues: { total: number, items: Array<{ row: number, column: string | null, code: string, message: string, severity: ImportIssueSeverity }> } } };

export type ImportRecentQueryVariables = Exact<{ [key: string]: never; }>;


export type ImportRecentQuery = { customerImports: Array<{ id: string, fileName: string, status: ImportStatus, rowsTotal: number, created: number, updated: number, skipped: number, failed: number, createdAt: string }> };

export type ImportCancelMutationVariables = Exact<{
  id: string;
}>;


export type ImportCancelMutation = { cancelJob: { id: string, status: JobStatus } };

export type PoolListQueryVariables = Exact<{
  filter?: CustomerFilter | null | undefined;
  sort?: CustomerSort | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type PoolListQuery = { pool: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, number: string, name: string, company: string | null, phones: Array<string>, status: CustomerStatus, grade: Grade, tags: Array<string>, createdAt: string, release: { releasedAt: string, reason: string | null, releasedBy: { id: string, displayName: string } | null, previousOwner: { id: string, displayName: string } | null } | null } }> } };

export type PoolQuotaQueryVariables = Exact<{ [key: string]: never; }>;


export type PoolQuotaQuery = { poolQuota: { claimsToday: number, claimsPerDay: number, held: number, maxHeld: number, reclaimCooldownDays: number, dayEndsAt: string } };


export const PersonPickerUsersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PersonPickerUsers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"users"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"group"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]} as unknown as DocumentNode<PersonPickerUsersQuery, PersonPickerUsersQueryVariables>;
export const CustomersUserNamesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CustomersUserNames"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"users"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"includeInactive"},"value":{"kind":"BooleanValue","value":true}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}}]} as unknown as DocumentNode<CustomersUserNamesQuery, CustomersUserNamesQueryVariables>;
export const MeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"group"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"tenant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"slug"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"timeZone"}},{"kind":"Field","name":{"kind":"Name","value":"locale"}},{"kind":"Field","name":{"kind":"Name","value":"plan"}}]}},{"kind":"Field","name":{"kind":"Name","value":"authMethod"}},{"kind":"Field","name":{"kind":"Name","value":"canWrite"}}]}}]}}]} as unknown as DocumentNode<MeQuery, MeQueryVariables>;
export const LogoutDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Logout"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"logout"}}]}}]} as unknown as DocumentNode<LogoutMutation, LogoutMutationVariables>;
export const CustomersListDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CustomersList"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"CustomerFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"sort"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"CustomerSort"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"sort"},"value":{"kind":"Variable","name":{"kind":"Name","value":"sort"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"company"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"phones"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"grade"}},{"kind":"Field","name":{"kind":"Name","value":"industry"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"tags"}},{"kind":"Field","name":{"kind":"Name","value":"owner"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"inPool"}},{"kind":"Field","name":{"kind":"Name","value":"lastContactAt"}},{"kind":"Field","name":{"kind":"Name","value":"nextVisitAt"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"custom"}},{"kind":"Field","name":{"kind":"Name","value":"release"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"releasedAt"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"releasedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"previousOwner"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<CustomersListQuery, CustomersListQueryVariables>;
export const CustomersFieldsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CustomersFields"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customFields"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"entity"},"value":{"kind":"EnumValue","value":"CUSTOMER"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"labelEn"}},{"kind":"Field","name":{"kind":"Name","value":"help"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"required"}},{"kind":"Field","name":{"kind":"Name","value":"unique"}},{"kind":"Field","name":{"kind":"Name","value":"default"}},{"kind":"Field","name":{"kind":"Name","value":"rules"}},{"kind":"Field","name":{"kind":"Name","value":"position"}},{"kind":"Field","name":{"kind":"Name","value":"archived"}}]}},{"kind":"Field","name":{"kind":"Name","value":"tenantSettings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"industries"}},{"kind":"Field","name":{"kind":"Name","value":"sources"}}]}}]}}]} as unknown as DocumentNode<CustomersFieldsQuery, CustomersFieldsQueryVariables>;
export const CustomersAssignDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CustomersAssign"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ids"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"toUserId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"assignCustomers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"ids"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ids"}}},{"kind":"Argument","name":{"kind":"Name","value":"toUserId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"toUserId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"owner"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}}]}}]} as unknown as DocumentNode<CustomersAssignMutation, CustomersAssignMutationVariables>;
export const CustomersTransferDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CustomersTransfer"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"fromUserId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"toUserId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"transferCustomers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"fromUserId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"fromUserId"}}},{"kind":"Argument","name":{"kind":"Name","value":"toUserId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"toUserId"}}}]}]}}]} as unknown as DocumentNode<CustomersTransferMutation, CustomersTransferMutationVariables>;
export const CustomersReleaseDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CustomersRelease"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"reason"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"releaseCustomer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"reason"},"value":{"kind":"Variable","name":{"kind":"Name","value":"reason"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"inPool"}},{"kind":"Field","name":{"kind":"Name","value":"owner"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]} as unknown as DocumentNode<CustomersReleaseMutation, CustomersReleaseMutationVariables>;
export const CustomersClaimDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CustomersClaim"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"claimCustomer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"inPool"}},{"kind":"Field","name":{"kind":"Name","value":"owner"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}}]}}]} as unknown as DocumentNode<CustomersClaimMutation, CustomersClaimMutationVariables>;
export const CustomersExportDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CustomersExport"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"CustomerFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"sort"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"CustomerSort"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"format"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ExportFormat"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"exportCustomers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"sort"},"value":{"kind":"Variable","name":{"kind":"Name","value":"sort"}}},{"kind":"Argument","name":{"kind":"Name","value":"format"},"value":{"kind":"Variable","name":{"kind":"Name","value":"format"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"fileName"}},{"kind":"Field","name":{"kind":"Name","value":"rows"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}}]}}]}}]} as unknown as DocumentNode<CustomersExportMutation, CustomersExportMutationVariables>;
export const CustomersExportConversationsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CustomersExportConversations"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ConversationsFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"format"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ExportFormat"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"exportConversations"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"format"},"value":{"kind":"Variable","name":{"kind":"Name","value":"format"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"fileName"}},{"kind":"Field","name":{"kind":"Name","value":"rows"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}}]}}]}}]} as unknown as DocumentNode<CustomersExportConversationsMutation, CustomersExportConversationsMutationVariables>;
export const CustomerFormLoadDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CustomerFormLoad"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"company"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"phones"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"address"}},{"kind":"Field","name":{"kind":"Name","value":"gender"}},{"kind":"Field","name":{"kind":"Name","value":"birthday"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"industry"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"grade"}},{"kind":"Field","name":{"kind":"Name","value":"tags"}},{"kind":"Field","name":{"kind":"Name","value":"owner"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"inPool"}},{"kind":"Field","name":{"kind":"Name","value":"lastContactAt"}},{"kind":"Field","name":{"kind":"Name","value":"nextVisitAt"}},{"kind":"Field","name":{"kind":"Name","value":"custom"}},{"kind":"Field","name":{"kind":"Name","value":"customValues"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"access"}}]}}]}}]}}]} as unknown as DocumentNode<CustomerFormLoadQuery, CustomerFormLoadQueryVariables>;
export const CustomerCreateDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CustomerCreate"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateCustomerInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createCustomer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<CustomerCreateMutation, CustomerCreateMutationVariables>;
export const CustomerUpdateDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CustomerUpdate"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateCustomerInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateCustomer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<CustomerUpdateMutation, CustomerUpdateMutationVariables>;
export const CustomerDetailDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CustomerDetail"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"company"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"phones"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"address"}},{"kind":"Field","name":{"kind":"Name","value":"gender"}},{"kind":"Field","name":{"kind":"Name","value":"birthday"}},{"kind":"Field","name":{"kind":"Name","value":"photoUrl"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"industry"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"grade"}},{"kind":"Field","name":{"kind":"Name","value":"tags"}},{"kind":"Field","name":{"kind":"Name","value":"owner"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"inPool"}},{"kind":"Field","name":{"kind":"Name","value":"lastContactAt"}},{"kind":"Field","name":{"kind":"Name","value":"nextVisitAt"}},{"kind":"Field","name":{"kind":"Name","value":"custom"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"createdBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"release"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"releasedAt"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"releasedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"previousOwner"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"customValues"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"labelEn"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"access"}}]}},{"kind":"Field","name":{"kind":"Name","value":"deals"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"ownerId"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"expectedCloseDate"}},{"kind":"Field","name":{"kind":"Name","value":"closeDate"}},{"kind":"Field","name":{"kind":"Name","value":"notes"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"grades"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelId"}},{"kind":"Field","name":{"kind":"Name","value":"modelName"}},{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"gradedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"history"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"limit"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"oldValue"}},{"kind":"Field","name":{"kind":"Name","value":"newValue"}},{"kind":"Field","name":{"kind":"Name","value":"actor"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"at"}}]}}]}}]}}]} as unknown as DocumentNode<CustomerDetailQuery, CustomerDetailQueryVariables>;
export const CustomerConversationsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CustomerConversations"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"conversations"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"topic"}},{"kind":"Field","name":{"kind":"Name","value":"content"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"author"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"entries"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"content"}}]}},{"kind":"Field","name":{"kind":"Name","value":"customValues"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"labelEn"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<CustomerConversationsQuery, CustomerConversationsQueryVariables>;
export const CustomerAddConversationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CustomerAddConversation"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AddConversationInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"addConversation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"merged"}},{"kind":"Field","name":{"kind":"Name","value":"conversation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}}]}}]}}]}}]} as unknown as DocumentNode<CustomerAddConversationMutation, CustomerAddConversationMutationVariables>;
export const CustomerEditConversationContentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CustomerEditConversationContent"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"content"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"editConversationContent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"content"},"value":{"kind":"Variable","name":{"kind":"Name","value":"content"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"content"}}]}}]}}]} as unknown as DocumentNode<CustomerEditConversationContentMutation, CustomerEditConversationContentMutationVariables>;
export const CustomerEditConversationTimeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CustomerEditConversationTime"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"occurredAt"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"editConversationTime"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"occurredAt"},"value":{"kind":"Variable","name":{"kind":"Name","value":"occurredAt"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}}]}}]}}]} as unknown as DocumentNode<CustomerEditConversationTimeMutation, CustomerEditConversationTimeMutationVariables>;
export const CustomerDeleteConversationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CustomerDeleteConversation"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteConversation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}]}]}}]} as unknown as DocumentNode<CustomerDeleteConversationMutation, CustomerDeleteConversationMutationVariables>;
export const CustomerSetPhotoDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CustomerSetPhoto"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"file"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Upload"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setCustomerPhoto"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"file"},"value":{"kind":"Variable","name":{"kind":"Name","value":"file"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"photoUrl"}}]}}]}}]} as unknown as DocumentNode<CustomerSetPhotoMutation, CustomerSetPhotoMutationVariables>;
export const CustomerRemovePhotoDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CustomerRemovePhoto"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"removeCustomerPhoto"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"photoUrl"}}]}}]}}]} as unknown as DocumentNode<CustomerRemovePhotoMutation, CustomerRemovePhotoMutationVariables>;
export const CustomerCreateDealDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CustomerCreateDeal"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"customerId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DealInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createDeal"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"customerId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"customerId"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<CustomerCreateDealMutation, CustomerCreateDealMutationVariables>;
export const CustomerUpdateDealDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CustomerUpdateDeal"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DealInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateDeal"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<CustomerUpdateDealMutation, CustomerUpdateDealMutationVariables>;
export const CustomerDeleteDealDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CustomerDeleteDeal"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteDeal"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}]}]}}]} as unknown as DocumentNode<CustomerDeleteDealMutation, CustomerDeleteDealMutationVariables>;
export const CustomerCreatePlanDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CustomerCreatePlan"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateWorkPlanInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createWorkPlan"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<CustomerCreatePlanMutation, CustomerCreatePlanMutationVariables>;
export const CustomerSetNextVisitDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CustomerSetNextVisit"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"at"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateCustomer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"nextVisitAt"},"value":{"kind":"Variable","name":{"kind":"Name","value":"at"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"nextVisitAt"}}]}}]}}]} as unknown as DocumentNode<CustomerSetNextVisitMutation, CustomerSetNextVisitMutationVariables>;
export const CustomerDeleteForGoodDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CustomerDeleteForGood"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteCustomerPermanently"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"confirm"},"value":{"kind":"BooleanValue","value":true}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<CustomerDeleteForGoodMutation, CustomerDeleteForGoodMutationVariables>;
export const CustomerPlansDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CustomerPlans"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"WorkPlansFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"workPlans"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"subject"}},{"kind":"Field","name":{"kind":"Name","value":"start"}},{"kind":"Field","name":{"kind":"Name","value":"end"}},{"kind":"Field","name":{"kind":"Name","value":"content"}},{"kind":"Field","name":{"kind":"Name","value":"done"}},{"kind":"Field","name":{"kind":"Name","value":"overdue"}},{"kind":"Field","name":{"kind":"Name","value":"author"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}}]}}]}}]} as unknown as DocumentNode<CustomerPlansQuery, CustomerPlansQueryVariables>;
export const CustomerConversationFieldsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CustomerConversationFields"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customFields"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"entity"},"value":{"kind":"EnumValue","value":"CONVERSATION"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"labelEn"}},{"kind":"Field","name":{"kind":"Name","value":"help"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"required"}},{"kind":"Field","name":{"kind":"Name","value":"unique"}},{"kind":"Field","name":{"kind":"Name","value":"default"}},{"kind":"Field","name":{"kind":"Name","value":"rules"}},{"kind":"Field","name":{"kind":"Name","value":"position"}},{"kind":"Field","name":{"kind":"Name","value":"archived"}}]}}]}}]} as unknown as DocumentNode<CustomerConversationFieldsQuery, CustomerConversationFieldsQueryVariables>;
export const ImportPreviewFileDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ImportPreviewFile"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"file"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Upload"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"sheet"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"previewCustomerImport"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"file"},"value":{"kind":"Variable","name":{"kind":"Name","value":"file"}}},{"kind":"Argument","name":{"kind":"Name","value":"sheet"},"value":{"kind":"Variable","name":{"kind":"Name","value":"sheet"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"format"}},{"kind":"Field","name":{"kind":"Name","value":"encoding"}},{"kind":"Field","name":{"kind":"Name","value":"rows"}},{"kind":"Field","name":{"kind":"Name","value":"columns"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"header"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"fieldLabel"}}]}},{"kind":"Field","name":{"kind":"Name","value":"sample"}},{"kind":"Field","name":{"kind":"Name","value":"fields"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"label"}}]}},{"kind":"Field","name":{"kind":"Name","value":"warnings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"column"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<ImportPreviewFileMutation, ImportPreviewFileMutationVariables>;
export const ImportStartDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ImportStart"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"file"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Upload"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ImportCustomersInput"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"importCustomers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"file"},"value":{"kind":"Variable","name":{"kind":"Name","value":"file"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<ImportStartMutation, ImportStartMutationVariables>;
export const ImportStatusDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ImportStatus"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"offset"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"limit"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customerImport"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"fileName"}},{"kind":"Field","name":{"kind":"Name","value":"format"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"rowsTotal"}},{"kind":"Field","name":{"kind":"Name","value":"rowsDone"}},{"kind":"Field","name":{"kind":"Name","value":"created"}},{"kind":"Field","name":{"kind":"Name","value":"updated"}},{"kind":"Field","name":{"kind":"Name","value":"skipped"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"job"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"progressDone"}},{"kind":"Field","name":{"kind":"Name","value":"progressTotal"}},{"kind":"Field","name":{"kind":"Name","value":"progressNote"}},{"kind":"Field","name":{"kind":"Name","value":"error"}}]}},{"kind":"Field","name":{"kind":"Name","value":"issues"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"offset"},"value":{"kind":"Variable","name":{"kind":"Name","value":"offset"}}},{"kind":"Argument","name":{"kind":"Name","value":"limit"},"value":{"kind":"Variable","name":{"kind":"Name","value":"limit"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"items"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"row"}},{"kind":"Field","name":{"kind":"Name","value":"column"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"severity"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ImportStatusQuery, ImportStatusQueryVariables>;
export const ImportRecentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ImportRecent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"customerImports"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"limit"},"value":{"kind":"IntValue","value":"10"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"fileName"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"rowsTotal"}},{"kind":"Field","name":{"kind":"Name","value":"created"}},{"kind":"Field","name":{"kind":"Name","value":"updated"}},{"kind":"Field","name":{"kind":"Name","value":"skipped"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]}}]} as unknown as DocumentNode<ImportRecentQuery, ImportRecentQueryVariables>;
export const ImportCancelDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ImportCancel"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cancelJob"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<ImportCancelMutation, ImportCancelMutationVariables>;
export const PoolListDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PoolList"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"CustomerFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"sort"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"CustomerSort"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pool"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"sort"},"value":{"kind":"Variable","name":{"kind":"Name","value":"sort"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"company"}},{"kind":"Field","name":{"kind":"Name","value":"phones"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"grade"}},{"kind":"Field","name":{"kind":"Name","value":"tags"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"release"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"releasedAt"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"releasedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"previousOwner"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<PoolListQuery, PoolListQueryVariables>;
export const PoolQuotaDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PoolQuota"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"poolQuota"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"claimsToday"}},{"kind":"Field","name":{"kind":"Name","value":"claimsPerDay"}},{"kind":"Field","name":{"kind":"Name","value":"held"}},{"kind":"Field","name":{"kind":"Name","value":"maxHeld"}},{"kind":"Field","name":{"kind":"Name","value":"reclaimCooldownDays"}},{"kind":"Field","name":{"kind":"Name","value":"dayEndsAt"}}]}}]}}]} as unknown as DocumentNode<PoolQuotaQuery, PoolQuotaQueryVariables>;