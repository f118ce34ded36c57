//! CORS on the JSON-RPC port, as a validator serves it (agave's `rpc_service.rs`: any origin, a day's max age):
//! a browser dApp's request carries `content-type: application/json` and the libraries' own headers, so the
//! browser first sends an `OPTIONS` preflight, which is answered here, and reads no answer that lacks
//! `Access-Control-Allow-Origin`.
use jsonrpsee::server::{HttpBody, HttpRequest, HttpResponse};
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Adds the CORS headers to every answer and answers preflights.
#[derive(Clone, Copy, Debug, Default)]
pub struct CorsLayer;

impl<S> tower::Layer<S> for CorsLayer {
    type Service = Cors<S>;

    fn layer(&self, inner: S) -> Cors<S> {
        Cors { inner }
    }
}

#[derive(Clone, Debug)]
pub struct Cors<S> {
    inner: S,
}

fn allow(headers: &mut http::HeaderMap) {
    use http::header::{
        ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS, ACCESS_CONTROL_ALLOW_ORIGIN,
        ACCESS_CONTROL_MAX_AGE,
    };
    headers.insert(
        ACCESS_CONTROL_ALLOW_ORIGIN,
        http::HeaderValue::from_static("*"),
    );
    headers.insert(
        ACCESS_CONTROL_ALLOW_METHODS,
        http::HeaderValue::from_static("POST, GET, OPTIONS"),
    );
    headers.insert(
        ACCESS_CONTROL_ALLOW_HEADERS,
        http::HeaderValue::from_static("*"),
    );
    headers.insert(
        ACCESS_CONTROL_MAX_AGE,
        http::HeaderValue::from_static("86400"),
    );
}

impl<S, B> tower::Service<HttpRequest<B>> for Cors<S>
where
    S: tower::Service<HttpRequest<B>, Response = HttpResponse<HttpBody>>,
    S::Error: Into<BoxError> + 'static,
    S::Future: Send + 'static,
{
    type Response = HttpResponse<HttpBody>;
    type Error = BoxError;
    type Future =
        Pin<Box<dyn Future<Output = Result<Self::Response, Self::Error>> + Send + 'static>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, request: HttpRequest<B>) -> Self::Future {
        if request.method() == http::Method::OPTIONS {
            let mut response = HttpResponse::new(HttpBody::empty());
            allow(response.headers_mut());
            return Box::pin(async move { Ok(response) });
        }
        let answer = self.inner.call(request);
        Box::pin(async move {
            let mut response = answer.await.map_err(Into::into)?;
            allow(response.headers_mut());
            Ok(response)
        })
    }
}
