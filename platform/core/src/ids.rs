//! Typed identifiers. Every row id is a UUIDv7 (time-ordered, so inserts stay
//! index-friendly) wrapped in a newtype so that a user id can never be passed
//! where a group id is expected.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! id_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A fresh, time-ordered id.
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }

        impl From<Uuid> for $name {
            fn from(u: Uuid) -> Self {
                Self(u)
            }
        }

        impl From<$name> for Uuid {
            fn from(id: $name) -> Uuid {
                id.0
            }
        }
    };
}

id_type!(
    /// A tenant (one company's workspace).
    TenantId
);
id_type!(
    /// A user inside a tenant.
    UserId
);
id_type!(
    /// A sales group inside a tenant.
    GroupId
);
id_type!(
    /// A login session.
    SessionId
);
id_type!(
    /// An integration API key.
    ApiKeyId
);
id_type!(
    /// An invitation to join a tenant.
    InvitationId
);
id_type!(
    /// A work plan (工作计划).
    WorkPlanId
);
id_type!(
    /// A background job.
    JobId
);
id_type!(
    /// A post on the message board (留言板).
    BoardPostId
);
id_type!(
    /// A reply on the message board.
    BoardReplyId
);
id_type!(
    /// A suggestion in the suggestion box (建议箱).
    SuggestionId
);
id_type!(
    /// A staff reply to a suggestion.
    SuggestionReplyId
);
id_type!(
    /// A customer.
    CustomerId
);
id_type!(
    /// A conversation (洽谈记录) with a customer.
    ConversationId
);
id_type!(
    /// A customer import from a CSV or XLSX file.
    ImportId
);
id_type!(
    /// A custom field definition (自定义字段).
    CustomFieldId
);
id_type!(
    /// A deal (商机 / 成交记录) of a customer.
    DealId
);
id_type!(
    /// A grading model (评级模型) configured by a company's admins.
    GradingModelId
);
id_type!(
    /// A WebAssembly plugin installed in a company.
    PluginId
);
id_type!(
    /// One immutable uploaded version of a plugin.
    PluginVersionId
);
id_type!(
    /// A plugin attached to a custom field or a grading model.
    PluginAttachmentId
);
id_type!(
    /// An outbound webhook endpoint a company's admins subscribed.
    WebhookId
);
id_type!(
    /// A saved customer list (分群): a named filter shared with its owner, a
    /// group or the whole company.
    SegmentId
);
id_type!(
    /// One of a company's managed customer tags (标签).
    TagId
);
id_type!(
    /// One delivery of one event to one webhook endpoint (a replay is a
    /// delivery of its own).
    WebhookDeliveryId
);
id_type!(
    /// A workflow (自动化流程) of a company.
    WorkflowId
);
id_type!(
    /// One version of a workflow's definition (a draft, or published and
    /// then immutable).
    WorkflowVersionId
);
id_type!(
    /// One run of a workflow version.
    WorkflowRunId
);
