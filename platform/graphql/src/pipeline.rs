//! The schema's own step around every request: cost limits before
//! validation, and a note of whether execution began.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextExecute, NextPrepareRequest};
use async_graphql::{Request, Response, ServerResult};

/// Whether a request got as far as execution. Errors of one that did not are
/// request errors (the document did not parse, did not validate, its
/// variables did not fit, or it cost too much): GraphQL over HTTP answers them
/// without `data`, and with `400` to clients that accept
/// `application/graphql-response+json`. Put a clone in the request's data
/// and read it after the response.
#[derive(Clone, Debug, Default)]
pub struct ExecutionStarted(Arc<AtomicBool>);

impl ExecutionStarted {
    /// True once execution has begun.
    pub fn get(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// Installed on the schema by [`crate::schema`].
pub(crate) struct Pipeline;

impl ExtensionFactory for Pipeline {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(Pipeline)
    }
}

#[async_trait::async_trait]
impl Extension for Pipeline {
    /// Scan the text for runaway nesting before the parser descends into
    /// it, parse the document once (async-graphql reuses it) and measure it
    /// before anything walks it with fragments expanded.
    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        mut request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        crate::limits::check_text(&request.query)?;
        // Out of the request for a moment: the parsed document borrows it.
        let operation = request.operation_name.take();
        let variables = std::mem::take(&mut request.variables);
        let doc = request.parsed_query()?;
        crate::limits::check(doc)?;
        crate::limits::check_variables(doc, operation.as_deref(), &variables)?;
        request.operation_name = operation;
        request.variables = variables;
        next.run(ctx, request).await
    }

    async fn execute(
        &self,
        ctx: &ExtensionContext<'_>,
        operation_name: Option<&str>,
        next: NextExecute<'_>,
    ) -> Response {
        if let Some(started) = ctx.data_opt::<ExecutionStarted>() {
            started.0.store(true, Ordering::SeqCst);
        }
        next.run(ctx, operation_name).await
    }
}
