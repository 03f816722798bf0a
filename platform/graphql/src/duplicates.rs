//! Possible duplicates (疑似重复): the customers like one being typed or
//! shown, and a scan of the whole company.

use async_graphql::{Context, Enum, ID, InputObject, Object};
use guanxi_core::CustomerId;
use guanxi_store::customers;
use guanxi_store::duplicates::{self, Candidate, Probe, Reason};
use guanxi_store::jobs;

use crate::context::ContextExt;
use crate::customers::Customer;
use crate::error::{ApiResult, parse_id};
use crate::jobs::Job;

/// Why two customers look like the same person.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "guanxi_store::duplicates::Reason")]
pub enum DuplicateReason {
    /// A phone number in common (normalised: `+86 138-1234-5678` is `13812345678`).
    Phone,
    /// The same e-mail address, ignoring case.
    Email,
    /// The same name at the same company (traditional and simplified,
    /// full- and half-width alike; legal suffixes such as 有限公司 ignored).
    NameCompany,
    /// The same name in pinyin at the same company (张伟, 张玮): weaker.
    PinyinCompany,
}

/// A customer that looks like the one asked about.
pub struct DuplicateCandidate(pub Candidate);

#[Object]
impl DuplicateCandidate {
    /// The customer; null when the reader does not see it (a colleague's):
    /// that it exists is all they learn.
    async fn customer(&self, ctx: &Context<'_>) -> ApiResult<Option<Customer>> {
        if !self.0.visible {
            return Ok(None);
        }
        let id = CustomerId(self.0.id);
        ctx.read(async |tx| Ok(Some(Customer(customers::get(tx, id).await?)))).await
    }

    /// How likely the same person, 0 to 1 (a phone 0.95, an e-mail 0.9, the
    /// name at the company 0.85, its pinyin 0.6; signs combine).
    async fn score(&self) -> f64 {
        self.0.score
    }

    /// Why it looks alike.
    async fn reasons(&self) -> Vec<DuplicateReason> {
        self.0.reasons.iter().map(|r: &Reason| (*r).into()).collect()
    }
}

/// A customer being typed (a new one, or an edit of `customerId`).
#[derive(InputObject)]
pub struct DuplicateProbe {
    /// The customer being edited (left out of its own candidates).
    customer_id: Option<ID>,
    name: String,
    company: Option<String>,
    #[graphql(default)]
    phones: Vec<String>,
    email: Option<String>,
}

#[derive(Default)]
pub struct DuplicateQuery;

#[Object]
impl DuplicateQuery {
    /// The customers of the company that look like `input`, most alike
    /// first (at most 20): ask while a customer is typed, to warn before it
    /// is saved. Nothing is refused for it.
    async fn duplicate_candidates(
        &self,
        ctx: &Context<'_>,
        input: DuplicateProbe,
    ) -> ApiResult<Vec<DuplicateCandidate>> {
        let id = input.customer_id.as_ref().map(|id| parse_id::<CustomerId>(id, "customerId")).transpose()?;
        let probe = Probe {
            id: id.map(|i| i.0),
            name: input.name,
            company: input.company,
            phones: input.phones.into_iter().take(20).collect(),
            email: input.email,
        };
        ctx.read(async |tx| Ok(duplicates::candidates(tx, &probe).await?.into_iter().map(DuplicateCandidate).collect()))
            .await
    }
}

#[derive(Default)]
pub struct DuplicateMutation;

#[Object]
impl DuplicateMutation {
    /// Say two customers the caller sees are not the same person (不是重复):
    /// neither is offered as the other's possible duplicate again, on the
    /// customer's page or in scans. Saying it twice changes nothing.
    async fn dismiss_duplicate(&self, ctx: &Context<'_>, customer_id: ID, other_id: ID) -> ApiResult<bool> {
        let a = parse_id::<CustomerId>(&customer_id, "customerId")?;
        let b = parse_id::<CustomerId>(&other_id, "otherId")?;
        ctx.write(async |tx| {
            duplicates::dismiss(tx, a, b).await?;
            Ok(true)
        })
        .await
    }

    /// Take back `dismissDuplicate`: the two may be offered as duplicates
    /// again.
    async fn restore_duplicate(&self, ctx: &Context<'_>, customer_id: ID, other_id: ID) -> ApiResult<bool> {
        let a = parse_id::<CustomerId>(&customer_id, "customerId")?;
        let b = parse_id::<CustomerId>(&other_id, "otherId")?;
        ctx.write(async |tx| {
            duplicates::restore(tx, a, b).await?;
            Ok(true)
        })
        .await
    }

    /// Look over the whole company for possible duplicates, as a job
    /// (admins; progress in customers). Its `result`: `customers`, `pairs`
    /// (how many), `items` (the first 2,000, most alike first:
    /// `{a: {id name company}, b: {…}, reasons, score}`), `crowdedKeys`
    /// (phones or addresses more than 20 customers share, which pair only
    /// their first 20), `pairsLeftOut` (found beyond 500,000, not kept) and
    /// `dismissed` (pairs left out because someone said they are two people).
    async fn scan_duplicates(&self, ctx: &Context<'_>) -> ApiResult<Job> {
        ctx.write(async |tx| {
            let job = duplicates::start_scan(tx).await?;
            Ok(Job(jobs::get(tx, job).await?))
        })
        .await
    }
}
