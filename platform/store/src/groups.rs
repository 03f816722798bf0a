//! Sales groups and their supervisors.
//!
//! Every change of a group (created, renamed, deleted, a supervisor
//! appointed or withdrawn, which changes what supervisors see) emits
//! `group.changed` in its transaction.

use chrono::{DateTime, Utc};
use guanxi_core::events::Definition;
use guanxi_core::input::Name;
use guanxi_core::{Action, DomainEvent, Error, FieldError, GroupId, Result, Role, UserId};
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::audit::AuditAction;
use crate::db::{TenantTx, db_err};
use crate::entity::{group, group_supervisor, invitation, user, webhook_endpoint, workflow};
use crate::{audit, users};

/// A group as the API shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    /// Id.
    pub id: GroupId,
    /// Name.
    pub name: String,
    /// Created.
    pub created_at: DateTime<Utc>,
}

impl From<group::Model> for Group {
    fn from(m: group::Model) -> Self {
        Group { id: GroupId(m.id), name: m.name, created_at: m.created_at }
    }
}

/// Groups the actor may see: all for admins, otherwise the groups they
/// supervise or belong to.
pub async fn list(tx: &TenantTx) -> Result<Vec<Group>> {
    let actor = tx.actor()?;
    actor.authorize(&Action::ViewTeam)?;
    let mut q = tx.select::<group::Entity>();
    if actor.role != Role::Admin {
        let visible: Vec<_> = actor
            .supervises
            .iter()
            .chain(actor.group_id.iter())
            .filter(|g| actor.can(&Action::ViewGroup(**g)))
            .map(|g| g.0)
            .collect();
        q = q.filter(group::Column::Id.is_in(visible));
    }
    Ok(q.order_by_asc(group::Column::Name).all(tx.conn()).await.map_err(db_err)?.into_iter().map(Group::from).collect())
}

/// One group the actor may see; `NOT_FOUND` otherwise.
pub async fn get(tx: &TenantTx, id: GroupId) -> Result<Group> {
    let actor = tx.actor()?;
    actor.authorize(&Action::ViewTeam)?;
    if !actor.can(&Action::ViewGroup(id)) {
        return Err(Error::NotFound("group"));
    }
    find(tx, id).await
}

async fn find(tx: &TenantTx, id: GroupId) -> Result<Group> {
    tx.select::<group::Entity>()
        .filter(group::Column::Id.eq(id.0))
        .one(tx.conn())
        .await
        .map_err(db_err)?
        .map(Group::from)
        .ok_or(Error::NotFound("group"))
}

/// Create a group. Admins only.
pub async fn create(tx: &TenantTx, name: &str) -> Result<Group> {
    tx.actor()?.authorize(&Action::ManageGroups)?;
    let name = Name::parse(name, "name", 100).map_err(|e| Error::Validation(vec![e]))?;
    let model = group::Model {
        tenant_id: tx.tenant_id().0,
        id: GroupId::new().0,
        name: name.into_string(),
        created_at: tx.now,
        updated_at: tx.now,
    };
    tx.insert(group::ActiveModel::from(model.clone())).exec_without_returning(tx.conn()).await.map_err(db_err)?;
    tx.emit(DomainEvent::GroupChanged { group: GroupId(model.id), what: Definition::Created });
    audit::record(tx, AuditAction::GroupCreate, "group", Some(model.id), serde_json::json!({ "name": model.name }))
        .await?;
    Ok(model.into())
}

/// Rename a group. Admins only.
pub async fn rename(tx: &TenantTx, id: GroupId, name: &str) -> Result<Group> {
    tx.actor()?.authorize(&Action::ManageGroups)?;
    let name = Name::parse(name, "name", 100).map_err(|e| Error::Validation(vec![e]))?;
    let old = find(tx, id).await?;
    tx.update_many::<group::Entity>()
        .col_expr(group::Column::Name, Expr::value(name.as_str()))
        .col_expr(group::Column::UpdatedAt, Expr::value(tx.now))
        .filter(group::Column::Id.eq(id.0))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    tx.emit(DomainEvent::GroupChanged { group: id, what: Definition::Updated });
    audit::record(
        tx,
        AuditAction::GroupRename,
        "group",
        Some(id.0),
        serde_json::json!({ "old": old.name, "new": name.as_str() }),
    )
    .await?;
    find(tx, id).await
}

/// Delete an empty group. Admins only; a group with members is refused.
pub async fn delete(tx: &TenantTx, id: GroupId) -> Result<()> {
    tx.actor()?.authorize(&Action::ManageGroups)?;
    let g = find(tx, id).await?;
    let members =
        tx.select::<user::Entity>().filter(user::Column::GroupId.eq(id.0)).count(tx.conn()).await.map_err(db_err)?;
    if members > 0 {
        return Err(Error::Conflict(FieldError::new("id", "not_empty", "move the group's members out first")));
    }
    // The group's automation would act for nobody: it is archived or moved
    // first, by a decision rather than by surprise.
    let workflows = tx
        .select::<workflow::Entity>()
        .filter(workflow::Column::GroupId.eq(id.0))
        .filter(workflow::Column::State.ne(crate::workflows::WorkflowState::Archived.as_str()))
        .count(tx.conn())
        .await
        .map_err(db_err)?;
    let webhooks = tx
        .select::<webhook_endpoint::Entity>()
        .filter(webhook_endpoint::Column::GroupId.eq(id.0))
        .count(tx.conn())
        .await
        .map_err(db_err)?;
    if workflows + webhooks > 0 {
        return Err(Error::Conflict(FieldError::new(
            "id",
            "has_automation",
            "archive the group's workflows and delete its webhooks first",
        )));
    }
    // Pending invitations into the group are withdrawn; every invitation
    // forgets the group, so the foreign key lets it go.
    tx.update_many::<invitation::Entity>()
        .col_expr(invitation::Column::RevokedAt, Expr::value(Some(tx.now)))
        .filter(invitation::Column::GroupId.eq(id.0))
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::RevokedAt.is_null())
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    tx.update_many::<invitation::Entity>()
        .col_expr(invitation::Column::GroupId, Expr::value(Option::<uuid::Uuid>::None))
        .filter(invitation::Column::GroupId.eq(id.0))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    crate::segments::group_deleted(tx, id).await?;
    tx.delete_many::<group::Entity>().filter(group::Column::Id.eq(id.0)).exec(tx.conn()).await.map_err(db_err)?;
    tx.emit(DomainEvent::GroupChanged { group: id, what: Definition::Deleted });
    audit::record(tx, AuditAction::GroupDelete, "group", Some(id.0), serde_json::json!({ "name": g.name })).await
}

/// The supervisors of a group the actor may see.
pub async fn supervisors(tx: &TenantTx, id: GroupId) -> Result<Vec<UserId>> {
    get(tx, id).await?;
    Ok(tx
        .select::<group_supervisor::Entity>()
        .filter(group_supervisor::Column::GroupId.eq(id.0))
        // The automation identity may hold a group's rights; it is not one
        // of its people.
        .filter(
            group_supervisor::Column::UserId.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(user::Column::Id)
                    .from(user::Entity)
                    .and_where(user::Column::TenantId.eq(tx.tenant_id().0))
                    .and_where(user::Column::Kind.eq(users::PERSON))
                    .to_owned(),
            ),
        )
        .order_by_asc(group_supervisor::Column::CreatedAt)
        .all(tx.conn())
        .await
        .map_err(db_err)?
        .into_iter()
        .map(|s| UserId(s.user_id))
        .collect())
}

/// Appoint a supervisor (a user with the supervisor role) to a group. Admins only.
pub async fn add_supervisor(tx: &TenantTx, id: GroupId, user_id: UserId) -> Result<()> {
    tx.actor()?.authorize(&Action::ManageGroups)?;
    find(tx, id).await?;
    let u = users::get(tx, user_id).await?;
    if u.role != Role::Supervisor || !u.active {
        return Err(Error::invalid("userId", "not_supervisor", "only an active supervisor can supervise a group"));
    }
    let exists = tx
        .select::<group_supervisor::Entity>()
        .filter(group_supervisor::Column::GroupId.eq(id.0))
        .filter(group_supervisor::Column::UserId.eq(user_id.0))
        .one(tx.conn())
        .await
        .map_err(db_err)?
        .is_some();
    if !exists {
        appoint(tx, id, user_id).await?;
    }
    Ok(())
}

/// Write the appointment of `user_id` as a supervisor of group `id`
/// (authorized by the caller): the row, its event and its audit entry.
pub(crate) async fn appoint(tx: &TenantTx, id: GroupId, user_id: UserId) -> Result<()> {
    tx.insert(group_supervisor::ActiveModel {
        // Set by the scoped insert.
        tenant_id: NotSet,
        group_id: Set(id.0),
        user_id: Set(user_id.0),
        created_at: Set(tx.now),
    })
    .exec_without_returning(tx.conn())
    .await
    .map_err(db_err)?;
    tx.emit(DomainEvent::GroupChanged { group: id, what: Definition::Updated });
    audit::record(tx, AuditAction::GroupAddSupervisor, "group", Some(id.0), serde_json::json!({ "userId": user_id }))
        .await
}

/// Withdraw every appointment of `user_id` as a supervisor (they stop
/// being a supervisor, or leave), emitting `group.changed` for each group
/// they supervised. The caller authorizes and audits the change this is
/// part of.
pub(crate) async fn withdraw_supervisor(tx: &TenantTx, user_id: UserId) -> Result<()> {
    let supervised: Vec<uuid::Uuid> = tx
        .select::<group_supervisor::Entity>()
        .select_only()
        .column(group_supervisor::Column::GroupId)
        .filter(group_supervisor::Column::UserId.eq(user_id.0))
        .into_tuple()
        .all(tx.conn())
        .await
        .map_err(db_err)?;
    if supervised.is_empty() {
        return Ok(());
    }
    tx.delete_many::<group_supervisor::Entity>()
        .filter(group_supervisor::Column::UserId.eq(user_id.0))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    for g in supervised {
        tx.emit(DomainEvent::GroupChanged { group: GroupId(g), what: Definition::Updated });
    }
    Ok(())
}

/// Remove a supervisor from a group. Admins only.
pub async fn remove_supervisor(tx: &TenantTx, id: GroupId, user_id: UserId) -> Result<()> {
    tx.actor()?.authorize(&Action::ManageGroups)?;
    find(tx, id).await?;
    let n = tx
        .delete_many::<group_supervisor::Entity>()
        .filter(group_supervisor::Column::GroupId.eq(id.0))
        .filter(group_supervisor::Column::UserId.eq(user_id.0))
        .exec(tx.conn())
        .await
        .map_err(db_err)?
        .rows_affected;
    if n > 0 {
        tx.emit(DomainEvent::GroupChanged { group: id, what: Definition::Updated });
        audit::record(
            tx,
            AuditAction::GroupRemoveSupervisor,
            "group",
            Some(id.0),
            serde_json::json!({ "userId": user_id }),
        )
        .await?;
    }
    Ok(())
}
