//! Inviting users and accepting invitations.

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use guanxi_core::{GroupId, InvitationId};
use guanxi_store::invitations;

use crate::account::{AuthPayload, payload};
use crate::context::ContextExt;
use crate::error::{ApiResult, parse_id};
use crate::types::{Invitation, Role};

/// Invite someone by e-mail.
#[derive(InputObject)]
pub struct InviteUserInput {
    email: String,
    role: Role,
    /// Required for supervisors, who may only invite into their own groups.
    group_id: Option<ID>,
}

/// Accept an invitation and choose a password.
#[derive(InputObject)]
pub struct AcceptInvitationInput {
    /// The token from the invitation mail (`gxi_…`).
    token: String,
    display_name: String,
    password: String,
}

/// A pending invitation's new link.
#[derive(SimpleObject)]
pub struct InvitationLink {
    /// The invitation, valid for its whole lifetime again.
    invitation: Invitation,
    /// The link to hand over: `{public_url}/accept-invitation?token=…`. The
    /// link mailed before stops working.
    url: String,
}

#[derive(Default)]
pub struct InvitationQuery;

#[Object]
impl InvitationQuery {
    /// Invitations the caller may manage (admins: all; supervisors: their groups').
    async fn invitations(&self, ctx: &Context<'_>) -> ApiResult<Vec<Invitation>> {
        ctx.read(async |tx| Ok(invitations::list(tx).await?.into_iter().map(Invitation).collect())).await
    }
}

#[derive(Default)]
pub struct InvitationMutation;

#[Object]
impl InvitationMutation {
    /// Invite a user; the invitation mail is queued in the outbox.
    async fn invite_user(&self, ctx: &Context<'_>, input: InviteUserInput) -> ApiResult<Invitation> {
        let group = input.group_id.as_ref().map(|g| parse_id::<GroupId>(g, "groupId")).transpose()?;
        ctx.write(async |tx| {
            let inv = invitations::create(tx, &input.email, input.role.into(), group).await?;
            Ok(Invitation(inv))
        })
        .await
    }

    /// Withdraw a pending invitation.
    async fn revoke_invitation(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Invitation> {
        let id = parse_id::<InvitationId>(&id, "id")?;
        ctx.write(async |tx| {
            let inv = invitations::revoke(tx, id).await?;
            Ok(Invitation(inv))
        })
        .await
    }

    /// A new link for a pending invitation, for an admin to hand over by
    /// other means than the mail (chat, in person). Only a hash of a token
    /// is kept, so the link cannot be shown again: this issues a new one,
    /// the mailed link stops working, and the invitation's lifetime starts
    /// again. Admins only; `CONFLICT` `not_pending` for an accepted,
    /// revoked or expired invitation. Audited.
    async fn renew_invitation_link(&self, ctx: &Context<'_>, id: ID) -> ApiResult<InvitationLink> {
        let id = parse_id::<InvitationId>(&id, "id")?;
        ctx.write(async |tx| {
            let renewed = invitations::renew_link(tx, id).await?;
            Ok(InvitationLink { invitation: Invitation(renewed.invitation), url: renewed.url })
        })
        .await
    }

    /// Accept an invitation: creates the user and logs them in. From the web
    /// app (`X-Guanxi-Client: web`) the session is set as a cookie and
    /// `token` is empty.
    async fn accept_invitation(&self, ctx: &Context<'_>, input: AcceptInvitationInput) -> ApiResult<AuthPayload> {
        let rc = ctx.rc()?;
        let issued = rc.store.accept_invitation(&input.token, &input.display_name, &input.password, &rc.meta).await?;
        payload(ctx, issued).await
    }
}
