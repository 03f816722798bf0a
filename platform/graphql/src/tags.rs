//! The company's managed tags (标签): the list customers are tagged from,
//! with colours and groups; rename, merge and delete reach every customer.

use async_graphql::{Context, Enum, ID, InputObject, MaybeUndefined, Object};
use chrono::{DateTime, Utc};
use guanxi_core::TagId;
use guanxi_store::tags::{self, Tag as StoreTag, TagInput as StoreInput};

use crate::context::ContextExt;
use crate::error::{ApiResult, parse_id};

/// A tag's colour, from the palette the web app paints.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum TagColor {
    /// 灰 (the default).
    Gray,
    /// 红.
    Red,
    /// 橙.
    Orange,
    /// 金.
    Gold,
    /// 绿.
    Green,
    /// 青.
    Cyan,
    /// 蓝.
    Blue,
    /// 紫.
    Purple,
    /// 品红.
    Magenta,
}

impl TagColor {
    const ALL: [TagColor; 9] = [
        TagColor::Gray,
        TagColor::Red,
        TagColor::Orange,
        TagColor::Gold,
        TagColor::Green,
        TagColor::Cyan,
        TagColor::Blue,
        TagColor::Purple,
        TagColor::Magenta,
    ];

    /// The store's name of the colour.
    fn as_str(self) -> &'static str {
        // The palette lists the colours in the order of `ALL`.
        let i = TagColor::ALL.iter().position(|c| *c == self).unwrap_or(0);
        tags::COLORS.get(i).copied().unwrap_or(tags::DEFAULT_COLOR)
    }

    fn of(s: &str) -> TagColor {
        tags::COLORS.iter().position(|c| *c == s).and_then(|i| TagColor::ALL.get(i).copied()).unwrap_or(TagColor::Gray)
    }
}

/// One of the company's tags.
pub struct Tag {
    inner: StoreTag,
    /// How many customers the reader sees carry it, when asked for.
    count: Option<u64>,
}

#[Object]
impl Tag {
    /// Id.
    async fn id(&self) -> ID {
        ID(self.inner.id.to_string())
    }

    /// The name customers carry (`Customer.tags`, `CustomerFilter.tag`).
    async fn name(&self) -> &str {
        &self.inner.name
    }

    /// Its colour.
    async fn color(&self) -> TagColor {
        TagColor::of(&self.inner.color)
    }

    /// The group it is listed under (客户类型, 兴趣…); null: ungrouped.
    async fn group(&self) -> Option<&str> {
        self.inner.group.as_deref()
    }

    /// How many of the customers the reader sees (their own and the
    /// pool's; admins: all) carry it. The list counts every tag at once.
    async fn customer_count(&self, ctx: &Context<'_>) -> ApiResult<u64> {
        if let Some(n) = self.count {
            return Ok(n);
        }
        let name = self.inner.name.clone();
        ctx.read(async |tx| Ok(tags::counts(tx).await?.get(&name).copied().unwrap_or(0))).await
    }

    /// Created.
    async fn created_at(&self) -> DateTime<Utc> {
        self.inner.created_at
    }

    /// Last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.inner.updated_at
    }
}

impl From<StoreTag> for Tag {
    fn from(inner: StoreTag) -> Self {
        Tag { inner, count: None }
    }
}

/// A new tag, or a change to one: omitted fields stay as they are.
#[derive(InputObject)]
pub struct TagInput {
    /// 1–20 characters, unique in the company. Renaming a tag renames it on
    /// every customer and in the saved segments that filter on it.
    name: Option<String>,
    /// Default `GRAY` for a new tag.
    color: Option<TagColor>,
    /// The group it is listed under, at most 30 characters; null or blank:
    /// ungrouped.
    group: MaybeUndefined<String>,
}

impl From<TagInput> for StoreInput {
    fn from(i: TagInput) -> Self {
        StoreInput {
            name: i.name,
            color: i.color.map(|c| c.as_str().to_owned()),
            group: match i.group {
                MaybeUndefined::Undefined => None,
                MaybeUndefined::Null => Some(None),
                MaybeUndefined::Value(g) => Some(Some(g)),
            },
        }
    }
}

#[derive(Default)]
pub struct TagQuery;

#[Object]
impl TagQuery {
    /// The company's tags: by group (ungrouped last), then name.
    async fn tags(&self, ctx: &Context<'_>) -> ApiResult<Vec<Tag>> {
        let counted = ctx.look_ahead().field("customerCount").exists();
        ctx.read(async |tx| {
            let list = tags::list(tx).await?;
            let counts = if counted { Some(tags::counts(tx).await?) } else { None };
            Ok(list
                .into_iter()
                .map(|t| {
                    let count = counts.as_ref().map(|c| c.get(&t.name).copied().unwrap_or(0));
                    Tag { inner: t, count }
                })
                .collect())
        })
        .await
    }
}

#[derive(Default)]
pub struct TagMutation;

#[Object]
impl TagMutation {
    /// Add a tag to the list (admins; everyone when
    /// `TenantSettings.tagCreation` is `EVERYONE`). `CONFLICT` when the
    /// name is taken.
    async fn create_tag(&self, ctx: &Context<'_>, input: TagInput) -> ApiResult<Tag> {
        ctx.write(async |tx| Ok(tags::create(tx, input.into()).await?.into())).await
    }

    /// Rename, recolour or regroup a tag (admins). A new name reaches every
    /// customer carrying the tag (each with its history entry) and the
    /// saved segments filtering on it, in one transaction; `CONFLICT` when
    /// another tag has the name (merge them instead).
    async fn update_tag(&self, ctx: &Context<'_>, id: ID, input: TagInput) -> ApiResult<Tag> {
        let id = parse_id::<TagId>(&id, "id")?;
        ctx.write(async |tx| Ok(tags::update(tx, id, input.into()).await?.into())).await
    }

    /// Merge tags into one (admins): customers carrying any of `sources`
    /// carry `into` instead, segments filtering on them filter on `into`,
    /// and the sources leave the list. Returns `into`.
    async fn merge_tags(&self, ctx: &Context<'_>, sources: Vec<ID>, into: ID) -> ApiResult<Tag> {
        let into = parse_id::<TagId>(&into, "into")?;
        let sources = sources.iter().map(|s| parse_id::<TagId>(s, "sources")).collect::<ApiResult<Vec<_>>>()?;
        ctx.write(async |tx| Ok(tags::merge(tx, &sources, into).await?.into())).await
    }

    /// Delete a tag (admins): it leaves every customer carrying it. Saved
    /// segments filtering on it keep their filter and then hold nobody.
    async fn delete_tag(&self, ctx: &Context<'_>, id: ID) -> ApiResult<bool> {
        let id = parse_id::<TagId>(&id, "id")?;
        ctx.write(async |tx| {
            tags::delete(tx, id).await?;
            Ok(true)
        })
        .await
    }
}
