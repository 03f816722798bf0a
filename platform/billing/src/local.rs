//! The `local` provider, the embedded default: nothing is charged and no
//! payment page exists. The operator switches plans and states with
//! `guanxi tenant set-plan` / `set-state`; usage is still metered (and
//! limits still hold), it is only not sent anywhere.

use async_trait::async_trait;
use guanxi_core::billing::ProviderSubscription;

use crate::{BillingProvider, CheckoutRequest, CheckoutSession, Invoice, ProviderError, UsageReport};

/// The provider of installations without a payment provider.
#[derive(Clone, Copy, Debug, Default)]
pub struct LocalProvider;

fn unsupported(what: &'static str) -> ProviderError {
    ProviderError::Unsupported { provider: "local", what }
}

#[async_trait]
impl BillingProvider for LocalProvider {
    fn name(&self) -> &'static str {
        "local"
    }

    async fn checkout(&self, _req: &CheckoutRequest) -> Result<CheckoutSession, ProviderError> {
        Err(unsupported("start a checkout (the operator sets plans with `guanxi tenant set-plan`)"))
    }

    async fn portal(&self, _customer_ref: &str, _return_url: &str) -> Result<String, ProviderError> {
        Err(unsupported("open a billing portal"))
    }

    async fn subscription(&self, _subscription_ref: &str) -> Result<Option<ProviderSubscription>, ProviderError> {
        Ok(None)
    }

    async fn set_cancel_at_period_end(
        &self,
        _subscription_ref: &str,
        _cancel: bool,
    ) -> Result<ProviderSubscription, ProviderError> {
        Err(unsupported("cancel or resume a subscription (the operator sets the state with `guanxi tenant set-state`)"))
    }

    async fn set_seats(&self, _subscription_ref: &str, _seats: u32) -> Result<(), ProviderError> {
        Ok(())
    }

    async fn invoices(&self, _customer_ref: &str, _limit: u32) -> Result<Vec<Invoice>, ProviderError> {
        Ok(Vec::new())
    }

    async fn report_usage(&self, _report: &UsageReport) -> Result<(), ProviderError> {
        Ok(())
    }
}
