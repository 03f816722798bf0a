//! Domain events: what changed in a company's data, as typed facts.
//!
//! Every write path appends its events in the same transaction as the change
//! (the store's outbox, table `domain_events`), numbered by a per-company
//! sequence. Subscribers (the search indexer, workflows, outbound webhooks,
//! billing meters) read them in that order at their own pace. An event names
//! what changed and by how much a subscriber needs to decide what to do; a
//! subscriber that needs the whole record reads it (an event is a
//! notification, not a copy of the row, so that field visibility is decided
//! when the record is read, by the reader's rules).
//!
//! The serialized form is the stored payload and part of the contract with
//! subscribers: `{"type": "customer.created", …}`. Adding a variant or an
//! optional field is compatible; renaming one is not.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::ids::{
    BoardPostId, ConversationId, CustomFieldId, CustomerId, DealId, GradingModelId, GroupId, ImportId, PluginId,
    SegmentId, TagId, UserId, WebhookId, WorkPlanId,
};
use crate::roles::Role;

/// How a customer got a new owner without passing through the pool.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OwnerChange {
    /// An admin or supervisor gave a pool customer to someone.
    Assign,
    /// An owned customer was handed from one person to another.
    Transfer,
    /// A departing user's customers went to a successor.
    Offboard,
}

/// How a customer came to exist.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CreatedBy {
    /// Through the API (a person or an integration).
    Api,
    /// By an import.
    Import,
    /// By a plugin's effect or a workflow.
    Automation,
}

/// What happened to a custom field's definition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Definition {
    /// It was added.
    Created,
    /// Its name, options, visibility or type changed.
    Updated,
    /// It was removed.
    Deleted,
}

/// One fact about a company's data. See the module documentation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum DomainEvent {
    /// A customer was created (owned by `owner`, or in the pool when none).
    #[serde(rename = "customer.created")]
    CustomerCreated {
        /// The customer.
        customer: CustomerId,
        /// Its owner; none when it was created into the pool.
        owner: Option<UserId>,
        /// Which path created it.
        by: CreatedBy,
    },
    /// Fields of a customer changed (not its owner: see the owner events).
    #[serde(rename = "customer.updated")]
    CustomerUpdated {
        /// The customer.
        customer: CustomerId,
        /// The changed fields by their API names; custom fields as
        /// `custom.<key>`.
        fields: Vec<String>,
    },
    /// A customer went from one owner to another without the pool.
    #[serde(rename = "customer.owner_changed")]
    CustomerOwnerChanged {
        /// The customer.
        customer: CustomerId,
        /// The previous owner (none when it came from the pool).
        from: Option<UserId>,
        /// The new owner.
        to: UserId,
        /// Why.
        how: OwnerChange,
    },
    /// A customer was put in the public pool (released, or deleted by its
    /// owner, which moves it to the pool).
    #[serde(rename = "customer.released")]
    CustomerReleased {
        /// The customer.
        customer: CustomerId,
        /// The owner it left.
        from: Option<UserId>,
        /// The reason given.
        reason: Option<String>,
    },
    /// A salesperson claimed a customer from the pool.
    #[serde(rename = "customer.claimed")]
    CustomerClaimed {
        /// The customer.
        customer: CustomerId,
        /// Who claimed it.
        by: UserId,
    },
    /// A customer was deleted for good.
    #[serde(rename = "customer.deleted")]
    CustomerDeleted {
        /// The customer.
        customer: CustomerId,
    },
    /// Customers were merged into one (the survivor); the merged ids now
    /// lead to it, and their conversations, plans, deals and history moved
    /// to it.
    #[serde(rename = "customer.merged")]
    CustomersMerged {
        /// The customer that remains.
        customer: CustomerId,
        /// The customers merged into it.
        merged: Vec<CustomerId>,
        /// The merge (to undo it).
        merge: Uuid,
    },
    /// A merge was undone: the merged customers are back, with what moved
    /// from them.
    #[serde(rename = "customer.merge_undone")]
    CustomerMergeUndone {
        /// The customer they had been merged into.
        customer: CustomerId,
        /// The customers restored.
        restored: Vec<CustomerId>,
        /// The merge.
        merge: Uuid,
    },
    /// A customer's grade under a grading model changed.
    #[serde(rename = "customer.grade_changed")]
    GradeChanged {
        /// The customer.
        customer: CustomerId,
        /// The grading model.
        model: GradingModelId,
        /// The grade before (none when it had none).
        from: Option<String>,
        /// The grade after (none when it no longer has one).
        to: Option<String>,
    },
    /// A conversation was recorded.
    #[serde(rename = "conversation.added")]
    ConversationAdded {
        /// The conversation.
        conversation: ConversationId,
        /// Its customer.
        customer: CustomerId,
    },
    /// A conversation was edited (or a follow-up merged into it).
    #[serde(rename = "conversation.edited")]
    ConversationEdited {
        /// The conversation.
        conversation: ConversationId,
        /// Its customer.
        customer: CustomerId,
        /// The changed fields by their API names.
        fields: Vec<String>,
    },
    /// A conversation was deleted.
    #[serde(rename = "conversation.deleted")]
    ConversationDeleted {
        /// The conversation.
        conversation: ConversationId,
        /// Its customer.
        customer: CustomerId,
    },
    /// A work plan was created.
    #[serde(rename = "plan.created")]
    PlanCreated {
        /// The plan.
        plan: WorkPlanId,
        /// Whose plan it is.
        owner: UserId,
        /// The customer it is about, if any (absent from events written
        /// before plans had customers).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        customer: Option<CustomerId>,
    },
    /// A work plan was edited.
    #[serde(rename = "plan.updated")]
    PlanUpdated {
        /// The plan.
        plan: WorkPlanId,
        /// The changed fields by their API names (`customerId` when the
        /// plan was linked to another customer or unlinked).
        fields: Vec<String>,
        /// The customer it is about after the change, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        customer: Option<CustomerId>,
    },
    /// A work plan was marked done.
    #[serde(rename = "plan.done")]
    PlanDone {
        /// The plan.
        plan: WorkPlanId,
    },
    /// A work plan passed its due time undone.
    #[serde(rename = "plan.overdue")]
    PlanOverdue {
        /// The plan.
        plan: WorkPlanId,
        /// Whose plan it is.
        owner: UserId,
    },
    /// A work plan was deleted.
    #[serde(rename = "plan.deleted")]
    PlanDeleted {
        /// The plan.
        plan: WorkPlanId,
    },
    /// A deal was created.
    #[serde(rename = "deal.created")]
    DealCreated {
        /// The deal.
        deal: DealId,
        /// Its customer.
        customer: CustomerId,
    },
    /// A deal was edited.
    #[serde(rename = "deal.updated")]
    DealUpdated {
        /// The deal.
        deal: DealId,
        /// Its customer.
        customer: CustomerId,
    },
    /// A deal was deleted.
    #[serde(rename = "deal.deleted")]
    DealDeleted {
        /// The deal.
        deal: DealId,
        /// Its customer.
        customer: CustomerId,
    },
    /// A user joined the company (signed up as its first admin, or
    /// accepted an invitation).
    #[serde(rename = "user.joined")]
    UserJoined {
        /// The user.
        user: UserId,
        /// Their role.
        role: Role,
        /// Their group.
        group: Option<GroupId>,
    },
    /// A user's role changed.
    #[serde(rename = "user.role_changed")]
    UserRoleChanged {
        /// The user.
        user: UserId,
        /// The role before.
        from: Role,
        /// The role after.
        to: Role,
    },
    /// A user moved to another group (which changes what supervisors see
    /// without touching any customer).
    #[serde(rename = "user.moved_group")]
    UserMovedGroup {
        /// The user.
        user: UserId,
        /// The group before.
        from: Option<GroupId>,
        /// The group after.
        to: Option<GroupId>,
    },
    /// A user was deactivated (can no longer log in).
    #[serde(rename = "user.deactivated")]
    UserDeactivated {
        /// The user.
        user: UserId,
    },
    /// A deactivated user was reactivated.
    #[serde(rename = "user.reactivated")]
    UserReactivated {
        /// The user.
        user: UserId,
    },
    /// A departing user was offboarded: their customers and open plans went
    /// to a successor (each customer also has its own owner event).
    #[serde(rename = "user.offboarded")]
    UserOffboarded {
        /// The user.
        user: UserId,
        /// Who took over.
        successor: Option<UserId>,
    },
    /// A user's display name changed (an edit, or an erasure), which
    /// changes how their customers show their owner.
    #[serde(rename = "user.renamed")]
    UserRenamed {
        /// The user.
        user: UserId,
    },
    /// A group was created, renamed or deleted, or its supervisors changed
    /// (which changes what supervisors see).
    #[serde(rename = "group.changed")]
    GroupChanged {
        /// The group.
        group: GroupId,
        /// What happened to the group itself.
        what: Definition,
    },
    /// A custom field's definition changed.
    #[serde(rename = "custom_field.changed")]
    CustomFieldChanged {
        /// The field.
        field: CustomFieldId,
        /// Its key.
        key: String,
        /// What happened.
        what: Definition,
    },
    /// An import finished.
    #[serde(rename = "import.finished")]
    ImportFinished {
        /// The import.
        import: ImportId,
        /// Rows that created a customer.
        created: u64,
        /// Rows that updated one.
        updated: u64,
        /// Rows left out (duplicates skipped, errors).
        skipped: u64,
    },
    /// A backup was restored into the company: any of its records may have
    /// changed without an event of its own, so a subscriber that keeps a
    /// copy of them (a search index) rebuilds the company's.
    #[serde(rename = "company.restored")]
    CompanyRestored {
        /// The restore (its id in the company's backups list).
        restore: Uuid,
    },
    /// An operator asked for the company's search documents to be rebuilt
    /// from the database (`guanxi reindex` while a server runs): the
    /// indexer does it in the place of this event, between the company's
    /// other events.
    #[serde(rename = "search.rebuild_requested")]
    SearchRebuildRequested {
        /// The request.
        request: Uuid,
    },
    /// A post on the message board was written, edited or deleted.
    #[serde(rename = "board.post_changed")]
    BoardPostChanged {
        /// The post.
        post: BoardPostId,
        /// What happened to it.
        what: Definition,
    },
    /// An outbound webhook was disabled: by an admin, or automatically
    /// because its deliveries kept failing.
    #[serde(rename = "webhook.disabled")]
    WebhookDisabled {
        /// The webhook.
        webhook: WebhookId,
        /// Its URL.
        url: String,
        /// Why: `manual` or `failing`.
        reason: String,
        /// Failed attempts in a row when it was disabled.
        failures: i64,
    },
    /// A saved customer list (segment) was created, changed (its name,
    /// filter or sharing) or deleted.
    #[serde(rename = "segment.changed")]
    SegmentChanged {
        /// The segment.
        segment: SegmentId,
        /// What happened to it.
        what: Definition,
    },
    /// One of the company's managed tags was created, changed (renamed,
    /// recoloured, regrouped, merged into) or deleted (removed, or merged
    /// into another). The customers whose tags changed with it have their
    /// own `customer.updated`.
    #[serde(rename = "tag.changed")]
    TagChanged {
        /// The tag.
        tag: TagId,
        /// What happened to it.
        what: Definition,
    },
    /// A plugin was installed (its first version uploaded).
    #[serde(rename = "plugin.installed")]
    PluginInstalled {
        /// The plugin.
        plugin: PluginId,
        /// Its name.
        name: String,
    },
}

impl DomainEvent {
    /// Every event type, as [`DomainEvent::kind`] names it. A new variant
    /// adds its type here (the unit test below checks the samples it knows;
    /// outbound webhooks offer exactly these types to subscribe to).
    pub const KINDS: &'static [&'static str] = &[
        "customer.created",
        "customer.updated",
        "customer.owner_changed",
        "customer.released",
        "customer.claimed",
        "customer.deleted",
        "customer.merged",
        "customer.merge_undone",
        "customer.grade_changed",
        "conversation.added",
        "conversation.edited",
        "conversation.deleted",
        "plan.created",
        "plan.updated",
        "plan.done",
        "plan.overdue",
        "plan.deleted",
        "deal.created",
        "deal.updated",
        "deal.deleted",
        "user.joined",
        "user.role_changed",
        "user.moved_group",
        "user.deactivated",
        "user.reactivated",
        "user.offboarded",
        "user.renamed",
        "group.changed",
        "custom_field.changed",
        "import.finished",
        "company.restored",
        "search.rebuild_requested",
        "board.post_changed",
        "plugin.installed",
        "webhook.disabled",
        "segment.changed",
        "tag.changed",
    ];

    /// The event's type as stored and serialized, e.g. `customer.created`.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::CustomerCreated { .. } => "customer.created",
            Self::CustomerUpdated { .. } => "customer.updated",
            Self::CustomerOwnerChanged { .. } => "customer.owner_changed",
            Self::CustomerReleased { .. } => "customer.released",
            Self::CustomerClaimed { .. } => "customer.claimed",
            Self::CustomerDeleted { .. } => "customer.deleted",
            Self::CustomersMerged { .. } => "customer.merged",
            Self::CustomerMergeUndone { .. } => "customer.merge_undone",
            Self::GradeChanged { .. } => "customer.grade_changed",
            Self::ConversationAdded { .. } => "conversation.added",
            Self::ConversationEdited { .. } => "conversation.edited",
            Self::ConversationDeleted { .. } => "conversation.deleted",
            Self::PlanCreated { .. } => "plan.created",
            Self::PlanUpdated { .. } => "plan.updated",
            Self::PlanDone { .. } => "plan.done",
            Self::PlanOverdue { .. } => "plan.overdue",
            Self::PlanDeleted { .. } => "plan.deleted",
            Self::DealCreated { .. } => "deal.created",
            Self::DealUpdated { .. } => "deal.updated",
            Self::DealDeleted { .. } => "deal.deleted",
            Self::UserJoined { .. } => "user.joined",
            Self::UserRoleChanged { .. } => "user.role_changed",
            Self::UserMovedGroup { .. } => "user.moved_group",
            Self::UserDeactivated { .. } => "user.deactivated",
            Self::UserReactivated { .. } => "user.reactivated",
            Self::UserOffboarded { .. } => "user.offboarded",
            Self::UserRenamed { .. } => "user.renamed",
            Self::GroupChanged { .. } => "group.changed",
            Self::CustomFieldChanged { .. } => "custom_field.changed",
            Self::ImportFinished { .. } => "import.finished",
            Self::CompanyRestored { .. } => "company.restored",
            Self::SearchRebuildRequested { .. } => "search.rebuild_requested",
            Self::BoardPostChanged { .. } => "board.post_changed",
            Self::PluginInstalled { .. } => "plugin.installed",
            Self::WebhookDisabled { .. } => "webhook.disabled",
            Self::SegmentChanged { .. } => "segment.changed",
            Self::TagChanged { .. } => "tag.changed",
        }
    }

    /// The id of the record the event is about (the customer, the
    /// conversation, the user …), stored beside the payload so that a
    /// subscriber or an operator can find every event of one record.
    pub fn entity_id(&self) -> Uuid {
        match self {
            Self::CustomerCreated { customer, .. }
            | Self::CustomerUpdated { customer, .. }
            | Self::CustomerOwnerChanged { customer, .. }
            | Self::CustomerReleased { customer, .. }
            | Self::CustomerClaimed { customer, .. }
            | Self::CustomerDeleted { customer }
            | Self::CustomersMerged { customer, .. }
            | Self::CustomerMergeUndone { customer, .. }
            | Self::GradeChanged { customer, .. } => customer.0,
            Self::ConversationAdded { conversation, .. }
            | Self::ConversationEdited { conversation, .. }
            | Self::ConversationDeleted { conversation, .. } => conversation.0,
            Self::PlanCreated { plan, .. }
            | Self::PlanUpdated { plan, .. }
            | Self::PlanDone { plan }
            | Self::PlanOverdue { plan, .. }
            | Self::PlanDeleted { plan } => plan.0,
            Self::DealCreated { deal, .. } | Self::DealUpdated { deal, .. } | Self::DealDeleted { deal, .. } => deal.0,
            Self::UserJoined { user, .. }
            | Self::UserRoleChanged { user, .. }
            | Self::UserMovedGroup { user, .. }
            | Self::UserDeactivated { user }
            | Self::UserReactivated { user }
            | Self::UserOffboarded { user, .. }
            | Self::UserRenamed { user } => user.0,
            Self::GroupChanged { group, .. } => group.0,
            Self::CustomFieldChanged { field, .. } => field.0,
            Self::ImportFinished { import, .. } => import.0,
            Self::CompanyRestored { restore } => *restore,
            Self::SearchRebuildRequested { request } => *request,
            Self::BoardPostChanged { post, .. } => post.0,
            Self::PluginInstalled { plugin, .. } => plugin.0,
            Self::WebhookDisabled { webhook, .. } => webhook.0,
            Self::SegmentChanged { segment, .. } => segment.0,
            Self::TagChanged { tag, .. } => tag.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_serialized_type_is_the_kind() {
        let events = [
            DomainEvent::CustomerCreated { customer: CustomerId(Uuid::nil()), owner: None, by: CreatedBy::Import },
            DomainEvent::CustomerUpdated { customer: CustomerId(Uuid::nil()), fields: vec!["name".into()] },
            DomainEvent::UserMovedGroup { user: UserId(Uuid::nil()), from: None, to: Some(GroupId(Uuid::nil())) },
            DomainEvent::ImportFinished { import: ImportId(Uuid::nil()), created: 1, updated: 0, skipped: 2 },
            DomainEvent::UserRenamed { user: UserId(Uuid::nil()) },
            DomainEvent::BoardPostChanged { post: BoardPostId(Uuid::nil()), what: Definition::Deleted },
            DomainEvent::SegmentChanged { segment: SegmentId(Uuid::nil()), what: Definition::Created },
            DomainEvent::TagChanged { tag: TagId(Uuid::nil()), what: Definition::Deleted },
            DomainEvent::CustomersMerged {
                customer: CustomerId(Uuid::nil()),
                merged: vec![CustomerId(Uuid::nil())],
                merge: Uuid::nil(),
            },
            DomainEvent::CustomerMergeUndone {
                customer: CustomerId(Uuid::nil()),
                restored: vec![CustomerId(Uuid::nil())],
                merge: Uuid::nil(),
            },
        ];
        for e in events {
            let json = serde_json::to_value(&e).expect("serializes");
            assert_eq!(json["type"], e.kind());
            let back: DomainEvent = serde_json::from_value(json).expect("deserializes");
            assert_eq!(back, e);
            assert!(DomainEvent::KINDS.contains(&e.kind()), "{} is missing from KINDS", e.kind());
        }
    }
}
