//! Possible duplicates (疑似重复客户): customers that look like the same
//! person, each pair with a score and its reasons.
//!
//! What makes two customers alike, strongest first:
//!
//! - the same phone number, normalised (digits only, without a Chinese
//!   country code: `138 1234 5678` and `+86 13812345678` are one);
//! - the same e-mail address, ignoring case;
//! - the same name at the same company, Chinese-aware: full-width folded to
//!   half-width, traditional folded to simplified (張偉 is 张伟), spaces and
//!   punctuation ignored, and the company's legal suffix (有限公司,
//!   有限责任公司, 股份有限公司, 集团, `Co., Ltd.` …) left out;
//! - the same name in pinyin at the same company (张伟 and 张玮), a weaker
//!   sign.
//!
//! A name alone, however common, never makes a pair. The scores combine as
//! independent signs (`1 − Π(1 − s)`).
//!
//! [`candidates`] looks for the customers like one customer (an edit or a
//! creation being typed, or a customer's page): always current, as it reads
//! the customers as they are. [`start_scan`] looks over the whole company as
//! a job with progress ([`scan_batch`] feeds a [`PairFinder`]), for admins.

use std::collections::{BTreeMap, HashMap, HashSet};

use guanxi_core::customer::{CustomerScope, CustomerSet};
use guanxi_core::{CustomerId, Error, FieldError, JobId, Result, Role};
use guanxi_search::enrich;
use sea_orm::sea_query::{Condition, Expr, Func, LikeExpr};
use sea_orm::{ColumnTrait, ConnectionTrait, DbBackend, QueryFilter, QueryOrder, QuerySelect};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use crate::audit::{self, AuditAction};
use crate::customers::visible;
use crate::db::{TenantTx, db_err, escape_like};
use crate::entity::{customer, duplicate_dismissal};

/// The job kind of a company-wide scan.
pub const JOB_KIND: &str = "customers.duplicates";

/// Customers a scan reads per batch.
pub const SCAN_BATCH: u64 = 5000;

/// At most this many candidates for one customer.
pub const MAX_CANDIDATES: usize = 20;

/// At most this many pairs are listed in a scan's result (all are counted).
pub const MAX_LISTED_PAIRS: usize = 2000;

/// Why two customers look alike.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Reason {
    /// A phone number in common.
    Phone,
    /// The same e-mail address.
    Email,
    /// The same name at the same company.
    NameCompany,
    /// The same name in pinyin at the same company.
    PinyinCompany,
}

impl Reason {
    /// How strongly this alone says "the same person".
    pub fn weight(self) -> f64 {
        match self {
            Reason::Phone => 0.95,
            Reason::Email => 0.9,
            Reason::NameCompany => 0.85,
            Reason::PinyinCompany => 0.6,
        }
    }
}

/// The score of a set of reasons: independent signs combined.
pub fn score(reasons: &[Reason]) -> f64 {
    let miss: f64 = reasons.iter().map(|r| 1.0 - r.weight()).product();
    ((1.0 - miss) * 1000.0).round() / 1000.0
}

/// What a customer is compared by.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Probe {
    /// The customer itself, left out of its own candidates.
    pub id: Option<Uuid>,
    /// Name.
    pub name: String,
    /// Company.
    pub company: Option<String>,
    /// Phone numbers as typed or stored.
    pub phones: Vec<String>,
    /// E-mail.
    pub email: Option<String>,
}

/// The keys of one customer, normalised.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Keys {
    /// Phone digits (7 or more digits each).
    pub phones: Vec<String>,
    /// E-mail, lower case.
    pub email: Option<String>,
    /// Name: simplified, half-width, lower case, letters and digits only.
    pub name: String,
    /// The name's pinyin (when every character has one).
    pub pinyin: Option<String>,
    /// Company without its legal suffix; none when empty.
    pub company: Option<String>,
}

/// Legal suffixes left out of a company's name, longest first, in the
/// normalised form (simplified, lower case, no punctuation or spaces).
const SUFFIXES: &[&str] = &[
    "股份有限公司",
    "有限责任公司",
    "集团有限公司",
    "有限公司",
    "集团公司",
    "分公司",
    "公司",
    "集团",
    "coltd",
    "corporation",
    "company",
    "limited",
    "corp",
    "inc",
    "ltd",
    "co",
];

/// Letters, digits and Chinese characters of `text`, normalised.
fn squeeze(text: &str) -> String {
    enrich::normalize(text).chars().filter(|c| c.is_alphanumeric()).collect()
}

/// A company's key: [`squeeze`]d, its legal suffixes left out (a bare
/// suffix is no company).
pub fn company_key(company: &str) -> Option<String> {
    let mut key = squeeze(company);
    loop {
        let before = key.len();
        for s in SUFFIXES {
            if key.len() > s.len()
                && let Some(rest) = key.strip_suffix(s)
            {
                key = rest.to_owned();
                break;
            }
        }
        if key.len() == before {
            break;
        }
    }
    (!key.is_empty() && !SUFFIXES.contains(&key.as_str())).then_some(key)
}

impl Keys {
    /// The keys of `p`.
    pub fn of(p: &Probe) -> Keys {
        let name = squeeze(&p.name);
        let chars: Vec<char> = name.chars().collect();
        let pinyin = if !chars.is_empty() && chars.iter().all(|c| enrich::is_cjk(*c)) {
            enrich::run_pinyin(&chars, true).into_iter().collect::<Option<Vec<String>>>().map(|v| v.concat())
        } else {
            None
        };
        let mut phones: Vec<String> = Vec::new();
        for p in &p.phones {
            let d = enrich::phone_digits(p);
            if d.len() >= 7 && !phones.contains(&d) {
                phones.push(d);
            }
        }
        Keys {
            phones,
            email: p.email.as_deref().map(|e| e.trim().to_lowercase()).filter(|e| !e.is_empty()),
            name,
            pinyin,
            company: p.company.as_deref().and_then(company_key),
        }
    }

    /// Why `self` and `other` look alike (none: they do not).
    pub fn reasons(&self, other: &Keys) -> Vec<Reason> {
        let mut out = Vec::new();
        if self.phones.iter().any(|p| other.phones.contains(p)) {
            out.push(Reason::Phone);
        }
        if self.email.is_some() && self.email == other.email {
            out.push(Reason::Email);
        }
        let same_company = self.company.is_some() && self.company == other.company;
        if same_company && !self.name.is_empty() {
            if self.name == other.name {
                out.push(Reason::NameCompany);
            } else if self.pinyin.is_some() && self.pinyin == other.pinyin {
                out.push(Reason::PinyinCompany);
            }
        }
        out
    }
}

/// One customer like the one looked at.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    /// The customer.
    pub id: Uuid,
    /// Whether the caller sees it (its details are theirs to read).
    pub visible: bool,
    /// Why it looks alike.
    pub reasons: Vec<Reason>,
    /// How likely the same person, 0 to 1.
    pub score: f64,
}

/// The customers of the company that look like `probe`, most alike first
/// (at most [`MAX_CANDIDATES`]). Those out of the caller's sight are
/// counted in (a colleague's customer is still a duplicate), marked so that
/// the API shows no more than that they exist.
pub async fn candidates(tx: &TenantTx, probe: &Probe) -> Result<Vec<Candidate>> {
    let scope = CustomerScope::of(tx.actor()?)?;
    let keys = Keys::of(probe);
    let backend = tx.conn().get_database_backend();
    let col = |c: customer::Column| Expr::col((customer::Entity, c));
    let mut any = Condition::any();
    for p in &keys.phones {
        any = any.add(col(customer::Column::PhoneDigits).like(like(&format!("%{}%", escape_like(p)))));
    }
    if let Some(e) = &keys.email {
        any = any.add(Expr::expr(Func::lower(col(customer::Column::Email))).eq(e.as_str()));
    }
    if keys.company.is_some() && !keys.name.is_empty() {
        // The same name, or one of the same length and surname (its
        // traditional form too): the rest is compared here, normalised.
        let chars: Vec<char> = keys.name.chars().collect();
        let length = match backend {
            DbBackend::Postgres => "char_length(\"customers\".\"name\")",
            _ => "length(\"customers\".\"name\")",
        };
        let raw: Vec<char> = probe.name.trim().chars().collect();
        let mut firsts = vec![chars[0]];
        if let Some(c) = raw.first()
            && !firsts.contains(c)
        {
            firsts.push(*c);
        }
        for t in traditional_of(chars[0]) {
            if !firsts.contains(&t) {
                firsts.push(t);
            }
        }
        let mut names = Condition::any();
        for f in firsts {
            names = names.add(col(customer::Column::Name).like(like(&format!("{}%", escape_like(&f.to_string())))));
        }
        // Whole numbers of this process, written into the statement.
        let (shortest, longest) = (raw.len().saturating_sub(1), raw.len() + 1);
        any =
            any.add(Condition::all().add(names).add(Expr::cust(format!("{length} BETWEEN {shortest} AND {longest}"))));
    }
    if any.is_empty() {
        return Ok(Vec::new());
    }
    // Only what the keys need, a bounded number of rows (a surname shared
    // by a tenth of a large company still fits).
    let mut q = tx
        .select::<customer::Entity>()
        .select_only()
        .columns(KEY_COLUMNS)
        .filter(any)
        .order_by_asc(customer::Column::Id)
        .limit(MAX_READ);
    if let Some(id) = probe.id {
        q = q.filter(customer::Column::Id.ne(id));
    }
    let rows: Vec<KeyRow> = q.into_tuple().all(tx.conn()).await.map_err(db_err)?;
    let not_same = match probe.id {
        Some(id) => dismissed_with(tx, id).await?,
        None => HashSet::new(),
    };
    let mut out: Vec<Candidate> = Vec::new();
    for row in rows {
        let (id, other) = keys_of_row(row);
        if not_same.contains(&id) {
            continue;
        }
        let reasons = keys.reasons(&other);
        if reasons.is_empty() {
            continue;
        }
        out.push(Candidate { id, visible: false, score: score(&reasons), reasons });
    }
    if !out.is_empty() {
        let seen: Vec<Uuid> = tx
            .select::<customer::Entity>()
            .select_only()
            .column(customer::Column::Id)
            .filter(customer::Column::Id.is_in(out.iter().map(|c| c.id)))
            .filter(visible(&scope, CustomerSet::MineAndPool, tx.tenant_id()))
            .into_tuple()
            .all(tx.conn())
            .await
            .map_err(db_err)?;
        for c in &mut out {
            c.visible = seen.contains(&c.id);
        }
    }
    out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.id.cmp(&b.id)));
    out.truncate(MAX_CANDIDATES);
    Ok(out)
}

fn like(pattern: &str) -> LikeExpr {
    LikeExpr::new(pattern).escape('\\')
}

/// The most rows one customer's candidates read.
const MAX_READ: u64 = 20_000;

/// What the keys are made of: id, name, company, phones, e-mail.
const KEY_COLUMNS: [customer::Column; 5] = [
    customer::Column::Id,
    customer::Column::Name,
    customer::Column::Company,
    customer::Column::Phones,
    customer::Column::Email,
];

type KeyRow = (Uuid, String, Option<String>, serde_json::Value, Option<String>);

/// The id and keys of a row of [`KEY_COLUMNS`].
fn keys_of_row((id, name, company, phones, email): KeyRow) -> (Uuid, Keys) {
    let probe =
        Probe { id: Some(id), name, company, phones: serde_json::from_value(phones).unwrap_or_default(), email };
    (id, Keys::of(&probe))
}

/// The traditional characters that fold to `simplified` (张: 張).
fn traditional_of(simplified: char) -> Vec<char> {
    static TABLE: std::sync::OnceLock<HashMap<char, Vec<char>>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut t: HashMap<char, Vec<char>> = HashMap::new();
        for code in 0x4E00u32..=0x9FFF {
            let Some(c) = char::from_u32(code) else { continue };
            let s = enrich::normalize(&c.to_string());
            if let Some(sc) = s.chars().next()
                && sc != c
            {
                t.entry(sc).or_default().push(c);
            }
        }
        t
    });
    table.get(&simplified).cloned().unwrap_or_default()
}

/// At most this many customers of a scan pair on one key: a number or an
/// address more share (a switchboard, `info@`) says nothing of one person,
/// and pairing them all would grow with the square of their number.
pub const MAX_PER_KEY: usize = 20;

/// At most this many pairs a scan keeps (about 60 bytes each); more are
/// counted, not kept.
pub const MAX_PAIRS: usize = 500_000;

/// Pairs found over many customers: every customer's keys indexed, each
/// pair once with all its reasons. Bounded by [`MAX_PER_KEY`] and
/// [`MAX_PAIRS`], so one company's data cannot make a scan's memory grow
/// with the square of its customers.
#[derive(Debug, Default)]
pub struct PairFinder {
    by_key: HashMap<String, Vec<u32>>,
    ids: Vec<Uuid>,
    pairs: BTreeMap<(u32, u32), Vec<Reason>>,
    /// Keys more than [`MAX_PER_KEY`] customers share.
    pub crowded_keys: u64,
    /// Pairs found beyond [`MAX_PAIRS`], not kept.
    pub pairs_left_out: u64,
}

/// One pair of a scan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Pair {
    /// One customer.
    pub a: Uuid,
    /// The other.
    pub b: Uuid,
    /// Why.
    pub reasons: Vec<Reason>,
    /// How likely the same person.
    pub score: f64,
}

impl PairFinder {
    /// Add a customer: pairs it with every customer added before that
    /// shares a key.
    pub fn add(&mut self, id: Uuid, keys: &Keys) {
        let Ok(me) = u32::try_from(self.ids.len()) else { return };
        self.ids.push(id);
        let mut tagged: Vec<(String, Reason)> = keys.phones.iter().map(|p| (format!("p:{p}"), Reason::Phone)).collect();
        if let Some(e) = &keys.email {
            tagged.push((format!("e:{e}"), Reason::Email));
        }
        if let Some(c) = &keys.company
            && !keys.name.is_empty()
        {
            tagged.push((format!("n:{}\u{1f}{c}", keys.name), Reason::NameCompany));
            if let Some(py) = &keys.pinyin {
                tagged.push((format!("y:{py}\u{1f}{c}"), Reason::PinyinCompany));
            }
        }
        for (key, reason) in tagged {
            let list = self.by_key.entry(key).or_default();
            if list.len() >= MAX_PER_KEY {
                if list.len() == MAX_PER_KEY {
                    self.crowded_keys += 1;
                    // Marks the key counted; never paired on again.
                    list.push(u32::MAX);
                }
                continue;
            }
            for &other in list.iter() {
                let full = self.pairs.len() >= MAX_PAIRS;
                match self.pairs.get_mut(&(other, me)) {
                    Some(reasons) if !reasons.contains(&reason) => reasons.push(reason),
                    Some(_) => {}
                    None if full => self.pairs_left_out += 1,
                    None => {
                        self.pairs.insert((other, me), vec![reason]);
                    }
                }
            }
            list.push(me);
        }
    }

    /// The pairs, most alike first. A pinyin sign beside the same name is
    /// the same sign, kept once.
    pub fn pairs(&self) -> Vec<Pair> {
        let mut out: Vec<Pair> = self
            .pairs
            .iter()
            .map(|(&(a, b), reasons)| {
                let mut reasons = reasons.clone();
                if reasons.contains(&Reason::NameCompany) {
                    reasons.retain(|r| *r != Reason::PinyinCompany);
                }
                reasons.sort();
                Pair { a: self.ids[a as usize], b: self.ids[b as usize], score: score(&reasons), reasons }
            })
            .collect();
        out.sort_by(|x, y| y.score.total_cmp(&x.score).then(x.a.cmp(&y.a)).then(x.b.cmp(&y.b)));
        out
    }
}

/// Queue a scan of the whole company for possible duplicates (admins).
pub async fn start_scan(tx: &TenantTx) -> Result<JobId> {
    if tx.actor()?.role != Role::Admin {
        return Err(Error::Forbidden);
    }
    let total = {
        use sea_orm::PaginatorTrait;
        tx.select::<customer::Entity>().count(tx.conn()).await.map_err(db_err)?
    };
    let job = crate::jobs::enqueue(tx, JOB_KIND, json!({}), i64::try_from(total).ok()).await?;
    audit::record(tx, AuditAction::CustomerDuplicateScan, "job", Some(job.0), json!({ "customers": total })).await?;
    Ok(job)
}

/// The next [`SCAN_BATCH`] customers of the company after `after`, by id,
/// added to `finder`; returns the last id read and how many were read.
pub async fn scan_batch(tx: &TenantTx, finder: &mut PairFinder, after: Option<Uuid>) -> Result<(Option<Uuid>, u64)> {
    if tx.actor()?.role != Role::Admin {
        return Err(Error::Forbidden);
    }
    let mut q = tx
        .select::<customer::Entity>()
        .select_only()
        .columns(KEY_COLUMNS)
        .order_by_asc(customer::Column::Id)
        .limit(SCAN_BATCH);
    if let Some(after) = after {
        q = q.filter(customer::Column::Id.gt(after));
    }
    let rows: Vec<KeyRow> = q.into_tuple().all(tx.conn()).await.map_err(db_err)?;
    let last = rows.last().map(|r| r.0);
    let n = rows.len() as u64;
    for row in rows {
        let (id, keys) = keys_of_row(row);
        finder.add(id, &keys);
    }
    Ok((last, n))
}

/// A pair in its stored order, the smaller id first.
pub fn ordered(a: Uuid, b: Uuid) -> (Uuid, Uuid) {
    if a <= b { (a, b) } else { (b, a) }
}

/// The customers someone said are not the same person as `id`.
async fn dismissed_with(tx: &TenantTx, id: Uuid) -> Result<HashSet<Uuid>> {
    let rows = tx
        .select::<duplicate_dismissal::Entity>()
        .filter(
            Condition::any()
                .add(duplicate_dismissal::Column::CustomerA.eq(id))
                .add(duplicate_dismissal::Column::CustomerB.eq(id)),
        )
        .all(tx.conn())
        .await
        .map_err(db_err)?;
    Ok(rows.into_iter().map(|r| if r.customer_a == id { r.customer_b } else { r.customer_a }).collect())
}

/// Every pair of the company said not to be the same person (for a scan,
/// which leaves them out).
pub async fn dismissed_pairs(tx: &TenantTx) -> Result<HashSet<(Uuid, Uuid)>> {
    let rows: Vec<(Uuid, Uuid)> = tx
        .select::<duplicate_dismissal::Entity>()
        .select_only()
        .columns([duplicate_dismissal::Column::CustomerA, duplicate_dismissal::Column::CustomerB])
        .into_tuple()
        .all(tx.conn())
        .await
        .map_err(db_err)?;
    Ok(rows.into_iter().collect())
}

/// Two customers the caller sees, not the same one (`NOT_FOUND` for one
/// out of sight, like a single customer).
async fn pair_in_sight(tx: &TenantTx, a: CustomerId, b: CustomerId) -> Result<(Uuid, Uuid)> {
    CustomerScope::of(tx.actor()?)?;
    crate::customers::require_all_visible(tx, &[a.0, b.0]).await?;
    if a == b {
        return Err(Error::Validation(vec![FieldError::new("otherId", "same", "a customer is not its own duplicate")]));
    }
    Ok(ordered(a.0, b.0))
}

/// Say two customers are not the same person (不是重复): neither is
/// offered as the other's possible duplicate again, in warnings or scans.
/// Anyone who sees both; saying it twice changes nothing.
pub async fn dismiss(tx: &TenantTx, a: CustomerId, b: CustomerId) -> Result<()> {
    let (x, y) = pair_in_sight(tx, a, b).await?;
    let row = duplicate_dismissal::ActiveModel {
        tenant_id: sea_orm::ActiveValue::Set(tx.tenant_id().0),
        customer_a: sea_orm::ActiveValue::Set(x),
        customer_b: sea_orm::ActiveValue::Set(y),
        dismissed_by: sea_orm::ActiveValue::Set(tx.actor()?.user_id.0),
        dismissed_at: sea_orm::ActiveValue::Set(tx.now),
    };
    let done = tx
        .insert(row)
        .on_conflict(
            sea_orm::sea_query::OnConflict::columns([
                duplicate_dismissal::Column::TenantId,
                duplicate_dismissal::Column::CustomerA,
                duplicate_dismissal::Column::CustomerB,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(tx.conn())
        .await
        .map_err(db_err)?;
    if done > 0 {
        audit::record(tx, AuditAction::CustomerDuplicateDismiss, "customer", Some(x), json!({ "other": y })).await?;
    }
    Ok(())
}

/// Take back [`dismiss`]: the two may be offered as duplicates again.
pub async fn restore(tx: &TenantTx, a: CustomerId, b: CustomerId) -> Result<()> {
    let (x, y) = pair_in_sight(tx, a, b).await?;
    let gone = tx
        .delete_many::<duplicate_dismissal::Entity>()
        .filter(duplicate_dismissal::Column::CustomerA.eq(x))
        .filter(duplicate_dismissal::Column::CustomerB.eq(y))
        .exec(tx.conn())
        .await
        .map_err(db_err)?;
    if gone.rows_affected > 0 {
        audit::record(tx, AuditAction::CustomerDuplicateRestore, "customer", Some(x), json!({ "other": y })).await?;
    }
    Ok(())
}

/// The names and companies of `ids`, for a scan's report.
pub async fn names(tx: &TenantTx, ids: &[Uuid]) -> Result<HashMap<Uuid, (String, Option<String>)>> {
    let mut out = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(1000) {
        let rows: Vec<(Uuid, String, Option<String>)> = tx
            .select::<customer::Entity>()
            .select_only()
            .columns([customer::Column::Id, customer::Column::Name, customer::Column::Company])
            .filter(customer::Column::Id.is_in(chunk.iter().copied()))
            .into_tuple()
            .all(tx.conn())
            .await
            .map_err(db_err)?;
        for (id, name, company) in rows {
            out.insert(id, (name, company));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(name: &str, company: Option<&str>, phones: &[&str], email: Option<&str>) -> Keys {
        Keys::of(&Probe {
            id: None,
            name: name.into(),
            company: company.map(Into::into),
            phones: phones.iter().map(|p| (*p).to_owned()).collect(),
            email: email.map(Into::into),
        })
    }

    #[test]
    fn the_documents_kinds_of_duplicates() {
        let a = keys("张伟", Some("上海关系贸易有限公司"), &["138 1234 5678"], Some("ZW@Example.cn"));
        // Traditional, full-width and another legal suffix: the same person.
        let b = keys("張偉", Some("上海關係貿易股份有限公司"), &[], None);
        assert_eq!(a.reasons(&b), [Reason::NameCompany]);
        let c = keys("Ｚｈａｎｇ", Some("ＡＢＣ Co., Ltd."), &[], None);
        let d = keys("zhang", Some("abc"), &[], None);
        assert_eq!(c.reasons(&d), [Reason::NameCompany]);
        // The same number in another shape, the same address in capitals.
        let e = keys("另一个名字", None, &["+86 138-1234-5678"], Some("zw@example.CN"));
        assert_eq!(a.reasons(&e), [Reason::Phone, Reason::Email]);
        // The same sound at the same company: weaker.
        let f = keys("张玮", Some("上海关系贸易"), &[], None);
        assert_eq!(a.reasons(&f), [Reason::PinyinCompany]);
        // The same name elsewhere, or no company: not a pair.
        assert!(a.reasons(&keys("张伟", Some("北京别的公司"), &[], None)).is_empty());
        assert!(keys("张伟", None, &[], None).reasons(&keys("张伟", None, &[], None)).is_empty());
        assert!(keys("张伟", Some("有限公司"), &[], None).reasons(&keys("张伟", Some("公司"), &[], None)).is_empty());
        assert!(score(&[Reason::Phone, Reason::Email]) > score(&[Reason::Phone]));
        assert_eq!(traditional_of('张'), ['張']);
    }

    #[test]
    fn no_false_pair_among_ten_thousand_distinct_customers() {
        // Common surnames and given names whose readings all differ, so no
        // two people of one company share a name or its sound; each has a
        // phone and an address of their own.
        let surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周"];
        let given = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋"];
        let second = ["明", "华", "平", "红", "林", "东", "春", "海", "云", "飞"];
        let mut finder = PairFinder::default();
        let mut n = 0u32;
        for company in 0..10 {
            for s in surnames {
                for g in given {
                    for t in second {
                        n += 1;
                        let name = format!("{s}{g}{t}");
                        let k = keys(
                            &name,
                            Some(&format!("第{company}贸易有限公司")),
                            &[&format!("139{n:08}")],
                            Some(&format!("p{n}@example.cn")),
                        );
                        finder.add(Uuid::from_u128(u128::from(n)), &k);
                    }
                }
            }
        }
        assert_eq!(n, 10_000);
        assert_eq!(finder.pairs(), Vec::new());
        // One more, a duplicate of the first by phone and by name.
        finder.add(Uuid::from_u128(99_999), &keys("王伟明", Some("第0贸易股份有限公司"), &["+86 13900000001"], None));
        let pairs = finder.pairs();
        assert_eq!(pairs.len(), 1);
        assert_eq!((pairs[0].a, &pairs[0].reasons), (Uuid::from_u128(1), &vec![Reason::Phone, Reason::NameCompany]));
    }

    #[test]
    fn a_key_everyone_shares_pairs_a_bounded_few() {
        // A thousand customers behind one switchboard number: not a
        // million pairs, only those of the first few, and the key counted.
        let mut finder = PairFinder::default();
        for n in 0..1000u128 {
            finder.add(Uuid::from_u128(n), &keys(&format!("客户{n}"), None, &["02188888888"], None));
        }
        assert_eq!(finder.pairs().len(), MAX_PER_KEY * (MAX_PER_KEY - 1) / 2);
        assert_eq!((finder.crowded_keys, finder.pairs_left_out), (1, 0));
    }
}
