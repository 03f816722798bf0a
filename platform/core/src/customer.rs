//! Customers: their lifecycle enums and who may see and change them.
//!
//! Visibility is decided here and nowhere else: [`CustomerScope::of`] turns
//! an [`Actor`] into the set of customers they may see, and the store turns
//! that set into SQL for every read (one customer, lists, counts, history).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::ids::{GroupId, UserId};
use crate::roles::{Action, Actor, Role, UserRef};

macro_rules! customer_enum {
    (
        $(#[$meta:meta])* $name:ident, $what:literal {
            $( $(#[$vmeta:meta])* $variant:ident => $machine:literal, $zh:literal; )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
        }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            /// The stored and machine name.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $machine,)* }
            }

            /// The Chinese label shown in the UI.
            pub fn label_zh(self) -> &'static str {
                match self { $($name::$variant => $zh,)* }
            }

            /// Position in display order, for sorting.
            pub fn rank(self) -> usize {
                Self::ALL.iter().position(|v| *v == self).unwrap_or_default()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = Error;
            fn from_str(s: &str) -> Result<Self, Error> {
                Self::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str() == s)
                    .ok_or_else(|| Error::invalid($what, "invalid", format!("unknown {} `{s}`", $what)))
            }
        }
    };
}

customer_enum! {
    /// Where a customer stands in the sales lifecycle.
    CustomerStatus, "status" {
        /// 准客户: a lead not yet qualified (the default).
        #[default]
        Prospect => "prospect", "准客户";
        /// 意向客户: has shown interest.
        Intent => "intent", "意向客户";
        /// 暂停客户: on hold.
        Paused => "paused", "暂停客户";
        /// 成交: bought.
        Deal => "deal", "成交";
        /// 流失: lost.
        Lost => "lost", "流失";
    }
}

customer_enum! {
    /// Where a customer stands in the customer lifecycle of the requirement
    /// documents (获取, 转换, 保持, 流失), derived from the status and recent
    /// activity (see [`LifecycleStage::DORMANT_DAYS`]): not stored, so it
    /// is never out of date.
    LifecycleStage, "stage" {
        /// 获取: a lead not yet qualified (status `prospect`).
        #[default]
        Acquisition => "acquisition", "获取期";
        /// 转换: interested or on hold, not yet bought (`intent`, `paused`).
        Conversion => "conversion", "转换期";
        /// 保持: bought, and contacted (or created) within the last
        /// [`LifecycleStage::DORMANT_DAYS`] days.
        Retention => "retention", "保持期";
        /// 流失: lost, or bought but without contact for longer than that
        /// (衰退客户, who need winning back).
        Lost => "lost", "流失期";
    }
}

impl LifecycleStage {
    /// A customer who bought and has not been contacted for more than this
    /// many days counts as lost (declining) rather than retained.
    pub const DORMANT_DAYS: i64 = 180;

    /// The fixed id of the stage's segment, the same in every company
    /// (`6c696665-0000-4000-8000-000000000001` acquisition … `…0004` lost).
    pub fn segment_id(self) -> uuid::Uuid {
        uuid::Uuid::from_u128(0x6c69_6665_0000_4000_8000_0000_0000_0001 + self.rank() as u128)
    }

    /// The stage whose segment `id` is, if it is one.
    pub fn of_segment(id: uuid::Uuid) -> Option<LifecycleStage> {
        Self::ALL.iter().copied().find(|s| s.segment_id() == id)
    }
}

customer_enum! {
    /// A contact person's gender, as far as it is known.
    Gender, "gender" {
        /// 男.
        Male => "male", "男";
        /// 女.
        Female => "female", "女";
        /// 未知 (the default).
        #[default]
        Unknown => "unknown", "未知";
    }
}

customer_enum! {
    /// A customer's grade.
    Grade, "grade" {
        /// 普通客户 (the default).
        #[default]
        Normal => "normal", "普通客户";
        /// VIP.
        Vip => "vip", "VIP";
    }
}

customer_enum! {
    /// How a conversation (洽谈记录) with a customer took place.
    ConversationKind, "kind" {
        /// 拜访: a visit; what the "visited" canned queries count.
        Visit => "visit", "拜访";
        /// 电话: a phone call.
        Call => "call", "电话";
        /// 微信: WeChat.
        Wechat => "wechat", "微信";
        /// 邮件: e-mail.
        Email => "email", "邮件";
        /// 会议: a meeting.
        Meeting => "meeting", "会议";
        /// 其他: anything else (the default).
        #[default]
        Other => "other", "其他";
    }
}

/// Which customers an actor works and may see. Salespeople work their own
/// customers, supervisors their own and those owned by members of the groups
/// they supervise, admins every owned customer; everyone who may use the CRM
/// may also browse and read the public pool (customers without an owner), but
/// the pool is its own view, never part of "my customers" (see
/// [`CustomerSet`]). The maintenance role sees nothing (it has no scope at
/// all: [`CustomerScope::of`] is `FORBIDDEN`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CustomerScope {
    /// Every customer of the tenant.
    All,
    /// The actor's own customers and those owned by any current member of
    /// these groups.
    Team {
        /// The supervisor.
        me: UserId,
        /// The groups they supervise.
        groups: Vec<GroupId>,
    },
    /// The actor's own customers.
    Own(UserId),
}

/// Which of the customers in a [`CustomerScope`] a read is about. The
/// requirement documents keep the public pool (隔离区) apart from the
/// customers people work: a salesperson's lists, counts, canned windows
/// (今天新添加的客户 …), conversation lists and exports are about their own
/// customers, the pool has a view of its own that anyone may browse and claim
/// from, and one customer's own page (its details, history, conversations,
/// photo, deals and grades) may be opened from either, so that a pool
/// customer can be examined in full before claiming it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CustomerSet {
    /// The customers the actor works ("my customers"): owned customers
    /// within the scope; never the pool.
    Mine,
    /// The public pool: customers without an owner, whatever the scope.
    Pool,
    /// [`CustomerSet::Mine`] and [`CustomerSet::Pool`] together: what one
    /// customer's page, and any change to one customer, may reach.
    MineAndPool,
}

impl CustomerScope {
    /// The scope of `actor`; `FORBIDDEN` for roles that may not use the CRM.
    pub fn of(actor: &Actor) -> Result<CustomerScope, Error> {
        actor.authorize(&Action::UseCrm)?;
        Ok(match actor.role {
            Role::Admin => CustomerScope::All,
            Role::Supervisor => CustomerScope::Team { me: actor.user_id, groups: actor.supervises.clone() },
            Role::Salesperson => CustomerScope::Own(actor.user_id),
            Role::Maintenance => return Err(Error::Forbidden),
        })
    }

    /// Whether a customer with this owner (`None`: in the pool) belongs to
    /// `set` for this actor. The owner's current group decides for
    /// supervisors.
    pub fn includes(&self, set: CustomerSet, owner: Option<&UserRef>) -> bool {
        match (set, owner) {
            (CustomerSet::Pool | CustomerSet::MineAndPool, None) => true,
            (CustomerSet::Mine, None) | (CustomerSet::Pool, Some(_)) => false,
            (CustomerSet::Mine | CustomerSet::MineAndPool, Some(_)) => self.contains(owner),
        }
    }

    /// Whether a customer with this owner (`None`: in the pool) may be read
    /// on its own ([`CustomerSet::MineAndPool`]).
    /// The owner's current group decides for supervisors.
    pub fn contains(&self, owner: Option<&UserRef>) -> bool {
        let Some(owner) = owner else { return true };
        match self {
            CustomerScope::All => true,
            CustomerScope::Team { me, groups } => {
                owner.id == *me || owner.group_id.is_some_and(|g| groups.contains(&g))
            }
            CustomerScope::Own(me) => owner.id == *me,
        }
    }

    /// Whether the actor may edit a customer they can see, given its owner.
    /// Salespeople edit only their own customers: pool customers are read-only
    /// to them until claimed.
    pub fn may_edit(&self, owner: Option<UserId>) -> bool {
        match self {
            CustomerScope::All | CustomerScope::Team { .. } => true,
            CustomerScope::Own(me) => owner == Some(*me),
        }
    }

    /// Whether the actor may change (edit the content or time of, or
    /// delete) a conversation written by `author` on a customer they can
    /// see: salespeople only their own records, supervisors those on their
    /// groups' customers (the customer's visibility already says which),
    /// admins any.
    pub fn may_change_conversation(&self, author: UserId) -> bool {
        match self {
            CustomerScope::All | CustomerScope::Team { .. } => true,
            CustomerScope::Own(me) => author == *me,
        }
    }

    /// Whether the actor may make `to` the owner of a customer they create
    /// (`None`: put it straight into the pool). Admins may choose anyone,
    /// supervisors themselves or a member of a group they supervise,
    /// salespeople only themselves.
    pub fn may_assign(&self, to: Option<&UserRef>) -> bool {
        match (self, to) {
            (CustomerScope::Own(me), Some(u)) => u.id == *me,
            (CustomerScope::Own(_), None) => false,
            (_, to) => self.contains(to),
        }
    }

    /// Whether the actor may move a customer they can see from its current
    /// owner to `to` through an ordinary edit. Salespeople may not (claiming
    /// from and releasing to the pool are separate operations).
    pub fn may_reassign(&self, to: Option<&UserRef>) -> bool {
        !matches!(self, CustomerScope::Own(_)) && self.may_assign(to)
    }

    /// Whether the actor may release a customer with this owner into the
    /// public pool (a salesperson's "delete"): salespeople their own
    /// customers, supervisors and admins any owned customer they can see.
    pub fn may_release(&self, owner: Option<&UserRef>) -> bool {
        match (self, owner) {
            (_, None) => false,
            (CustomerScope::Own(me), Some(o)) => o.id == *me,
            (_, owner) => self.contains(owner),
        }
    }

    /// Whether the actor may move customers from `from` (`None`: the pool)
    /// to `to` (assigning pool customers, transferring between people, handing
    /// a departing user's customers to a successor): both ends must be within
    /// what [`CustomerScope::may_reassign`] allows, so supervisors move
    /// customers only inside their groups and salespeople not at all.
    pub fn may_move(&self, from: Option<&UserRef>, to: Option<&UserRef>) -> bool {
        self.contains(from) && self.may_reassign(to)
    }
}

/// Whether a user can hold customers at all: active, and not the
/// maintenance role (which cannot see customers).
pub fn can_own_customers(role: Role, active: bool) -> bool {
    active && role != Role::Maintenance
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    #[test]
    fn enums_round_trip() {
        for s in CustomerStatus::ALL {
            assert_eq!(s.as_str().parse::<CustomerStatus>().ok(), Some(*s));
        }
        for g in Gender::ALL {
            assert_eq!(g.as_str().parse::<Gender>().ok(), Some(*g));
        }
        for g in Grade::ALL {
            assert_eq!(g.as_str().parse::<Grade>().ok(), Some(*g));
        }
        assert!("won".parse::<CustomerStatus>().is_err());
        assert_eq!(CustomerStatus::Intent.label_zh(), "意向客户");
        assert_eq!(Grade::Vip.label_zh(), "VIP");
        assert_eq!(CustomerStatus::default(), CustomerStatus::Prospect);
        assert_eq!(CustomerStatus::Lost.rank(), 4);
    }

    fn uid(n: u128) -> UserId {
        UserId(Uuid::from_u128(n))
    }
    fn gid(n: u128) -> GroupId {
        GroupId(Uuid::from_u128(1000 + n))
    }
    fn actor(role: Role) -> Actor {
        Actor {
            user_id: uid(1),
            role,
            group_id: Some(gid(1)),
            supervises: if role == Role::Supervisor { vec![gid(1)] } else { vec![] },
        }
    }

    /// (author, may change: salesperson, supervisor of G1, admin) for a
    /// conversation on a customer the actor can see.
    #[test]
    fn conversation_change_table() {
        for (author, want) in [(uid(1), [true, true, true]), (uid(2), [false, true, true])] {
            for (role, w) in [Role::Salesperson, Role::Supervisor, Role::Admin].into_iter().zip(want) {
                let scope = CustomerScope::of(&actor(role)).expect("a CRM role");
                assert_eq!(scope.may_change_conversation(author), w, "{author:?} as {role}");
            }
        }
    }

    /// (owner, visible to: salesperson, supervisor of G1, admin).
    #[test]
    fn visibility_table() {
        let me = UserRef { id: uid(1), role: Role::Salesperson, group_id: Some(gid(1)) };
        let g1 = UserRef { id: uid(2), role: Role::Salesperson, group_id: Some(gid(1)) };
        let g2 = UserRef { id: uid(3), role: Role::Salesperson, group_id: Some(gid(2)) };
        let nogroup = UserRef { id: uid(4), role: Role::Admin, group_id: None };
        let rows: [(Option<&UserRef>, [bool; 3]); 5] = [
            (None, [true, true, true]),
            (Some(&me), [true, true, true]),
            (Some(&g1), [false, true, true]),
            (Some(&g2), [false, false, true]),
            (Some(&nogroup), [false, false, true]),
        ];
        for (owner, want) in rows {
            for (role, w) in [Role::Salesperson, Role::Supervisor, Role::Admin].into_iter().zip(want) {
                let scope = CustomerScope::of(&actor(role)).expect("a CRM role");
                assert_eq!(scope.contains(owner), w, "{owner:?} as {role}");
            }
        }
        assert!(matches!(CustomerScope::of(&actor(Role::Maintenance)), Err(Error::Forbidden)));
    }

    /// "My customers" never hold the pool; the pool view holds nothing else;
    /// one customer's page reaches both.
    #[test]
    fn sets_keep_the_pool_apart() {
        let me = UserRef { id: uid(1), role: Role::Salesperson, group_id: Some(gid(1)) };
        let g1 = UserRef { id: uid(2), role: Role::Salesperson, group_id: Some(gid(1)) };
        let g2 = UserRef { id: uid(3), role: Role::Salesperson, group_id: Some(gid(2)) };
        // (owner, in Mine / Pool / MineAndPool for: salesperson, supervisor of G1, admin)
        let rows: [(Option<&UserRef>, [[bool; 3]; 3]); 4] = [
            (None, [[false; 3], [true; 3], [true; 3]]),
            (Some(&me), [[true; 3], [false; 3], [true; 3]]),
            (Some(&g1), [[false, true, true], [false; 3], [false, true, true]]),
            (Some(&g2), [[false, false, true], [false; 3], [false, false, true]]),
        ];
        for (owner, want) in rows {
            for (set, w) in [CustomerSet::Mine, CustomerSet::Pool, CustomerSet::MineAndPool].into_iter().zip(want) {
                for (role, w) in [Role::Salesperson, Role::Supervisor, Role::Admin].into_iter().zip(w) {
                    let scope = CustomerScope::of(&actor(role)).expect("a CRM role");
                    assert_eq!(scope.includes(set, owner), w, "{owner:?} in {set:?} as {role}");
                }
            }
        }
    }

    #[test]
    fn owner_rules() {
        let sp = CustomerScope::of(&actor(Role::Salesperson)).expect("a CRM role");
        let sup = CustomerScope::of(&actor(Role::Supervisor)).expect("a CRM role");
        let admin = CustomerScope::All;
        let me = UserRef { id: uid(1), role: Role::Salesperson, group_id: Some(gid(1)) };
        let g1 = UserRef { id: uid(2), role: Role::Salesperson, group_id: Some(gid(1)) };
        let g2 = UserRef { id: uid(3), role: Role::Salesperson, group_id: Some(gid(2)) };
        assert!(sp.may_assign(Some(&me)) && !sp.may_assign(Some(&g1)) && !sp.may_assign(None));
        assert!(sup.may_assign(Some(&me)) && sup.may_assign(Some(&g1)) && !sup.may_assign(Some(&g2)));
        assert!(sup.may_assign(None) && admin.may_assign(Some(&g2)) && admin.may_assign(None));
        assert!(!sp.may_reassign(Some(&me)) && sup.may_reassign(Some(&g1)) && admin.may_reassign(None));
        assert!(sp.may_edit(Some(uid(1))) && !sp.may_edit(None) && !sp.may_edit(Some(uid(2))));
        assert!(sup.may_edit(None) && admin.may_edit(Some(uid(3))));
        assert!(!can_own_customers(Role::Maintenance, true) && !can_own_customers(Role::Salesperson, false));
    }

    /// Releasing to the pool and moving customers between people.
    #[test]
    fn release_and_move_rules() {
        let sp = CustomerScope::of(&actor(Role::Salesperson)).expect("a CRM role");
        let sup = CustomerScope::of(&actor(Role::Supervisor)).expect("a CRM role");
        let admin = CustomerScope::All;
        let me = UserRef { id: uid(1), role: Role::Salesperson, group_id: Some(gid(1)) };
        let g1 = UserRef { id: uid(2), role: Role::Salesperson, group_id: Some(gid(1)) };
        let g2 = UserRef { id: uid(3), role: Role::Salesperson, group_id: Some(gid(2)) };
        // (owner, may release: salesperson, supervisor of G1, admin)
        let rows: [(Option<&UserRef>, [bool; 3]); 4] = [
            (None, [false; 3]),
            (Some(&me), [true; 3]),
            (Some(&g1), [false, true, true]),
            (Some(&g2), [false, false, true]),
        ];
        for (owner, want) in rows {
            assert_eq!([sp.may_release(owner), sup.may_release(owner), admin.may_release(owner)], want, "{owner:?}");
        }
        // (from, to, may move: salesperson, supervisor of G1, admin)
        let rows: [(Option<&UserRef>, Option<&UserRef>, [bool; 3]); 6] = [
            (None, Some(&me), [false, true, true]),
            (None, Some(&g1), [false, true, true]),
            (None, Some(&g2), [false, false, true]),
            (Some(&g1), Some(&me), [false, true, true]),
            (Some(&g2), Some(&g1), [false, false, true]),
            (Some(&g1), Some(&g2), [false, false, true]),
        ];
        for (from, to, want) in rows {
            assert_eq!(
                [sp.may_move(from, to), sup.may_move(from, to), admin.may_move(from, to)],
                want,
                "{from:?} → {to:?}"
            );
        }
    }
}
