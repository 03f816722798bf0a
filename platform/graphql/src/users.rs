//! Users: list, view, edit, deactivate, erase personal details.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, SimpleObject};
use guanxi_core::{GroupId, UserId};
use guanxi_store::users::{self, UserFilter, UserUpdate};

use crate::context::ContextExt;
use crate::error::{ApiResult, parse_id};
use crate::types::{Role, User};

/// Which users to list.
#[derive(InputObject, Default)]
pub struct UsersFilter {
    /// Include deactivated users.
    #[graphql(default)]
    include_inactive: bool,
    /// Only members of this group.
    group_id: Option<ID>,
    /// Only this role.
    role: Option<Role>,
}

/// A change to a user; omitted fields stay as they are.
#[derive(InputObject)]
pub struct UpdateUserInput {
    display_name: Option<String>,
    /// Admins only.
    role: Option<Role>,
    /// `null` removes the user from their group.
    group_id: MaybeUndefined<ID>,
    /// Away until then (`null`: back). Oneself, or whoever manages the user.
    away_until: MaybeUndefined<chrono::DateTime<chrono::Utc>>,
    /// When daily reminders arrive, `HH:MM` company time. Oneself, or
    /// whoever manages the user.
    reminder_time: Option<String>,
}

#[derive(Default)]
pub struct UserQuery;

#[Object]
impl UserQuery {
    /// Users the caller may see: everyone for admins, their groups for
    /// supervisors, themselves for salespeople.
    async fn users(&self, ctx: &Context<'_>, filter: Option<UsersFilter>) -> ApiResult<Vec<User>> {
        let filter = filter.unwrap_or_default();
        let store_filter = UserFilter {
            include_inactive: filter.include_inactive,
            group_id: filter.group_id.as_ref().map(|g| parse_id::<GroupId>(g, "groupId")).transpose()?,
            role: filter.role.map(Into::into),
        };
        ctx.read(async |tx| Ok(users::list(tx, &store_filter).await?.into_iter().map(User::new).collect())).await
    }

    /// One user the caller may see.
    async fn user(&self, ctx: &Context<'_>, id: ID) -> ApiResult<User> {
        let id = parse_id::<UserId>(&id, "id")?;
        ctx.read(async |tx| Ok(User::new(users::get(tx, id).await?))).await
    }
}

#[derive(Default)]
pub struct UserMutation;

#[Object]
impl UserMutation {
    /// Edit a user's name, role or group.
    async fn update_user(&self, ctx: &Context<'_>, id: ID, input: UpdateUserInput) -> ApiResult<User> {
        let id = parse_id::<UserId>(&id, "id")?;
        let group_id = match input.group_id {
            MaybeUndefined::Undefined => None,
            MaybeUndefined::Null => Some(None),
            MaybeUndefined::Value(g) => Some(Some(parse_id::<GroupId>(&g, "groupId")?)),
        };
        let away_until = match input.away_until {
            MaybeUndefined::Undefined => None,
            MaybeUndefined::Null => Some(None),
            MaybeUndefined::Value(t) => Some(Some(t)),
        };
        let change = UserUpdate {
            display_name: input.display_name,
            role: input.role.map(Into::into),
            group_id,
            away_until,
            reminder_time: input.reminder_time,
        };
        ctx.write(async |tx| {
            let user = users::update(tx, id, change).await?;
            Ok(User::new(user))
        })
        .await
    }

    /// Deactivate a user: they can no longer log in and their sessions end.
    async fn deactivate_user(&self, ctx: &Context<'_>, id: ID) -> ApiResult<User> {
        set_active(ctx, id, false).await
    }

    /// Reactivate a deactivated user.
    async fn reactivate_user(&self, ctx: &Context<'_>, id: ID) -> ApiResult<User> {
        set_active(ctx, id, true).await
    }

    /// Erase the personal details of a user who has left, for good (admins
    /// only; `confirm` must be true; the user must be offboarded or
    /// deactivated first). The record stays for history under the name
    /// 已删除的用户 with a placeholder address; sessions are deleted, API
    /// keys revoked, and their address and name are cleared from
    /// invitations, the mail outbox and the audit entries about them. Audited.
    async fn erase_personal_details(&self, ctx: &Context<'_>, id: ID, confirm: bool) -> ApiResult<ErasedUser> {
        let id = parse_id::<UserId>(&id, "id")?;
        let e = ctx.write(async |tx| Ok(users::erase(tx, id, confirm).await?)).await?;
        let n = |v: u64| i32::try_from(v).unwrap_or(i32::MAX);
        Ok(ErasedUser {
            sessions_deleted: n(e.sessions_deleted),
            api_keys_revoked: n(e.api_keys_revoked),
            invitations_cleared: n(e.invitations_cleared),
            mails_cleared: n(e.mails_cleared),
            audit_entries_cleared: n(e.audit_entries_cleared),
            user: User::new(e.user),
        })
    }
}

/// What erasing a user's personal details changed.
#[derive(SimpleObject)]
pub struct ErasedUser {
    /// The user as now kept: placeholder name and address, inactive.
    user: User,
    /// Login sessions deleted.
    sessions_deleted: i32,
    /// API keys revoked.
    api_keys_revoked: i32,
    /// Invitations whose address was replaced.
    invitations_cleared: i32,
    /// Outbox mails to them whose address, subject and text were cleared.
    mails_cleared: i32,
    /// Audit entries whose details named them.
    audit_entries_cleared: i32,
}

async fn set_active(ctx: &Context<'_>, id: ID, active: bool) -> ApiResult<User> {
    let id = parse_id::<UserId>(&id, "id")?;
    ctx.write(async |tx| {
        let user = users::set_active(tx, id, active).await?;
        Ok(User::new(user))
    })
    .await
}
