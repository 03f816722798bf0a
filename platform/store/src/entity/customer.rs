//! Customers.

use sea_orm::entity::prelude::*;

/// A row of `customers`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "customers")]
pub struct Model {
    /// Tenant.
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    /// Id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Customer number, unique in the tenant.
    pub number: String,
    /// Contact name.
    pub name: String,
    /// Company.
    pub company: Option<String>,
    /// Job title.
    pub title: Option<String>,
    /// JSON array of normalised phone numbers.
    pub phones: Json,
    /// The digits of every phone, joined by spaces, for substring search.
    pub phone_digits: String,
    /// Normalised e-mail.
    pub email: Option<String>,
    /// Address.
    pub address: Option<String>,
    /// Gender machine name.
    pub gender: String,
    /// Birthday.
    pub birthday: Option<Date>,
    /// Path of the photo.
    pub photo: Option<String>,
    /// Status machine name.
    pub status: String,
    /// Industry, from the tenant's list.
    pub industry: Option<String>,
    /// Source, from the tenant's list.
    pub source: Option<String>,
    /// Grade machine name.
    pub grade: String,
    /// JSON array of tags.
    pub tags: Json,
    /// Owner; none while in the public pool.
    pub owner_id: Option<Uuid>,
    /// Last contact.
    pub last_contact_at: Option<DateTimeUtc>,
    /// Next planned visit.
    pub next_visit_at: Option<DateTimeUtc>,
    /// Custom field values (a JSON object).
    pub custom: Json,
    /// Who created it.
    pub created_by: Uuid,
    /// Created.
    pub created_at: DateTimeUtc,
    /// Last changed.
    pub updated_at: DateTimeUtc,
    /// When it was last released to the pool; cleared when someone takes it.
    pub released_at: Option<DateTimeUtc>,
    /// Who released it.
    pub released_by: Option<Uuid>,
    /// Why.
    pub release_reason: Option<String>,
    /// Who owned it before the release.
    pub previous_owner_id: Option<Uuid>,
    /// How it was created (`customers::CreatedVia`): `form`, `api_key`,
    /// `import` or `plugin`; NULL for customers created before it was kept.
    pub created_via: Option<String>,
    /// The API key, import or plugin that created it.
    pub created_ref: Option<Uuid>,
    /// When the current owner got it (NULL: since it was created); the
    /// start of the protection period pool rules respect.
    pub owned_since: Option<DateTimeUtc>,
    /// Locked by an admin: no pool rule touches it.
    pub locked: bool,
    /// When it unsubscribed from care mails (the link in each one).
    pub mail_opt_out_at: Option<DateTimeUtc>,
}

/// No relations are declared: joins are written out where they are needed.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
