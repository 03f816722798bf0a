//! Sales groups and their supervisors.

use async_graphql::{Context, ID, Object};
use guanxi_core::{GroupId, UserId};
use guanxi_store::groups;

use crate::context::ContextExt;
use crate::error::{ApiResult, parse_id};
use crate::types::Group;

#[derive(Default)]
pub struct GroupQuery;

#[Object]
impl GroupQuery {
    /// Groups the caller may see.
    async fn groups(&self, ctx: &Context<'_>) -> ApiResult<Vec<Group>> {
        ctx.read(async |tx| Ok(groups::list(tx).await?.into_iter().map(Group).collect())).await
    }

    /// One group the caller may see.
    async fn group(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Group> {
        let id = parse_id::<GroupId>(&id, "id")?;
        ctx.read(async |tx| Ok(Group(groups::get(tx, id).await?))).await
    }
}

#[derive(Default)]
pub struct GroupMutation;

#[Object]
impl GroupMutation {
    /// Create a group (admins).
    async fn create_group(&self, ctx: &Context<'_>, name: String) -> ApiResult<Group> {
        ctx.write(async |tx| {
            let g = groups::create(tx, &name).await?;
            Ok(Group(g))
        })
        .await
    }

    /// Rename a group (admins).
    async fn rename_group(&self, ctx: &Context<'_>, id: ID, name: String) -> ApiResult<Group> {
        let id = parse_id::<GroupId>(&id, "id")?;
        ctx.write(async |tx| {
            let g = groups::rename(tx, id, &name).await?;
            Ok(Group(g))
        })
        .await
    }

    /// Delete an empty group (admins).
    async fn delete_group(&self, ctx: &Context<'_>, id: ID) -> ApiResult<bool> {
        let id = parse_id::<GroupId>(&id, "id")?;
        ctx.write(async |tx| {
            groups::delete(tx, id).await?;
            Ok(true)
        })
        .await
    }

    /// Appoint a supervisor to a group (admins).
    async fn add_group_supervisor(&self, ctx: &Context<'_>, group_id: ID, user_id: ID) -> ApiResult<Group> {
        let (g, u) = (parse_id::<GroupId>(&group_id, "groupId")?, parse_id::<UserId>(&user_id, "userId")?);
        ctx.write(async |tx| {
            groups::add_supervisor(tx, g, u).await?;
            let group = groups::get(tx, g).await?;
            Ok(Group(group))
        })
        .await
    }

    /// Remove a supervisor from a group (admins).
    async fn remove_group_supervisor(&self, ctx: &Context<'_>, group_id: ID, user_id: ID) -> ApiResult<Group> {
        let (g, u) = (parse_id::<GroupId>(&group_id, "groupId")?, parse_id::<UserId>(&user_id, "userId")?);
        ctx.write(async |tx| {
            groups::remove_supervisor(tx, g, u).await?;
            let group = groups::get(tx, g).await?;
            Ok(Group(group))
        })
        .await
    }
}
