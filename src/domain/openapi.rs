//! OpenAPI schemas of the domain's types (feature `openapi`), so the companion server's API
//! document (`tosspayments-server`, `GET /api/openapi.json`) states each value's rule: the
//! pattern and length of an order id, the shape of an amount, the closed set of statuses.

use std::borrow::Cow;

use utoipa::openapi::schema::{ObjectBuilder, Schema, SchemaType, Type};
use utoipa::openapi::{RefOr, schema::KnownFormat, schema::SchemaFormat};
use utoipa::{PartialSchema, ToSchema};

use super::access_token::AccessToken;
use super::amount::Amount;
use super::auth_key::AuthKey;
use super::customer_key::CustomerKey;
use super::error_code::ErrorCode;
use super::keys::ClientKey;
use super::order_id::OrderId;
use super::order_name::OrderName;
use super::payment_key::PaymentKey;

fn string(
    pattern: Option<&str>,
    min: Option<usize>,
    max: Option<usize>,
    description: &str,
) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(SchemaType::new(Type::String))
        .pattern(pattern.map(str::to_owned))
        .min_length(min)
        .max_length(max)
        .description(Some(description.to_owned()))
        .into()
}

macro_rules! string_schema {
    ($ty:ty, $name:literal, $pattern:expr, $min:expr, $max:expr, $description:literal) => {
        impl PartialSchema for $ty {
            fn schema() -> RefOr<Schema> {
                string($pattern, $min, $max, $description)
            }
        }

        impl ToSchema for $ty {
            fn name() -> Cow<'static, str> {
                Cow::Borrowed($name)
            }
        }
    };
}

string_schema!(
    OrderId,
    "OrderId",
    Some("^[A-Za-z0-9_=-]{6,64}$"),
    Some(6),
    Some(64),
    "The merchant's order id: 6-64 of A-Z a-z 0-9 - _ = (Toss SDK d.ts)."
);
string_schema!(
    OrderName,
    "OrderName",
    None,
    Some(1),
    Some(100),
    "What the buyer pays for, 1-100 characters (e.g. \"토스 티셔츠 외 2건\")."
);
string_schema!(
    CustomerKey,
    "CustomerKey",
    Some("^[A-Za-z0-9_=.@-]{2,50}$"),
    Some(2),
    Some(50),
    "The buyer's key for the SDK: 2-50 of A-Z a-z 0-9 - _ = . @, or @@ANONYMOUS."
);
string_schema!(
    PaymentKey,
    "PaymentKey",
    Some("^[!-~]{1,200}$"),
    Some(1),
    Some(200),
    "Toss's key of one payment, from the successUrl."
);
string_schema!(
    AuthKey,
    "AuthKey",
    Some("^[!-~]{1,300}$"),
    Some(1),
    Some(300),
    "The billing successUrl's one-time authKey."
);
string_schema!(
    ClientKey,
    "ClientKey",
    Some("^(test|live)_g?ck_[A-Za-z0-9_]+$"),
    None,
    None,
    "Toss's public client key (never a secret key)."
);
string_schema!(
    AccessToken,
    "AccessToken",
    Some("^[A-Za-z0-9_-]{32,128}$"),
    Some(32),
    Some(128),
    "The bearer token that cancels an order or charges a billing method; sent once."
);

impl PartialSchema for ErrorCode {
    fn schema() -> RefOr<Schema> {
        let known: Vec<String> = ErrorCode::KNOWN
            .iter()
            .map(|c| c.as_str().to_owned())
            .collect();
        ObjectBuilder::new()
            .schema_type(SchemaType::new(Type::String))
            .description(Some(format!(
                "A stable code ({}), or Toss's own code when Toss refused a payment (402).",
                known.join(", ")
            )))
            .into()
    }
}

impl ToSchema for ErrorCode {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("ErrorCode")
    }
}

impl PartialSchema for Amount {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(SchemaType::new(Type::Object))
            .property(
                "value",
                ObjectBuilder::new()
                    .schema_type(SchemaType::new(Type::Number))
                    .minimum(Some(0.0))
                    .description(Some(
                        "Whole won for KRW (at most 2^53-1); dollars with at most two decimals for USD."
                            .to_owned(),
                    )),
            )
            .required("value")
            .property(
                "currency",
                ObjectBuilder::new()
                    .schema_type(SchemaType::new(Type::String))
                    .enum_values(Some(["KRW", "USD"])),
            )
            .required("currency")
            .description(Some("An amount of money, as the V2 SDK takes it.".to_owned()))
            .into()
    }
}

impl ToSchema for Amount {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("Amount")
    }
}

/// The schema of a Core-API-style amount (`amount` of a confirm): a whole number of won, as a
/// JSON integer or a string of digits.
pub fn core_krw_schema() -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(SchemaType::new(Type::Integer))
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
        .minimum(Some(0.0))
        .description(Some(
            "Whole won, from the successUrl; a string of digits is accepted too.".to_owned(),
        ))
        .into()
}
