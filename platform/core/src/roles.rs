//! Roles, groups and the authorization table.
//!
//! Four built-in roles, from the requirement documents:
//! - **salesperson**: their own data;
//! - **supervisor**: the groups they supervise (and the salespeople in them);
//! - **admin**: the company owner, everything;
//! - **maintenance**: backup and restore only, nothing else.
//!
//! Every permission decision in Guanxi goes through [`Actor::authorize`] or
//! [`Actor::user_scope`]; the store applies their answers in SQL.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::ids::{GroupId, UserId};
use crate::settings::PlanCompleter;

/// A built-in role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Works their own customers and plans.
    Salesperson,
    /// Sees and manages the groups they supervise.
    Supervisor,
    /// The company's owner: everything.
    Admin,
    /// Backup and restore only.
    Maintenance,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 4] = [Role::Salesperson, Role::Supervisor, Role::Admin, Role::Maintenance];

    /// The stored and API name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Salesperson => "salesperson",
            Role::Supervisor => "supervisor",
            Role::Admin => "admin",
            Role::Maintenance => "maintenance",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| Error::invalid("role", "invalid", format!("unknown role `{s}`")))
    }
}

/// Who is acting: the authenticated user with their role, group and the
/// groups they supervise.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    /// The acting user.
    pub user_id: UserId,
    /// Their role.
    pub role: Role,
    /// The group they belong to, if any.
    pub group_id: Option<GroupId>,
    /// The groups they supervise (meaningful for supervisors).
    pub supervises: Vec<GroupId>,
}

/// The facts about a target user that authorization needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserRef {
    /// The user.
    pub id: UserId,
    /// Their current role.
    pub role: Role,
    /// Their current group.
    pub group_id: Option<GroupId>,
}

/// The facts about a work plan that authorization needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanRef {
    /// The plan's author, with their current role and group.
    pub author: UserRef,
    /// Whether the plan is marked done.
    pub done: bool,
}

/// Something an actor wants to do.
#[derive(Clone, Debug)]
pub enum Action<'a> {
    /// Read or change one's own profile and password, log out. Everyone.
    ManageOwnAccount,
    /// See the team at all: list users and groups (within [`Actor::user_scope`]).
    ViewTeam,
    /// See another user's profile.
    ViewUser(&'a UserRef),
    /// Invite a new user with this role into this group.
    InviteUser {
        /// Role of the invitee.
        role: Role,
        /// Group of the invitee.
        group: Option<GroupId>,
    },
    /// Edit, deactivate or reactivate a user.
    ManageUser(&'a UserRef),
    /// Erase a departed user's personal details for good (the record stays
    /// for history under a placeholder name). Admins only.
    ErasePersonalDetails,
    /// Give a user another role.
    ChangeRole {
        /// The user.
        target: &'a UserRef,
        /// The new role.
        to: Role,
    },
    /// Move a user into another group (or none).
    MoveUser {
        /// The user.
        target: &'a UserRef,
        /// The destination group.
        to: Option<GroupId>,
    },
    /// Create, rename and delete groups; appoint supervisors.
    ManageGroups,
    /// See a group and its members.
    ViewGroup(GroupId),
    /// Create, list and revoke integration API keys.
    ManageApiKeys,
    /// Change the company's settings.
    ManageSettings,
    /// Define, change, reorder, convert, archive and delete custom fields.
    ManageCustomFields,
    /// Read the tenant's audit log and mail outbox.
    ViewAuditLog,
    /// Use CRM data (customers, conversations, plans …), within [`Actor::user_scope`].
    UseCrm,
    /// Back up and restore the tenant's data.
    BackupRestore,
    /// See a work plan: its author is within [`Actor::user_scope`].
    ViewPlan(&'a PlanRef),
    /// Write a work plan of one's own.
    CreatePlan,
    /// Change a plan's subject, times, content or notes.
    EditPlan(&'a PlanRef),
    /// Mark a plan done or not done.
    CompletePlan {
        /// The plan.
        plan: &'a PlanRef,
        /// Who the tenant lets do it (its `plan_completion` setting).
        allowed: &'a [PlanCompleter],
    },
    /// Delete a plan.
    DeletePlan(&'a PlanRef),
    /// See or cancel a background job: allowed to the user who started it,
    /// whatever their role, and to admins.
    ManageJob {
        /// Who started the job.
        created_by: UserId,
    },
    /// Read the message board (留言板): every post and reply in the company.
    ViewBoard,
    /// Post on the message board and reply to posts and replies.
    PostOnBoard,
    /// Edit and delete anyone's board posts and replies.
    ModerateBoard,
    /// Put a suggestion, signed or anonymous, in the suggestion box (建议箱).
    SubmitSuggestion,
    /// Read every suggestion in the company (suggestions are company-wide,
    /// not scoped to groups) with the staff replies to them.
    ViewSuggestions,
    /// Reply to a suggestion.
    AnswerSuggestion,
    /// Delete a suggestion and its replies.
    DeleteSuggestion,
    /// Delete a customer for good, with its history and conversations (not
    /// the same as a salesperson's "delete", which releases it to the pool).
    DeleteCustomerPermanently,
    /// See the team's work: each member's customers, plans and recent
    /// activity, within [`Actor::user_scope`].
    ViewTeamWork,
    /// Create, change and delete grading models (评级模型) and start a
    /// regrading run. Reading models and grades needs only [`Action::UseCrm`]
    /// (grades follow the customer's visibility).
    ManageGradingModels,
    /// Upload, install, configure, attach and delete WebAssembly plugins,
    /// and read their call logs and usage.
    ManagePlugins,
    /// See and change the company's subscription: plan, state, invoices,
    /// checkout, the billing portal, cancelling and resuming. Admins only.
    ManageBilling,
}

/// Whose users (and so whose work plans; later, whose customers) an actor may see.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UserScope {
    /// Every user of the tenant.
    All,
    /// The actor and every member of these groups.
    SelfAndGroups(UserId, Vec<GroupId>),
    /// The actor only.
    OnlySelf(UserId),
}

impl UserScope {
    /// Whether a user with this id and group falls inside the scope.
    pub fn contains(&self, id: UserId, group: Option<GroupId>) -> bool {
        match self {
            UserScope::All => true,
            UserScope::SelfAndGroups(me, groups) => *me == id || group.is_some_and(|g| groups.contains(&g)),
            UserScope::OnlySelf(me) => *me == id,
        }
    }
}

impl Actor {
    fn supervises(&self, group: Option<GroupId>) -> bool {
        group.is_some_and(|g| self.supervises.contains(&g))
    }

    fn is(&self, user: &UserRef) -> bool {
        user.id == self.user_id
    }

    /// Author or supervisor of the author's group: who may complete a plan
    /// under this setting, for the non-admin roles (admins always may).
    fn may_complete(&self, plan: &PlanRef, allowed: &[PlanCompleter]) -> bool {
        (allowed.contains(&PlanCompleter::Author) && self.is(&plan.author))
            || (allowed.contains(&PlanCompleter::Supervisor)
                && self.role == Role::Supervisor
                && self.supervises(plan.author.group_id))
    }

    /// Whether the action is allowed. This match is the whole permission table.
    pub fn can(&self, action: &Action<'_>) -> bool {
        use Action as A;
        use Role as R;
        match (self.role, action) {
            (_, A::ManageOwnAccount) => true,
            (_, A::ManageJob { created_by }) if *created_by == self.user_id => true,
            (R::Maintenance, A::BackupRestore) => true,
            (R::Maintenance, _) => false,
            (R::Admin, _) => true,

            (R::Supervisor | R::Salesperson, A::ViewTeam) => true,
            (R::Supervisor, A::ViewUser(t)) => t.id == self.user_id || self.supervises(t.group_id),
            (R::Supervisor, A::InviteUser { role, group }) => *role == R::Salesperson && self.supervises(*group),
            (R::Supervisor, A::ManageUser(t)) => {
                t.id != self.user_id && t.role == R::Salesperson && self.supervises(t.group_id)
            }
            (R::Supervisor, A::MoveUser { target, to }) => {
                target.id != self.user_id
                    && target.role == R::Salesperson
                    && self.supervises(target.group_id)
                    && self.supervises(*to)
            }
            (R::Supervisor, A::ViewGroup(g)) => self.supervises(Some(*g)) || self.group_id == Some(*g),
            (R::Supervisor, A::UseCrm) => true,
            (R::Supervisor | R::Salesperson, A::ViewPlan(p)) => {
                self.user_scope().contains(p.author.id, p.author.group_id)
            }
            (R::Supervisor | R::Salesperson, A::CreatePlan) => true,
            (R::Supervisor | R::Salesperson, A::CompletePlan { plan, allowed }) => self.may_complete(plan, allowed),
            (R::Supervisor, A::EditPlan(p)) => self.is(&p.author) || self.supervises(p.author.group_id),
            (R::Supervisor, A::DeletePlan(p)) => p.done && (self.is(&p.author) || self.supervises(p.author.group_id)),
            (R::Supervisor | R::Salesperson, A::ViewBoard | A::PostOnBoard | A::SubmitSuggestion) => true,
            (R::Supervisor, A::ViewSuggestions | A::AnswerSuggestion | A::DeleteSuggestion) => true,
            (R::Supervisor, A::ViewTeamWork) => true,
            (R::Supervisor, _) => false,

            (R::Salesperson, A::ViewUser(t)) => t.id == self.user_id,
            (R::Salesperson, A::ViewGroup(g)) => self.group_id == Some(*g),
            (R::Salesperson, A::UseCrm) => true,
            (R::Salesperson, A::EditPlan(p)) => self.is(&p.author),
            (R::Salesperson, A::DeletePlan(p)) => p.done && self.is(&p.author),
            (R::Salesperson, _) => false,
        }
    }

    /// [`Actor::can`] as a result, for `?`.
    pub fn authorize(&self, action: &Action<'_>) -> Result<(), Error> {
        if self.can(action) { Ok(()) } else { Err(Error::Forbidden) }
    }

    /// Which users this actor may list and see.
    pub fn user_scope(&self) -> UserScope {
        match self.role {
            Role::Admin => UserScope::All,
            Role::Supervisor => UserScope::SelfAndGroups(self.user_id, self.supervises.clone()),
            Role::Salesperson | Role::Maintenance => UserScope::OnlySelf(self.user_id),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn uid(n: u128) -> UserId {
        UserId(Uuid::from_u128(n))
    }
    fn gid(n: u128) -> GroupId {
        GroupId(Uuid::from_u128(1000 + n))
    }

    const G1: u128 = 1;
    const G2: u128 = 2;

    fn actor(role: Role) -> Actor {
        Actor {
            user_id: uid(1),
            role,
            group_id: Some(gid(G1)),
            supervises: if role == Role::Supervisor { vec![gid(G1)] } else { vec![] },
        }
    }

    fn user(id: u128, role: Role, group: u128) -> UserRef {
        UserRef { id: uid(id), role, group_id: Some(gid(group)) }
    }

    /// The permission table, written out row by row: (action, salesperson,
    /// supervisor of G1, admin, maintenance).
    #[test]
    fn permission_table() {
        use Role::*;
        let me = user(1, Salesperson, G1);
        let sales_g1 = user(2, Salesperson, G1);
        let sales_g2 = user(3, Salesperson, G2);
        let sup_g1 = user(4, Supervisor, G1);
        let admin = user(5, Admin, G1);
        let plan = |author: &UserRef, done: bool| PlanRef { author: author.clone(), done };
        let (own, own_done) = (plan(&me, false), plan(&me, true));
        let (g1_open, g1_done) = (plan(&sales_g1, false), plan(&sales_g1, true));
        let (g2_open, g2_done) = (plan(&sales_g2, false), plan(&sales_g2, true));
        let every = [PlanCompleter::Author, PlanCompleter::Supervisor, PlanCompleter::Admin];
        let admins = [PlanCompleter::Admin];
        let authors = [PlanCompleter::Author, PlanCompleter::Admin];
        let supervisors = [PlanCompleter::Supervisor, PlanCompleter::Admin];
        let admin_plan = plan(&admin, false);
        fn complete<'a>(plan: &'a PlanRef, allowed: &'a [PlanCompleter]) -> Action<'a> {
            Action::CompletePlan { plan, allowed }
        }
        let rows: Vec<(&str, Action<'_>, [bool; 4])> = vec![
            ("own account", Action::ManageOwnAccount, [true, true, true, true]),
            ("view the team", Action::ViewTeam, [true, true, true, false]),
            ("view self", Action::ViewUser(&me), [true, true, true, false]),
            ("view salesperson in G1", Action::ViewUser(&sales_g1), [false, true, true, false]),
            ("view salesperson in G2", Action::ViewUser(&sales_g2), [false, false, true, false]),
            ("view admin in G1", Action::ViewUser(&admin), [false, true, true, false]),
            (
                "invite salesperson to G1",
                Action::InviteUser { role: Salesperson, group: Some(gid(G1)) },
                [false, true, true, false],
            ),
            (
                "invite salesperson to G2",
                Action::InviteUser { role: Salesperson, group: Some(gid(G2)) },
                [false, false, true, false],
            ),
            (
                "invite salesperson nowhere",
                Action::InviteUser { role: Salesperson, group: None },
                [false, false, true, false],
            ),
            (
                "invite supervisor to G1",
                Action::InviteUser { role: Supervisor, group: Some(gid(G1)) },
                [false, false, true, false],
            ),
            ("invite admin", Action::InviteUser { role: Admin, group: None }, [false, false, true, false]),
            ("invite maintenance", Action::InviteUser { role: Maintenance, group: None }, [false, false, true, false]),
            ("manage salesperson in G1", Action::ManageUser(&sales_g1), [false, true, true, false]),
            ("manage salesperson in G2", Action::ManageUser(&sales_g2), [false, false, true, false]),
            ("manage supervisor in G1", Action::ManageUser(&sup_g1), [false, false, true, false]),
            ("manage admin", Action::ManageUser(&admin), [false, false, true, false]),
            (
                "promote salesperson",
                Action::ChangeRole { target: &sales_g1, to: Supervisor },
                [false, false, true, false],
            ),
            (
                "move G1 salesperson within G1",
                Action::MoveUser { target: &sales_g1, to: Some(gid(G1)) },
                [false, true, true, false],
            ),
            (
                "move G1 salesperson to G2",
                Action::MoveUser { target: &sales_g1, to: Some(gid(G2)) },
                [false, false, true, false],
            ),
            (
                "move G2 salesperson to G1",
                Action::MoveUser { target: &sales_g2, to: Some(gid(G1)) },
                [false, false, true, false],
            ),
            ("manage groups", Action::ManageGroups, [false, false, true, false]),
            ("erase personal details", Action::ErasePersonalDetails, [false, false, true, false]),
            ("manage custom fields", Action::ManageCustomFields, [false, false, true, false]),
            ("view G1", Action::ViewGroup(gid(G1)), [true, true, true, false]),
            ("view G2", Action::ViewGroup(gid(G2)), [false, false, true, false]),
            ("manage API keys", Action::ManageApiKeys, [false, false, true, false]),
            ("manage settings", Action::ManageSettings, [false, false, true, false]),
            ("audit log", Action::ViewAuditLog, [false, false, true, false]),
            ("use CRM", Action::UseCrm, [true, true, true, false]),
            ("backup and restore", Action::BackupRestore, [false, false, true, true]),
            ("view own plan", Action::ViewPlan(&own), [true, true, true, false]),
            ("view G1 plan", Action::ViewPlan(&g1_open), [false, true, true, false]),
            ("view G2 plan", Action::ViewPlan(&g2_open), [false, false, true, false]),
            ("view admin's plan in G1", Action::ViewPlan(&admin_plan), [false, true, true, false]),
            ("create plan", Action::CreatePlan, [true, true, true, false]),
            ("edit own plan", Action::EditPlan(&own), [true, true, true, false]),
            ("edit own finished plan", Action::EditPlan(&own_done), [true, true, true, false]),
            ("edit G1 plan", Action::EditPlan(&g1_open), [false, true, true, false]),
            ("edit G2 plan", Action::EditPlan(&g2_open), [false, false, true, false]),
            ("complete own plan", complete(&own, &every), [true, true, true, false]),
            ("complete G1 plan", complete(&g1_open, &every), [false, true, true, false]),
            ("reopen G1 plan", complete(&g1_done, &every), [false, true, true, false]),
            ("complete G2 plan", complete(&g2_open, &every), [false, false, true, false]),
            ("complete own plan, admins only", complete(&own, &admins), [false, false, true, false]),
            ("complete G1 plan, admins only", complete(&g1_open, &admins), [false, false, true, false]),
            ("complete own plan, authors", complete(&own, &authors), [true, true, true, false]),
            ("complete G1 plan, authors", complete(&g1_open, &authors), [false, false, true, false]),
            ("complete G1 plan, supervisors", complete(&g1_open, &supervisors), [false, true, true, false]),
            ("complete G2 plan, supervisors", complete(&g2_open, &supervisors), [false, false, true, false]),
            ("delete own unfinished plan", Action::DeletePlan(&own), [false, false, true, false]),
            ("delete own finished plan", Action::DeletePlan(&own_done), [true, true, true, false]),
            ("delete G1 unfinished plan", Action::DeletePlan(&g1_open), [false, false, true, false]),
            ("delete G1 finished plan", Action::DeletePlan(&g1_done), [false, true, true, false]),
            ("delete G2 finished plan", Action::DeletePlan(&g2_done), [false, false, true, false]),
            ("own job", Action::ManageJob { created_by: uid(1) }, [true, true, true, true]),
            ("someone else's job", Action::ManageJob { created_by: uid(2) }, [false, false, true, false]),
            ("read the message board", Action::ViewBoard, [true, true, true, false]),
            ("post and reply on the board", Action::PostOnBoard, [true, true, true, false]),
            ("edit and delete board messages", Action::ModerateBoard, [false, false, true, false]),
            ("submit a suggestion", Action::SubmitSuggestion, [true, true, true, false]),
            ("read suggestions", Action::ViewSuggestions, [false, true, true, false]),
            ("reply to a suggestion", Action::AnswerSuggestion, [false, true, true, false]),
            ("delete a suggestion", Action::DeleteSuggestion, [false, true, true, false]),
            ("delete a customer for good", Action::DeleteCustomerPermanently, [false, false, true, false]),
            ("see the team's work", Action::ViewTeamWork, [false, true, true, false]),
            ("configure grading and regrade", Action::ManageGradingModels, [false, false, true, false]),
            ("manage plugins", Action::ManagePlugins, [false, false, true, false]),
        ];
        for (name, action, expected) in rows {
            for (role, want) in Role::ALL.into_iter().zip(expected) {
                assert_eq!(actor(role).can(&action), want, "{name} as {role}");
                assert_eq!(actor(role).authorize(&action).is_ok(), want);
            }
        }
    }

    #[test]
    fn supervisors_cannot_manage_themselves() {
        let a = actor(Role::Supervisor);
        let me = UserRef { id: a.user_id, role: Role::Salesperson, group_id: Some(gid(G1)) };
        assert!(!a.can(&Action::ManageUser(&me)));
    }

    #[test]
    fn user_scope_by_role() {
        assert_eq!(actor(Role::Admin).user_scope(), UserScope::All);
        assert_eq!(actor(Role::Supervisor).user_scope(), UserScope::SelfAndGroups(uid(1), vec![gid(G1)]));
        assert_eq!(actor(Role::Salesperson).user_scope(), UserScope::OnlySelf(uid(1)));
        assert_eq!(actor(Role::Maintenance).user_scope(), UserScope::OnlySelf(uid(1)));
        let s = actor(Role::Supervisor).user_scope();
        assert!(s.contains(uid(9), Some(gid(G1))));
        assert!(!s.contains(uid(9), Some(gid(G2))));
        assert!(!s.contains(uid(9), None));
    }

    #[test]
    fn roles_round_trip() {
        for r in Role::ALL {
            assert_eq!(r.as_str().parse::<Role>().ok(), Some(r));
        }
        assert!("owner".parse::<Role>().is_err());
    }
}
