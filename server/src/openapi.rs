//! The HTTP API as an OpenAPI 3.1 document, generated from the handlers' `#[utoipa::path]`
//! annotations and the shared request and answer types (`server_api`, feature `openapi` of the
//! domain), served at `GET /api/openapi.json`. A test checks that every route of the router's
//! table is in it.

use axum::Json;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

/// The document.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "tosspayments-server",
        description = "The companion server of leptos-tosspayments: orders priced on the server, \
confirm exactly once, cancel, webhooks re-verified with Toss, billing. Every error is `{code, message}`."
    ),
    paths(
        crate::client_config,
        crate::session::current,
        crate::session::sign_in_guest,
        crate::session::sign_out,
        crate::products,
        crate::create_order,
        crate::get_order,
        crate::cancel_order,
        crate::confirm_payment,
        crate::webhook,
        crate::issue_billing,
        crate::charge_billing,
        crate::delete_billing,
        crate::brandpay::callback,
        crate::checkout::create,
        crate::checkout::execute,
        crate::checkout::create_in_app,
        crate::checkout::execute_in_app,
        crate::portone_pay::config,
        crate::portone_pay::verify,
        crate::portone_pay::prepare,
        crate::portone_pay::billing_issue,
        crate::tosspay_callback,
        crate::portone_notice,
        crate::health::ready,
        crate::staff::list_orders,
        crate::staff::order_events,
        crate::staff::cancel_order,
        crate::staff::mismatches,
        crate::staff::webhooks,
        crate::staff::health,
        crate::metrics::serve,
    ),
    modifiers(&BearerAuth),
    tags(
        (name = "orders", description = "Orders, priced by the server"),
        (name = "payments", description = "Confirming a successUrl's payment"),
        (name = "billing", description = "Billing keys and charges"),
        (name = "brandpay", description = "Toss BrandPay's redirectUrl"),
        (name = "tosspay", description = "Toss Pay: a payment created by the server, executed once"),
        (name = "webhooks", description = "Toss's webhooks"),
        (name = "config", description = "What the browser needs to start the SDK"),
        (name = "session", description = "Signed-in buyers (a signed, HttpOnly cookie)"),
        (name = "console", description = "The merchant console (staff token)"),
    )
)]
pub struct ApiDoc;

/// The access token (`Authorization: Bearer <accessToken>`) that cancel and charge need.
struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The document, built once per call (it is small).
pub fn document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

/// `GET /api/openapi.json`.
pub async fn serve() -> Json<utoipa::openapi::OpenApi> {
    Json(document())
}

#[cfg(test)]
mod tests {
    use leptos_tosspayments::domain::server_api::paths;

    /// Every route of the router's table (but the health check and the document itself), with
    /// the method it takes.
    #[test]
    fn every_route_is_in_the_document() {
        let doc = serde_json::to_value(super::document()).unwrap();
        let routes = [
            (paths::CONFIG, "get"),
            (paths::PRODUCTS, "get"),
            (paths::ORDERS, "post"),
            (paths::ORDER, "get"),
            (paths::CANCEL, "post"),
            (paths::CONFIRM, "post"),
            (paths::WEBHOOK, "post"),
            (paths::BILLING_ISSUE, "post"),
            (paths::BILLING_CHARGE, "post"),
            (paths::BILLING_METHOD, "delete"),
            (paths::BRANDPAY_CALLBACK, "get"),
            (paths::TOSSPAY_CHECKOUT, "post"),
            (paths::TOSSPAY_EXECUTE, "post"),
            (paths::TOSSPAY_CALLBACK, "post"),
            (paths::APPS_IN_TOSS_CHECKOUT, "post"),
            (paths::APPS_IN_TOSS_EXECUTE, "post"),
            (paths::PORTONE_CONFIG, "get"),
            (paths::PORTONE_VERIFY, "post"),
            (paths::PORTONE_PREPARE, "post"),
            (paths::PORTONE_BILLING_ISSUE, "post"),
            (paths::PORTONE_WEBHOOK, "post"),
            (paths::READY, "get"),
            (paths::ADMIN_ORDERS, "get"),
            (paths::ADMIN_ORDER_EVENTS, "get"),
            (paths::ADMIN_CANCEL, "post"),
            (paths::ADMIN_MISMATCHES, "get"),
            (paths::ADMIN_WEBHOOKS, "get"),
            (paths::ADMIN_HEALTH, "get"),
            (paths::METRICS, "get"),
            (paths::SESSION, "get"),
            (paths::SESSION, "post"),
            (paths::SESSION, "delete"),
        ];
        let documented = doc["paths"].as_object().unwrap();
        let mut distinct: Vec<_> = routes.iter().map(|(path, _)| *path).collect();
        distinct.dedup();
        assert_eq!(documented.len(), distinct.len(), "{:?}", documented.keys());
        for (path, method) in routes {
            assert!(
                doc["paths"][path][method].is_object(),
                "{method} {path} is not documented"
            );
        }
        // The shared types carry their rules.
        let schemas = &doc["components"]["schemas"];
        assert_eq!(schemas["OrderId"]["maxLength"], 64);
        assert_eq!(
            schemas["CustomerKey"]["pattern"],
            "^[A-Za-z0-9_=.@-]{2,50}$"
        );
        assert!(schemas["OrderView"]["properties"]["status"].is_object());
    }
}
