//! Deals (商机 / 成交记录) and grading without code (客户评级): models admins
//! configure, regrading runs as jobs, and each customer's grades.

use async_graphql::{Context, Enum, ID, InputObject, Json, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use guanxi_core::deal::DealStatus as CoreDealStatus;
use guanxi_core::grading::ModelKind;
use guanxi_core::{CustomerId, DealId, GradingModelId, UserId};
use guanxi_store::deals::{self, Deal as StoreDeal, DealInput as StoreDealInput};
use guanxi_store::grading::{self, CustomerGrade as StoreGrade, GradingModel as StoreModel, ModelInput};
use guanxi_store::jobs;
use serde_json::Value;

use crate::context::ContextExt;
use crate::error::{ApiResult, parse_id};
use crate::jobs::Job;

/// Where a deal stands.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "guanxi_core::deal::DealStatus")]
pub enum DealStatus {
    /// 进行中.
    Open,
    /// 赢单.
    Won,
    /// 输单.
    Lost,
}

/// A deal of a customer.
pub struct Deal(StoreDeal);

#[Object]
impl Deal {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn customer_id(&self) -> ID {
        ID(self.0.customer_id.to_string())
    }
    /// Who it is credited to.
    async fn owner_id(&self) -> Option<ID> {
        self.0.owner_id.map(|o| ID(o.to_string()))
    }
    async fn title(&self) -> &str {
        &self.0.title
    }
    /// The amount as exact decimal text, e.g. `12800.50`.
    async fn amount(&self) -> String {
        self.0.amount.decimal()
    }
    /// ISO 4217 code.
    async fn currency(&self) -> &str {
        self.0.amount.currency().code()
    }
    async fn status(&self) -> DealStatus {
        self.0.status.into()
    }
    async fn expected_close_date(&self) -> Option<NaiveDate> {
        self.0.expected_close
    }
    /// Set exactly when the deal is won or lost.
    async fn close_date(&self) -> Option<NaiveDate> {
        self.0.closed_on
    }
    async fn notes(&self) -> Option<&str> {
        self.0.notes.as_deref()
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

/// A deal as written (create, or the full new state on update).
#[derive(InputObject)]
pub struct DealInput {
    /// 1–100 characters.
    title: String,
    /// Exact decimal text: `12800`, `12,800.50`; at most the currency's decimals.
    amount: String,
    /// ISO 4217 code; default CNY.
    currency: Option<String>,
    #[graphql(default_with = "DealStatus::Open")]
    status: DealStatus,
    expected_close_date: Option<NaiveDate>,
    /// For won or lost deals; today (company time zone) when omitted.
    close_date: Option<NaiveDate>,
    /// Credited to (default: the customer's owner).
    owner_id: Option<ID>,
    notes: Option<String>,
}

impl DealInput {
    fn into_store(self) -> ApiResult<StoreDealInput> {
        Ok(StoreDealInput {
            title: self.title,
            amount: self.amount,
            currency: self.currency,
            status: Some(CoreDealStatus::from(self.status)),
            expected_close: self.expected_close_date,
            closed_on: self.close_date,
            owner_id: self.owner_id.as_ref().map(|id| parse_id::<UserId>(id, "ownerId")).transpose()?,
            notes: self.notes,
        })
    }
}

/// What a grading model grades by.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "guanxi_core::grading::ModelKind")]
pub enum GradingModelKind {
    /// ABCD by expected close window (成交周期).
    Abcd,
    /// 重点 / 主要 / 普通 by share of the won amount.
    ValueShare,
    /// RFM segments.
    Rfm,
    /// A weighted score over several indicators.
    Weighted,
}

/// A grade a model gives.
#[derive(SimpleObject)]
pub struct GradeLabel {
    label: String,
    description: String,
}

/// A grading model (评级模型).
pub struct GradingModel(StoreModel);

#[Object]
impl GradingModel {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn kind(&self) -> GradingModelKind {
        self.0.kind().into()
    }
    /// The configuration with every default filled in.
    async fn config(&self) -> Json<Value> {
        Json(self.0.config.to_json())
    }
    /// The grades it gives, best first.
    async fn labels(&self) -> Vec<GradeLabel> {
        self.0.labels().into_iter().map(|l| GradeLabel { label: l.label, description: l.description }).collect()
    }
    async fn enabled(&self) -> bool {
        self.0.enabled
    }
    /// Regraded on the 1st of every month at 00:30, company time.
    async fn monthly(&self) -> bool {
        self.0.monthly
    }
    async fn last_run_at(&self) -> Option<DateTime<Utc>> {
        self.0.last_run_at
    }
    async fn next_run_at(&self) -> Option<DateTime<Utc>> {
        self.0.next_run_at
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

/// A grading model as an admin writes it.
#[derive(InputObject)]
pub struct GradingModelInput {
    /// 1–50 characters, unique in the company.
    name: String,
    /// Cannot change on update.
    kind: GradingModelKind,
    /// The kind's configuration (see the API guide); omitted keys take defaults.
    config: Option<Json<Value>>,
    #[graphql(default = true)]
    enabled: bool,
    #[graphql(default)]
    monthly: bool,
}

impl GradingModelInput {
    fn into_store(self) -> ModelInput {
        ModelInput {
            name: self.name,
            kind: ModelKind::from(self.kind),
            config: self.config.map_or_else(|| Value::Object(Default::default()), |j| j.0),
            enabled: self.enabled,
            monthly: self.monthly,
        }
    }
}

/// A customer's grade under one model.
pub struct CustomerGrade(pub(crate) StoreGrade);

#[Object]
impl CustomerGrade {
    async fn model_id(&self) -> ID {
        ID(self.0.model_id.to_string())
    }
    async fn model_name(&self) -> &str {
        &self.0.model_name
    }
    async fn label(&self) -> &str {
        &self.0.label
    }
    /// The share, RFM code or weighted score behind the label, if any.
    async fn score(&self) -> Option<f64> {
        self.0.score
    }
    /// The facts that decided it.
    async fn inputs(&self) -> Json<Value> {
        Json(self.0.inputs.clone())
    }
    /// Why, in one sentence.
    async fn reason(&self) -> &str {
        &self.0.reason
    }
    async fn graded_at(&self) -> DateTime<Utc> {
        self.0.graded_at
    }
}

/// The deals of a customer the caller sees, newest first.
pub(crate) async fn deals_of(ctx: &Context<'_>, id: CustomerId) -> ApiResult<Vec<Deal>> {
    ctx.read(async |tx| Ok(deals::list(tx, id).await?.into_iter().map(Deal).collect())).await
}

/// The grades of a customer the caller sees.
pub(crate) async fn grades_of(ctx: &Context<'_>, id: CustomerId) -> ApiResult<Vec<CustomerGrade>> {
    ctx.read(async |tx| Ok(grading::grades_of(tx, id).await?.into_iter().map(CustomerGrade).collect())).await
}

#[derive(Default)]
pub struct GradingQuery;

#[Object]
impl GradingQuery {
    /// The company's grading models, by name.
    async fn grading_models(&self, ctx: &Context<'_>) -> ApiResult<Vec<GradingModel>> {
        ctx.read(async |tx| Ok(grading::list(tx).await?.into_iter().map(GradingModel).collect())).await
    }

    /// One grading model.
    async fn grading_model(&self, ctx: &Context<'_>, id: ID) -> ApiResult<GradingModel> {
        let id = parse_id::<GradingModelId>(&id, "id")?;
        ctx.read(async |tx| Ok(GradingModel(grading::get(tx, id).await?))).await
    }
}

#[derive(Default)]
pub struct GradingMutation;

#[Object]
impl GradingMutation {
    /// Record a deal on a customer the caller may edit.
    async fn create_deal(&self, ctx: &Context<'_>, customer_id: ID, input: DealInput) -> ApiResult<Deal> {
        let customer = parse_id::<CustomerId>(&customer_id, "customerId")?;
        let input = input.into_store()?;
        ctx.write(async |tx| {
            let d = deals::create(tx, customer, input).await?;
            Ok(Deal(d))
        })
        .await
    }

    /// Replace a deal's state: win, lose, reopen, change the amount.
    async fn update_deal(&self, ctx: &Context<'_>, id: ID, input: DealInput) -> ApiResult<Deal> {
        let id = parse_id::<DealId>(&id, "id")?;
        let input = input.into_store()?;
        ctx.write(async |tx| {
            let d = deals::update(tx, id, input).await?;
            Ok(Deal(d))
        })
        .await
    }

    /// Delete a deal. Returns its id.
    async fn delete_deal(&self, ctx: &Context<'_>, id: ID) -> ApiResult<ID> {
        let did = parse_id::<DealId>(&id, "id")?;
        ctx.write(async |tx| {
            deals::delete(tx, did).await?;
            Ok(id)
        })
        .await
    }

    /// Define a grading model (admins). A bad configuration names every
    /// problem at once (`config.grades.1.minScore` …).
    async fn create_grading_model(&self, ctx: &Context<'_>, input: GradingModelInput) -> ApiResult<GradingModel> {
        ctx.write(async |tx| {
            let m = grading::create(tx, input.into_store()).await?;
            Ok(GradingModel(m))
        })
        .await
    }

    /// Change a grading model (admins); grades follow at the next run.
    async fn update_grading_model(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: GradingModelInput,
    ) -> ApiResult<GradingModel> {
        let id = parse_id::<GradingModelId>(&id, "id")?;
        ctx.write(async |tx| {
            let m = grading::update(tx, id, input.into_store()).await?;
            Ok(GradingModel(m))
        })
        .await
    }

    /// Delete a grading model and its grades (admins); grade history stays.
    async fn delete_grading_model(&self, ctx: &Context<'_>, id: ID) -> ApiResult<ID> {
        let mid = parse_id::<GradingModelId>(&id, "id")?;
        ctx.write(async |tx| {
            grading::delete(tx, mid).await?;
            Ok(id)
        })
        .await
    }

    /// Regrade every customer with a model now (admins): a job whose
    /// progress counts customers.
    async fn regrade_customers(&self, ctx: &Context<'_>, model_id: ID) -> ApiResult<Job> {
        let id = parse_id::<GradingModelId>(&model_id, "modelId")?;
        ctx.write(async |tx| {
            let job = grading::start_run(tx, id).await?;
            let j = jobs::get(tx, job).await?;
            Ok(Job(j))
        })
        .await
    }
}
