//! Sales groups and their supervisors.

use chrono::{DateTime, Utc};
use guanxi_core::input::Name;
use guanxi_core::{Action, Error, FieldError, GroupId, Result, Role, UserId};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

use crate::db::{TenantTx, db_err};
use crate::entity::{group, group_supervisor, invitation, user};
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
    let mut q = group::Entity::find().filter(group::Column::TenantId.eq(tx.tenant_id().0));
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
    group::Entity::find_by_id((tx.tenant_id().0, id.0))
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
    group::Entity::insert(group::ActiveModel::from(model.clone()))
        .exec_without_returning(tx.conn())
        .await
        .map_err(db_err)?;
    audit::record(tx, "group.create", "group", Some(model.id), serde_json::json!({ "name": model.name })).await?;
    Ok(model.into())
}

/// Rename a group. Admins only.
pub async fn rename(tx: &TenantTx, id: GroupId, name: &str) -> Result<Group> {
    tx.actor()?.authorize(&Action::ManageGroups)?;
    let name = Name::parse(name, "name", 100).map_err(|e| Error::Validation(vec![e]))?;
    let old = find(tx, id).await?;
    group::Entity::update_many()
        .col_expr(group::Column::Name, Expr::value(name.as_str()))
        .col_expr(group::Column::UpdatedAt, Expr::value(tx.now))
        .filter(group::Column::TenantId.eq(tx.tenant_id().0))
        .filter(group::Column::Id.eq(id.0))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    audit::record(
        tx,
        "group.rename",
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
    let members = user::Entity::find()
        .filter(user::Column::TenantId.eq(tx.tenant_id().0))
        .filter(user::Column::GroupId.eq(id.0))
        .count(tx.conn())
        .await
        .map_err(db_err)?;
    if members > 0 {
        return Err(Error::Conflict(FieldError::new("id", "not_empty", "move the group's members out first")));
    }
    // Pending invitations into the group are withdrawn; every invitation
    // forgets the group, so the foreign key lets it go.
    invitation::Entity::update_many()
        .col_expr(invitation::Column::RevokedAt, Expr::value(Some(tx.now)))
        .filter(invitation::Column::TenantId.eq(tx.tenant_id().0))
        .filter(invitation::Column::GroupId.eq(id.0))
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::RevokedAt.is_null())
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    invitation::Entity::update_many()
        .col_expr(invitation::Column::GroupId, Expr::value(Option::<uuid::Uuid>::None))
        .filter(invitation::Column::TenantId.eq(tx.tenant_id().0))
        .filter(invitation::Column::GroupId.eq(id.0))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    group::Entity::delete_many()
        .filter(group::Column::TenantId.eq(tx.tenant_id().0))
        .filter(group::Column::Id.eq(id.0))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    audit::record(tx, "group.delete", "group", Some(id.0), serde_json::json!({ "name": g.name })).await
}

/// The supervisors of a group the actor may see.
pub async fn supervisors(tx: &TenantTx, id: GroupId) -> Result<Vec<UserId>> {
    get(tx, id).await?;
    Ok(group_supervisor::Entity::find()
        .filter(group_supervisor::Column::TenantId.eq(tx.tenant_id().0))
        .filter(group_supervisor::Column::GroupId.eq(id.0))
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
    let exists = group_supervisor::Entity::find_by_id((tx.tenant_id().0, id.0, user_id.0))
        .one(tx.conn())
        .await
        .map_err(db_err)?
        .is_some();
    if !exists {
        group_supervisor::Entity::insert(group_supervisor::ActiveModel {
            tenant_id: Set(tx.tenant_id().0),
            group_id: Set(id.0),
            user_id: Set(user_id.0),
            created_at: Set(tx.now),
        })
        .exec_without_returning(tx.conn())
        .await
        .map_err(db_err)?;
        audit::record(tx, "group.add_supervisor", "group", Some(id.0), serde_json::json!({ "userId": user_id }))
            .await?;
    }
    Ok(())
}

/// Remove a supervisor from a group. Admins only.
pub async fn remove_supervisor(tx: &TenantTx, id: GroupId, user_id: UserId) -> Result<()> {
    tx.actor()?.authorize(&Action::ManageGroups)?;
    find(tx, id).await?;
    let n = group_supervisor::Entity::delete_many()
        .filter(group_supervisor::Column::TenantId.eq(tx.tenant_id().0))
        .filter(group_supervisor::Column::GroupId.eq(id.0))
        .filter(group_supervisor::Column::UserId.eq(user_id.0))
        .exec(tx.conn())
        .await
        .map_err(db_err)?
        .rows_affected;
    if n > 0 {
        audit::record(tx, "group.remove_supervisor", "group", Some(id.0), serde_json::json!({ "userId": user_id }))
            .await?;
    }
    Ok(())
}
