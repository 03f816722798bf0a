//! Daily reminders (提醒): at the local time each person chooses
//! (`users.reminder_time`, in the company's time zone), one in-app
//! notification per occasion, and one digest mail a day for those who want
//! reminders by mail (the `reminder` notification preference).
//!
//! The occasions of a person, over the customers they hold and their own
//! work plans:
//!
//! - a customer's next visit (`nextVisitAt`) is today;
//! - a work plan starts today; a work plan passed its end undone;
//! - a customer's birthday is today (where the company wants it);
//! - a custom date field (a contract's end) is `daysBefore` days ahead,
//!   for the fields the company names;
//! - a VIP has had no conversation for the company's number of days.
//!
//! Each occasion is a notification whose dedupe key names it (the visit's
//! day, the plan, the birthday's year, the field's date, the VIP's last
//! conversation): a reminder is never sent twice for the same occasion,
//! whether the pass runs again, another replica runs it too, or the server
//! restarts in between. `users.reminded_on` keeps the local day a person's
//! reminders were last sent, so the pass touches only those whose time has
//! come and who were not reminded today.
//!
//! The global `reminder_timers` holds each company's next reminder time:
//! the scheduler's beat ([`Store::fire_reminders`]) claims the due rows
//! (an update from the value read, so one replica runs each pass), runs the
//! company's pass in its `TenantTx` and sets the next time, the earliest
//! reminder time still ahead among its people. A new person or a changed
//! reminder time brings the row forward ([`schedule`]).

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration as ChronoDuration, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;
use guanxi_core::custom_fields::FieldEntity;
use guanxi_core::notifications::{Link, LinkKind, Notice, NotificationKind, Occasion};
use guanxi_core::time_window::{day_end, day_start};
use guanxi_core::{Error, FieldError, Result, TenantId, UserId};
use sea_orm::sea_query::{Expr, Func};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait, Statement,
};
use uuid::Uuid;

use crate::db::{Access, Store, TenantTx, db_err};
use crate::entity::{customer, reminder_timers, user, work_plan};
use crate::notifications::{self, NewNotification};

/// When reminders arrive for someone who has not chosen.
pub const DEFAULT_TIME: &str = "08:30";

/// Most occasions of one kind one person is reminded of in a day, the
/// first by id (the rest are seen in the lists; an occasion that lasts,
/// an overdue plan or an idle VIP, comes up again the next day).
const MAX_PER_KIND: u64 = 200;

/// The rows of `q`, each naming a person in `person`, at most
/// [`MAX_PER_KIND`] per person (the first by `id`): one person's thousands
/// of occasions never crowd out anyone else's. A window over the query,
/// read by position, so the rows come back as `q`'s columns.
async fn capped<E, T>(
    tx: &TenantTx,
    q: sea_orm::Select<E>,
    person: impl ColumnTrait,
    id: impl ColumnTrait,
) -> Result<Vec<T>>
where
    E: EntityTrait,
    T: sea_orm::TryGetableMany,
{
    let mut inner = q.into_query();
    inner.expr_as(
        Expr::cust(format!(
            "ROW_NUMBER() OVER (PARTITION BY {} ORDER BY {})",
            person.as_column_ref().1.to_string(),
            id.as_column_ref().1.to_string()
        )),
        sea_orm::sea_query::Alias::new("capped_rank"),
    );
    let backend = tx.conn().get_database_backend();
    let built = backend.build(&inner);
    let sql = format!("SELECT * FROM ({}) capped WHERE capped.capped_rank <= {MAX_PER_KIND}", built.sql);
    let values = built.values.map(|v| v.0).unwrap_or_default();
    let rows = tx.conn().query_all(Statement::from_sql_and_values(backend, sql, values)).await.map_err(db_err)?;
    rows.iter().map(|r| r.try_get_many_by_index::<T>().map_err(db_err)).collect()
}

/// A reminder time as `HH:MM`, given as `field`.
pub fn parse_time(raw: &str, field: &str) -> std::result::Result<String, FieldError> {
    NaiveTime::parse_from_str(raw.trim(), "%H:%M")
        .map(|t| t.format("%H:%M").to_string())
        .map_err(|_| FieldError::new(field, "invalid", "a time of day as HH:MM"))
}

fn time_of(raw: &str) -> NaiveTime {
    NaiveTime::parse_from_str(raw, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(DEFAULT_TIME, "%H:%M"))
        .unwrap_or(NaiveTime::MIN)
}

/// The first instant of local `day` at `time` in `tz` (a time the clocks
/// skip comes at the first instant after the gap).
fn at_local(day: NaiveDate, time: NaiveTime, tz: Tz) -> DateTime<Utc> {
    let mut t = day.and_time(time);
    for _ in 0..180 {
        if let Some(x) = t.and_local_timezone(tz).earliest() {
            return x.with_timezone(&Utc);
        }
        t += ChronoDuration::minutes(1);
    }
    day_start(day, tz)
}

/// Bring the company's next reminder pass forward to `at` (a new person,
/// a changed reminder time): it never moves it later.
pub(crate) async fn schedule(tx: &TenantTx, at: DateTime<Utc>) -> Result<()> {
    let backend = tx.conn().get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => {
            "INSERT INTO reminder_timers (tenant_id, next_at) VALUES ($1, $2) ON CONFLICT (tenant_id) \
             DO UPDATE SET next_at = LEAST(reminder_timers.next_at, excluded.next_at)"
        }
        _ => {
            "INSERT INTO reminder_timers (tenant_id, next_at) VALUES (?, ?) ON CONFLICT (tenant_id) \
             DO UPDATE SET next_at = MIN(reminder_timers.next_at, excluded.next_at)"
        }
    };
    tx.conn()
        .execute(Statement::from_sql_and_values(backend, sql, [tx.tenant_id().0.into(), at.into()]))
        .await
        .map_err(db_err)?;
    Ok(())
}

/// One occasion found for a person.
struct Found {
    user: Uuid,
    notice: Notice,
    key: String,
}

impl Store {
    /// Send the reminders due at `now`, for at most `limit` companies;
    /// returns how many notifications were written. The scheduler's beat.
    pub async fn fire_reminders(&self, now: DateTime<Utc>, limit: u64) -> Result<u64> {
        let due = reminder_timers::Entity::find()
            .filter(reminder_timers::Column::NextAt.lte(now))
            .order_by_asc(reminder_timers::Column::NextAt)
            .limit(limit)
            .all(&self.db)
            .await
            .map_err(db_err)?;
        let mut sent = 0;
        for t in due {
            match self.remind(&t, now).await {
                Ok(n) => sent += n,
                Err(e) => tracing::warn!(error = ?e, tenant_id = %t.tenant_id, "a reminder pass failed"),
            }
        }
        Ok(sent)
    }

    async fn remind(&self, t: &reminder_timers::Model, now: DateTime<Utc>) -> Result<u64> {
        let mut tx = TenantTx::begin(self, TenantId(t.tenant_id), Access::Write).await?;
        tx.now = now;
        // Claim the pass: only the replica whose update still finds the
        // time it read runs it (the row stays locked until the commit).
        let claimed = reminder_timers::Entity::update_many()
            .col_expr(reminder_timers::Column::NextAt, Expr::value(now + ChronoDuration::minutes(10)))
            .filter(reminder_timers::Column::TenantId.eq(t.tenant_id))
            .filter(reminder_timers::Column::NextAt.eq(t.next_at))
            .exec(tx.conn())
            .await
            .map_err(db_err)?;
        if claimed.rows_affected == 0 {
            return Ok(0);
        }
        let sent = pass(&tx).await?;
        tx.commit().await?;
        if sent > 0 {
            tracing::info!(tenant_id = %t.tenant_id, sent, "reminders sent");
        }
        Ok(sent)
    }
}

/// The company's pass at `tx.now`: the people whose reminder time has
/// come and who were not reminded today get their occasions; then the
/// company's next pass is set. Returns the notifications written.
async fn pass(tx: &TenantTx) -> Result<u64> {
    let tz = crate::tenants::tenant_tz(tx).await?;
    let settings = crate::tenants::settings(tx).await?.reminders;
    let local = tx.now.with_timezone(&tz);
    let today = local.date_naive();
    let people = tx
        .select::<user::Entity>()
        .filter(user::Column::Kind.eq(crate::users::PERSON))
        .filter(user::Column::Active.eq(true))
        .all(tx.conn())
        .await
        .map_err(db_err)?;
    let due: Vec<&user::Model> = people
        .iter()
        .filter(|u| u.reminded_on.is_none_or(|d| d < today) && at_local(today, time_of(&u.reminder_time), tz) <= tx.now)
        .collect();
    let mut sent = 0;
    if !due.is_empty() {
        let ids: Vec<Uuid> = due.iter().map(|u| u.id).collect();
        let found = occasions(tx, &ids, &settings, today, tz).await?;
        let mut by_user: BTreeMap<Uuid, Vec<Found>> = BTreeMap::new();
        for f in found {
            by_user.entry(f.user).or_default().push(f);
        }
        for u in &due {
            let mut fresh = Vec::new();
            for f in by_user.remove(&u.id).unwrap_or_default() {
                let n = NewNotification {
                    recipient: UserId(u.id),
                    notice: f.notice.clone(),
                    actor: None,
                    dedupe_key: f.key,
                };
                if notifications::notify_quietly(tx, n).await? {
                    fresh.push(f.notice);
                }
            }
            sent += fresh.len() as u64;
            if !fresh.is_empty() && notifications::preference(tx, UserId(u.id), NotificationKind::Reminder).await?.mail
            {
                digest(tx, &u.email, &fresh).await?;
            }
        }
        tx.update_many::<user::Entity>()
            .col_expr(user::Column::RemindedOn, Expr::value(Some(today)))
            .filter(user::Column::Id.is_in(ids))
            .exec(tx.conn())
            .await
            .map_err(db_err)?;
    }
    // The next pass: the earliest reminder time still ahead.
    let next = people
        .iter()
        .map(|u| {
            let t = time_of(&u.reminder_time);
            let today_at = at_local(today, t, tz);
            let reminded = due.iter().any(|d| d.id == u.id) || u.reminded_on.is_some_and(|d| d >= today);
            if reminded || today_at <= tx.now { at_local(today + ChronoDuration::days(1), t, tz) } else { today_at }
        })
        .min()
        .unwrap_or_else(|| tx.now + ChronoDuration::days(1));
    reminder_timers::Entity::update_many()
        .col_expr(reminder_timers::Column::NextAt, Expr::value(next))
        .filter(reminder_timers::Column::TenantId.eq(tx.tenant_id().0))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    Ok(sent)
}

/// The day's digest mail: every reminder just sent, Chinese then English.
async fn digest(tx: &TenantTx, to: &str, notices: &[Notice]) -> Result<()> {
    use guanxi_core::input::Locale;
    let subject = format!("今日提醒 {} 项 · {} reminders today", notices.len(), notices.len());
    let mut body = String::new();
    for locale in [Locale::ZhCn, Locale::En] {
        for n in notices {
            let r = n.render(locale);
            let link = n.link().map(|l| format!(" {}{}", tx.cfg.public_url.trim_end_matches('/'), l.path()));
            body.push_str(&format!("· {}：{}{}\n", r.title, r.body, link.unwrap_or_default()));
        }
        body.push('\n');
    }
    body.push_str("——\n提醒时间和是否发邮件可以在个人资料页修改。\nChange when reminders arrive, and whether they are mailed, on your profile page.\n");
    crate::outbox::enqueue(tx, "reminder", to, &subject, &body).await
}

fn customer_link(id: Uuid) -> Option<Link> {
    Some(Link { kind: LinkKind::Customer, id })
}

/// Every occasion of `people` on local day `today`.
async fn occasions(
    tx: &TenantTx,
    people: &[Uuid],
    settings: &guanxi_core::settings::ReminderSettings,
    today: NaiveDate,
    tz: Tz,
) -> Result<Vec<Found>> {
    use customer::Column as C;
    let (start, end) = (day_start(today, tz), day_end(today, tz));
    let mut out = Vec::new();
    let owned = || {
        tx.select::<customer::Entity>()
            .select_only()
            .columns([C::Id, C::OwnerId, C::Name])
            .filter(C::OwnerId.is_in(people.iter().copied()))
    };
    let rows = |rows: Vec<(Uuid, Option<Uuid>, String)>| rows.into_iter().filter_map(|(id, o, n)| Some((id, o?, n)));

    // Visits today.
    let visits: Vec<(Uuid, Option<Uuid>, String)> =
        capped(tx, owned().filter(C::NextVisitAt.gte(start)).filter(C::NextVisitAt.lt(end)), C::OwnerId, C::Id).await?;
    for (id, owner, name) in rows(visits) {
        out.push(Found {
            user: owner,
            notice: Notice::Reminder {
                occasion: Occasion::Visit,
                name,
                on: today,
                detail: String::new(),
                link: customer_link(id),
            },
            key: format!("reminder:visit:{id}:{today}"),
        });
    }

    // Birthdays today.
    if settings.birthdays {
        let expr = crate::workflows::runs::birthday_on(tx.conn().get_database_backend(), today);
        let born: Vec<(Uuid, Option<Uuid>, String)> = capped(tx, owned().filter(expr), C::OwnerId, C::Id).await?;
        for (id, owner, name) in rows(born) {
            out.push(Found {
                user: owner,
                notice: Notice::Reminder {
                    occasion: Occasion::Birthday,
                    name,
                    on: today,
                    detail: String::new(),
                    link: customer_link(id),
                },
                key: format!("reminder:birthday:{id}:{}", today.year()),
            });
        }
    }

    // VIPs without a conversation for the company's number of days, once
    // per stretch (the key names the last conversation).
    if settings.vip_idle_days > 0 {
        let days = settings.vip_idle_days;
        let cutoff = crate::workflows::idle::idle_cutoff(today, days, tz);
        let since = Func::coalesce([
            Expr::col((customer::Entity, C::LastContactAt)).into(),
            Expr::col((customer::Entity, C::CreatedAt)).into(),
        ]);
        /// Id, owner, name, last contact, creation.
        type IdleRow = (Uuid, Option<Uuid>, String, Option<DateTime<Utc>>, DateTime<Utc>);
        let idle = tx
            .select::<customer::Entity>()
            .select_only()
            .columns([C::Id, C::OwnerId, C::Name, C::LastContactAt, C::CreatedAt])
            .filter(C::OwnerId.is_in(people.iter().copied()))
            .filter(C::Grade.eq("vip"))
            .filter(Expr::expr(since).lt(cutoff));
        let idle: Vec<IdleRow> = capped(tx, idle, C::OwnerId, C::Id).await?;
        for (id, owner, name, last, created) in idle {
            let Some(owner) = owner else { continue };
            let since = last.unwrap_or(created);
            let on = since.with_timezone(&tz).date_naive();
            out.push(Found {
                user: owner,
                notice: Notice::Reminder {
                    occasion: Occasion::VipIdle,
                    name,
                    on,
                    detail: (today - on).num_days().to_string(),
                    link: customer_link(id),
                },
                key: format!("reminder:vip:{id}:{}", since.timestamp()),
            });
        }
    }

    // Custom date fields ahead.
    if !settings.date_fields.is_empty() {
        let fields = crate::custom_fields::field_set(tx, FieldEntity::Customer).await?;
        let backend = tx.conn().get_database_backend();
        for d in &settings.date_fields {
            let Some(f) = fields.get(&d.field) else { continue };
            let target = today + ChronoDuration::days(i64::from(d.days_before));
            let value = crate::customers::custom_sql::value_expr(backend, "customers", f);
            let hits: Vec<(Uuid, Option<Uuid>, String)> =
                capped(tx, owned().filter(Expr::expr(value).eq(target.to_string())), C::OwnerId, C::Id).await?;
            for (id, owner, name) in rows(hits) {
                out.push(Found {
                    user: owner,
                    notice: Notice::Reminder {
                        occasion: Occasion::Date,
                        name,
                        on: target,
                        detail: f.def.spec.label.clone(),
                        link: customer_link(id),
                    },
                    key: format!("reminder:date:{}:{id}:{target}", d.field).chars().take(200).collect(),
                });
            }
        }
    }

    // The people's own plans: starting today, and overdue.
    let plans = |q: sea_orm::Select<work_plan::Entity>| {
        q.select_only()
            .columns([work_plan::Column::Id, work_plan::Column::AuthorId, work_plan::Column::Subject])
            .column(work_plan::Column::StartAt)
            .column(work_plan::Column::EndAt)
            .filter(work_plan::Column::AuthorId.is_in(people.iter().copied()))
            .filter(work_plan::Column::DoneAt.is_null())
    };
    type PlanRow = (Uuid, Uuid, String, DateTime<Utc>, DateTime<Utc>);
    let (author, id) = (work_plan::Column::AuthorId, work_plan::Column::Id);
    let starting = plans(tx.select::<work_plan::Entity>())
        .filter(work_plan::Column::StartAt.gte(start))
        .filter(work_plan::Column::StartAt.lt(end));
    let starting: Vec<PlanRow> = capped(tx, starting, author, id).await?;
    for (id, author, subject, _, _) in starting {
        out.push(Found {
            user: author,
            notice: Notice::Reminder {
                occasion: Occasion::PlanDue,
                name: subject,
                on: today,
                detail: String::new(),
                link: Some(Link { kind: LinkKind::WorkPlan, id }),
            },
            key: format!("reminder:plan:{id}:{today}"),
        });
    }
    let overdue = plans(tx.select::<work_plan::Entity>()).filter(work_plan::Column::EndAt.lt(tx.now));
    let overdue: Vec<PlanRow> = capped(tx, overdue, author, id).await?;
    for (id, author, subject, _, end_at) in overdue {
        let on = end_at.with_timezone(&tz).date_naive();
        out.push(Found {
            user: author,
            notice: Notice::Reminder {
                occasion: Occasion::PlanOverdue,
                name: subject,
                on,
                detail: String::new(),
                link: Some(Link { kind: LinkKind::WorkPlan, id }),
            },
            key: format!("reminder:overdue:{id}:{}", end_at.timestamp()),
        });
    }
    Ok(out)
}

/// Check the company's reminder settings against its custom fields: each
/// date field named must be a custom field of type date.
pub(crate) async fn check_settings(tx: &TenantTx, s: &guanxi_core::settings::ReminderSettings) -> Result<()> {
    if s.date_fields.is_empty() {
        return Ok(());
    }
    let fields = crate::custom_fields::field_set(tx, FieldEntity::Customer).await?;
    let errors: Vec<FieldError> = s
        .date_fields
        .iter()
        .enumerate()
        .filter(|(_, d)| {
            !fields.get(&d.field).is_some_and(|f| f.field_type() == guanxi_core::custom_fields::FieldType::Date)
        })
        .map(|(i, _)| {
            FieldError::new(format!("reminders.dateFields.{i}.field"), "not_found", "no custom date field of that key")
        })
        .collect();
    if errors.is_empty() { Ok(()) } else { Err(Error::Validation(errors)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_parse_and_normalise() {
        assert_eq!(parse_time(" 7:05 ", "t").ok().as_deref(), Some("07:05"));
        assert!(parse_time("25:00", "t").is_err());
        assert!(parse_time("", "t").is_err());
    }

    #[test]
    fn a_skipped_local_time_comes_after_the_gap() {
        let tz: Tz = "America/New_York".parse().expect("valid in the test");
        let day = NaiveDate::from_ymd_opt(2026, 3, 8).expect("valid in the test");
        let t = at_local(day, NaiveTime::from_hms_opt(2, 30, 0).expect("valid in the test"), tz);
        assert_eq!(t.to_rfc3339(), "2026-03-08T07:00:00+00:00");
    }
}
