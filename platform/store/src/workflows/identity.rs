//! The company's automation identity: who a workflow acts as when it
//! should act for the company rather than for a person. It is a user row
//! of kind `automation` (so that what it does is attributed like anyone's,
//! in histories and the audit log), created the first time an admin sets
//! its rights: the role of an admin (the whole company) or of a supervisor
//! of chosen groups. It never logs in (it has no e-mail address or
//! password that could match), holds no seat, receives no notification,
//! owns no customer and is not listed in the team. Only admins set its
//! rights or choose it as a workflow's acting user; deactivating it makes
//! the workflows that act as it fail their steps rather than act.

use chrono::{DateTime, Utc};
use guanxi_core::{Action, Error, GroupId, Result, Role, UserId};
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, QueryFilter, QueryOrder};
use serde_json::json;

use crate::audit::{self, AuditAction};
use crate::db::{TenantTx, db_err};
use crate::entity::{group_supervisor, user};
use crate::users::AUTOMATION;

/// The name it goes by, Chinese first.
pub const NAME: &str = "自动化 Automation";

/// The automation identity and its rights.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AutomationIdentity {
    /// Its user id (a workflow's `run_as`).
    pub id: UserId,
    /// The name it goes by.
    pub name: String,
    /// Its rights: [`Role::Admin`] or [`Role::Supervisor`].
    pub role: Role,
    /// The groups whose customers it acts on, as a supervisor.
    pub supervises: Vec<GroupId>,
    /// Whether workflows may act as it.
    pub active: bool,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// The rights an admin sets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rights {
    /// [`Role::Admin`] (the whole company) or [`Role::Supervisor`].
    pub role: Role,
    /// For a supervisor, the groups (at least one); empty for an admin.
    pub supervises: Vec<GroupId>,
    /// Whether workflows may act as it.
    pub active: bool,
}

async fn find(tx: &TenantTx) -> Result<Option<user::Model>> {
    tx.select::<user::Entity>()
        .filter(user::Column::Kind.eq(AUTOMATION))
        .order_by_asc(user::Column::CreatedAt)
        .one(tx.conn())
        .await
        .map_err(db_err)
}

/// The automation identity's user id, if it was ever set up.
pub(crate) async fn id(tx: &TenantTx) -> Result<Option<UserId>> {
    Ok(find(tx).await?.map(|u| UserId(u.id)))
}

async fn supervised(tx: &TenantTx, id: UserId) -> Result<Vec<GroupId>> {
    Ok(tx
        .select::<group_supervisor::Entity>()
        .filter(group_supervisor::Column::UserId.eq(id.0))
        .order_by_asc(group_supervisor::Column::GroupId)
        .all(tx.conn())
        .await
        .map_err(db_err)?
        .into_iter()
        .map(|g| GroupId(g.group_id))
        .collect())
}

async fn view(tx: &TenantTx, u: user::Model) -> Result<AutomationIdentity> {
    let id = UserId(u.id);
    Ok(AutomationIdentity {
        id,
        name: u.display_name,
        role: u.role.parse().map_err(|_| Error::Internal("unreadable role".into()))?,
        supervises: supervised(tx, id).await?,
        active: u.active,
        updated_at: u.updated_at,
    })
}

/// The automation identity, if an admin ever set it up. Admins only.
pub async fn get(tx: &TenantTx) -> Result<Option<AutomationIdentity>> {
    tx.actor()?.authorize(&Action::ManageSettings)?;
    match find(tx).await? {
        Some(u) => Ok(Some(view(tx, u).await?)),
        None => Ok(None),
    }
}

/// Set the automation identity's rights, creating it the first time; the
/// workflows acting as it act with the new rights from their next step.
/// Admins only.
pub async fn set(tx: &TenantTx, rights: Rights) -> Result<AutomationIdentity> {
    tx.actor()?.authorize(&Action::ManageSettings)?;
    let mut groups = rights.supervises.clone();
    groups.sort_by_key(|g| g.0);
    groups.dedup();
    match rights.role {
        Role::Admin if !groups.is_empty() => {
            return Err(Error::invalid("supervisedGroupIds", "not_allowed", "an admin's rights cover every group"));
        }
        Role::Supervisor if groups.is_empty() => {
            return Err(Error::invalid("supervisedGroupIds", "required", "choose the groups it acts on"));
        }
        Role::Admin | Role::Supervisor => {}
        Role::Salesperson | Role::Maintenance => {
            return Err(Error::invalid(
                "role",
                "not_allowed",
                "the automation identity acts as an admin or a supervisor",
            ));
        }
    }
    for g in &groups {
        crate::users::ensure_group_exists(tx, *g, "supervisedGroupIds").await?;
    }
    let id = match find(tx).await? {
        Some(u) => {
            tx.update_many::<user::Entity>()
                .col_expr(user::Column::Role, Expr::value(rights.role.as_str()))
                .col_expr(user::Column::Active, Expr::value(rights.active))
                .col_expr(
                    user::Column::DeactivatedAt,
                    Expr::value(if rights.active { None } else { Some(u.deactivated_at.unwrap_or(tx.now)) }),
                )
                .col_expr(user::Column::UpdatedAt, Expr::value(tx.now))
                .filter(user::Column::Id.eq(u.id))
                .exec(tx.conn())
                .await
                .map_err(db_err)?;
            UserId(u.id)
        }
        None => {
            let id = UserId::new();
            tx.insert(user::ActiveModel {
                tenant_id: Set(tx.tenant_id().0),
                id: Set(id.0),
                // Not an e-mail address: no login or reset can name it.
                email: Set(format!("automation:{}", id.0)),
                display_name: Set(NAME.to_owned()),
                // Not a password hash: nothing verifies against it.
                password_hash: Set("!".to_owned()),
                role: Set(rights.role.as_str().to_owned()),
                group_id: Set(None),
                active: Set(rights.active),
                failed_logins: Set(0),
                locked_until: Set(None),
                last_login_at: Set(None),
                deactivated_at: Set((!rights.active).then_some(tx.now)),
                erased_at: Set(None),
                created_at: Set(tx.now),
                updated_at: Set(tx.now),
                email_verified_at: Set(None),
                kind: Set(AUTOMATION.to_owned()),
                away_until: Set(None),
                reminder_time: Set(crate::reminders::DEFAULT_TIME.to_owned()),
                reminded_on: Set(None),
            })
            .exec_without_returning(tx.conn())
            .await
            .map_err(db_err)?;
            id
        }
    };
    tx.delete_many::<group_supervisor::Entity>()
        .filter(group_supervisor::Column::UserId.eq(id.0))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    for g in &groups {
        tx.insert(group_supervisor::ActiveModel {
            // Set by the scoped insert.
            tenant_id: NotSet,
            group_id: Set(g.0),
            user_id: Set(id.0),
            created_at: Set(tx.now),
        })
        .exec_without_returning(tx.conn())
        .await
        .map_err(db_err)?;
    }
    audit::record(
        tx,
        AuditAction::WorkflowAutomationIdentity,
        "user",
        Some(id.0),
        json!({ "role": rights.role.as_str(), "groups": groups.iter().map(|g| g.0).collect::<Vec<_>>(), "active": rights.active }),
    )
    .await?;
    get(tx).await?.ok_or_else(|| Error::Internal("the automation identity was not saved".into()))
}
