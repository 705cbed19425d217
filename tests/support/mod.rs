//! Shared pieces of the native end-to-end tests: a real headless Chromium driven through
//! chromedriver, and a static server for the trunk-built `dist/`.
#![allow(dead_code)]

pub mod browser;
pub mod page;
pub mod shop;
pub mod static_site;
