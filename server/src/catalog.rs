//! Prices come from the server, never from the browser. A storefront plugs its own catalog in
//! through [`Pricing`], which is async because catalogs live in databases; [`DemoCatalog`] is
//! the binary's default.
//!
//! ```
//! use std::future::Future;
//! use std::pin::Pin;
//! use leptos_tosspayments::domain::server_api::{CartLine, ProductView};
//! use leptos_tosspayments::{Amount, OrderName};
//! use tosspayments_server::catalog::{PricedOrder, Pricing, PricingError, PricingFuture};
//!
//! /// One product at 9,900 won, as a database-backed catalog would answer.
//! struct OneProduct;
//!
//! impl Pricing for OneProduct {
//!     fn products(&self) -> PricingFuture<'_, Vec<ProductView>> {
//!         Box::pin(async {
//!             Ok(vec![ProductView { id: "book".into(), name: "책".into(), price: Amount::krw(9_900)? }])
//!         })
//!     }
//!     fn price<'a>(&'a self, lines: &'a [CartLine], _coupon: Option<&'a str>) -> PricingFuture<'a, PricedOrder> {
//!         Box::pin(async move {
//!             let quantity: u32 = lines.iter().map(|l| l.quantity).sum();
//!             Ok(PricedOrder {
//!                 amount: Amount::krw(9_900)?.checked_mul(quantity)?,
//!                 name: OrderName::parse("책").map_err(|e| PricingError::Unavailable(e.to_string()))?,
//!             })
//!         })
//!     }
//! }
//! ```

use std::future::Future;
use std::pin::Pin;

use leptos_tosspayments::domain::server_api::{CartLine, ProductView};
use leptos_tosspayments::{Amount, AmountError, OrderName};

/// A cart priced by the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PricedOrder {
    /// What the buyer pays.
    pub amount: Amount,
    /// The order name shown in the payment window.
    pub name: OrderName,
}

/// Why a cart cannot be priced.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PricingError {
    /// The cart is empty.
    #[error("the cart is empty")]
    Empty,
    /// A product id is unknown.
    #[error("unknown product {0:?}")]
    UnknownProduct(String),
    /// A quantity is 0 or above the limit.
    #[error("quantity {0} is not between 1 and 99")]
    Quantity(u32),
    /// The coupon is unknown.
    #[error("unknown coupon {0:?}")]
    UnknownCoupon(String),
    /// The total is out of range.
    #[error(transparent)]
    Amount(#[from] AmountError),
    /// The catalog could not be read (its database is down): answered as 503, try again.
    #[error("the catalog is unavailable: {0}")]
    Unavailable(String),
}

/// What [`Pricing`]'s methods return: a boxed future, so a catalog can await its database and
/// the server can hold any catalog as `Arc<dyn Pricing>`.
pub type PricingFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, PricingError>> + Send + 'a>>;

/// The storefront's prices.
pub trait Pricing: Send + Sync + 'static {
    /// The products a browser may list.
    fn products(&self) -> PricingFuture<'_, Vec<ProductView>>;
    /// Prices a cart (and an optional coupon).
    fn price<'a>(
        &'a self,
        lines: &'a [CartLine],
        coupon: Option<&'a str>,
    ) -> PricingFuture<'a, PricedOrder>;
}

/// The demo shop's catalog: three products, a monthly plan and one coupon (`WELCOME10`,
/// 10 % off, rounded down to the won).
#[derive(Debug, Clone, Default)]
pub struct DemoCatalog;

const PRODUCTS: &[(&str, &str, i64)] = &[
    ("tshirt", "토스 티셔츠", 15_000),
    ("mug", "토스 머그컵", 8_000),
    ("sticker", "토스 스티커 팩", 2_000),
    ("plan-monthly", "월간 구독", 9_900),
];

impl Pricing for DemoCatalog {
    fn products(&self) -> PricingFuture<'_, Vec<ProductView>> {
        Box::pin(std::future::ready(Ok(self.list())))
    }

    fn price<'a>(
        &'a self,
        lines: &'a [CartLine],
        coupon: Option<&'a str>,
    ) -> PricingFuture<'a, PricedOrder> {
        Box::pin(std::future::ready(self.price_now(lines, coupon)))
    }
}

impl DemoCatalog {
    /// The products, at once.
    pub fn list(&self) -> Vec<ProductView> {
        PRODUCTS
            .iter()
            .map(|(id, name, price)| ProductView {
                id: (*id).to_owned(),
                name: (*name).to_owned(),
                price: Amount::krw(*price).expect("catalog prices are valid"),
            })
            .collect()
    }

    /// Prices a cart, at once.
    pub fn price_now(
        &self,
        lines: &[CartLine],
        coupon: Option<&str>,
    ) -> Result<PricedOrder, PricingError> {
        let first = lines.first().ok_or(PricingError::Empty)?;
        let mut total = Amount::krw(0)?;
        let mut count = 0u32;
        for line in lines {
            let (_, _, price) = PRODUCTS
                .iter()
                .find(|(id, _, _)| *id == line.product_id)
                .ok_or_else(|| PricingError::UnknownProduct(line.product_id.clone()))?;
            if !(1..=99).contains(&line.quantity) {
                return Err(PricingError::Quantity(line.quantity));
            }
            total = total.checked_add(Amount::krw(*price)?.checked_mul(line.quantity)?)?;
            count += line.quantity;
        }
        match coupon.map(str::trim).filter(|c| !c.is_empty()) {
            None => {}
            Some("WELCOME10") => {
                let discount = Amount::krw((total.value() / 10) as i64)?;
                total = total.checked_sub(discount)?;
            }
            Some(other) => return Err(PricingError::UnknownCoupon(other.to_owned())),
        }
        let first_name = PRODUCTS
            .iter()
            .find(|(id, _, _)| *id == first.product_id)
            .map(|p| p.1)
            .unwrap_or("상품");
        let name = if count > 1 {
            format!("{first_name} 외 {}건", count - 1)
        } else {
            first_name.to_owned()
        };
        let name = OrderName::parse(&name).map_err(|_| PricingError::Empty)?;
        Ok(PricedOrder {
            amount: total,
            name,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(id: &str, quantity: u32) -> CartLine {
        CartLine {
            product_id: id.to_owned(),
            quantity,
        }
    }

    #[test]
    fn prices_carts_and_coupons() {
        let p = DemoCatalog
            .price_now(&[line("tshirt", 2), line("mug", 1)], None)
            .unwrap();
        assert_eq!(p.amount.value(), 38_000);
        assert_eq!(p.name.as_str(), "토스 티셔츠 외 2건");
        let p = DemoCatalog
            .price_now(&[line("tshirt", 2), line("mug", 1)], Some("WELCOME10"))
            .unwrap();
        assert_eq!(p.amount.value(), 34_200);
        assert_eq!(DemoCatalog.price_now(&[], None), Err(PricingError::Empty));
        assert_eq!(
            DemoCatalog.price_now(&[line("tshirt", 0)], None),
            Err(PricingError::Quantity(0))
        );
        assert!(DemoCatalog.price_now(&[line("nope", 1)], None).is_err());
        assert!(
            DemoCatalog
                .price_now(&[line("mug", 1)], Some("FREE"))
                .is_err()
        );
    }
}
