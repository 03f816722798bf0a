//! Customers: their lifecycle enums, who may see and change them, and the
//! pattern their numbers are made from.
//!
//! Visibility is decided here and nowhere else: [`CustomerScope::of`] turns
//! an [`Actor`] into the set of customers they may see, and the store turns
//! that set into SQL for every read (one customer, lists, counts, history).

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::error::{Error, FieldError};
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

/// Which customers an actor may see. Every customer in the public pool (no
/// owner) is visible to everyone who may use the CRM; beyond that:
/// salespeople see their own, supervisors those owned by members of the
/// groups they supervise and their own, admins all. The maintenance role sees
/// nothing (it has no scope at all: [`CustomerScope::of`] is `FORBIDDEN`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CustomerScope {
    /// Every customer of the tenant.
    All,
    /// The pool, the actor's own customers and those owned by any current
    /// member of these groups.
    Team {
        /// The supervisor.
        me: UserId,
        /// The groups they supervise.
        groups: Vec<GroupId>,
    },
    /// The pool and the actor's own customers.
    Own(UserId),
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

    /// Whether a customer with this owner (`None`: in the pool) is visible.
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
}

/// Whether a user can hold customers at all: active, and not the
/// maintenance role (which cannot see customers).
pub fn can_own_customers(role: Role, active: bool) -> bool {
    active && role != Role::Maintenance
}

/// One piece of a [`CustomerNumberPattern`].
#[derive(Clone, Debug, PartialEq, Eq)]
enum Piece {
    Text(String),
    Year4,
    Year2,
    Month,
    Day,
    Seq(usize),
}

/// The pattern customer numbers are made from, e.g. `KH{yyyy}{seq:6}` →
/// `KH2026000001`. Tokens: `{yyyy}` `{yy}` `{mm}` `{dd}` (the creation date in
/// the tenant's time zone) and exactly one `{seq:N}` (a counter padded to N
/// digits, 1 ≤ N ≤ 12). The counter restarts whenever the date part changes:
/// per year for `{yyyy}`, per day when `{dd}` is present, never without date
/// tokens.
///
/// (A minimal parser for customers; a shared numbering module can replace it.)
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CustomerNumberPattern {
    pieces: Vec<Piece>,
}

impl CustomerNumberPattern {
    /// The default pattern.
    pub const DEFAULT: &'static str = "KH{yyyy}{seq:6}";
    /// Longest accepted pattern, in characters.
    pub const MAX_CHARS: usize = 40;

    /// Parse a pattern; `field` names the input for the error.
    pub fn parse(raw: &str, field: &str) -> Result<Self, FieldError> {
        let bad = |msg: String| FieldError::new(field, "invalid", msg);
        if raw.chars().count() > Self::MAX_CHARS {
            return Err(FieldError::new(field, "too_long", format!("at most {} characters", Self::MAX_CHARS)));
        }
        let mut pieces = Vec::new();
        let mut rest = raw;
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix('{') {
                let Some(end) = after.find('}') else { return Err(bad("unclosed `{`".into())) };
                let token = &after[..end];
                pieces.push(match token {
                    "yyyy" => Piece::Year4,
                    "yy" => Piece::Year2,
                    "mm" => Piece::Month,
                    "dd" => Piece::Day,
                    t => match t.strip_prefix("seq:").map(str::parse::<usize>) {
                        Some(Ok(n)) if (1..=12).contains(&n) => Piece::Seq(n),
                        Some(_) => return Err(bad("`{seq:N}` needs a width N from 1 to 12".into())),
                        None => return Err(bad(format!("unknown token `{{{t}}}`"))),
                    },
                });
                rest = &after[end + 1..];
            } else {
                let end = rest.find('{').unwrap_or(rest.len());
                let text = &rest[..end];
                if text.contains('}') || text.chars().any(|c| c.is_control() || c.is_whitespace()) {
                    return Err(bad("text may not contain `}`, spaces or control characters".into()));
                }
                pieces.push(Piece::Text(text.to_owned()));
                rest = &rest[end..];
            }
        }
        let seqs = pieces.iter().filter(|p| matches!(p, Piece::Seq(_))).count();
        if seqs != 1 {
            return Err(FieldError::new(field, "seq_required", "the pattern needs exactly one `{seq:N}`"));
        }
        Ok(CustomerNumberPattern { pieces })
    }

    fn render_with(&self, date: NaiveDate, seq: impl Fn(usize) -> String) -> String {
        let mut out = String::new();
        for p in &self.pieces {
            match p {
                Piece::Text(t) => out.push_str(t),
                Piece::Year4 => out.push_str(&format!("{:04}", date.year())),
                Piece::Year2 => out.push_str(&format!("{:02}", date.year().rem_euclid(100))),
                Piece::Month => out.push_str(&format!("{:02}", date.month())),
                Piece::Day => out.push_str(&format!("{:02}", date.day())),
                Piece::Seq(width) => out.push_str(&seq(*width)),
            }
        }
        out
    }

    /// The number for counter value `seq` on `date`. A counter that outgrows
    /// its width just gets longer.
    pub fn render(&self, date: NaiveDate, seq: u64) -> String {
        self.render_with(date, |width| format!("{seq:0width$}"))
    }

    /// The counter this pattern draws from on `date`: the pattern with its
    /// date tokens filled in. Numbers sharing a scope share a sequence, so
    /// widening `{seq:N}` continues it.
    pub fn scope(&self, date: NaiveDate) -> String {
        self.render_with(date, |_| "{seq}".to_owned())
    }
}

impl FromStr for CustomerNumberPattern {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        Self::parse(s, "customerNumberPattern").map_err(|e| Error::Validation(vec![e]))
    }
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

    #[test]
    fn number_patterns() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 7).expect("a date");
        let p = CustomerNumberPattern::parse(CustomerNumberPattern::DEFAULT, "p").expect("valid");
        assert_eq!(p.render(d, 1), "KH2026000001");
        assert_eq!(p.render(d, 1_234_567), "KH20261234567");
        assert_eq!(p.scope(d), "KH2026{seq}");
        let p = CustomerNumberPattern::parse("C-{yy}{mm}{dd}-{seq:3}", "p").expect("valid");
        assert_eq!(p.render(d, 42), "C-260307-042");
        assert_eq!(p.scope(d), "C-260307-{seq}");
        let p = CustomerNumberPattern::parse("{seq:4}", "p").expect("valid");
        assert_eq!(p.render(d, 7), "0007");
        let reason = |s: &str| CustomerNumberPattern::parse(s, "p").err().map(|e| e.reason);
        assert_eq!(reason("KH{yyyy}"), Some("seq_required"));
        assert_eq!(reason("{seq:3}{seq:3}"), Some("seq_required"));
        assert_eq!(reason("KH{year}{seq:3}"), Some("invalid"));
        assert_eq!(reason("KH{seq:0}"), Some("invalid"));
        assert_eq!(reason("KH{seq:13}"), Some("invalid"));
        assert_eq!(reason("KH{seq}"), Some("invalid"));
        assert_eq!(reason("KH{seq:3"), Some("invalid"));
        assert_eq!(reason("K}H{seq:3}"), Some("invalid"));
        assert_eq!(reason("K H{seq:3}"), Some("invalid"));
        assert_eq!(reason(&format!("{}{{seq:3}}", "K".repeat(40))), Some("too_long"));
    }
}
