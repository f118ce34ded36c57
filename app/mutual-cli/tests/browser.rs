//! The page in a real browser (issue 28, docs/web.md): headless Chromium over the DevTools protocol against
//! `mutual serve` in front of a localnet. Each test saves a screenshot of each state under
//! `target/screenshots/`.
use serde_json::json;

mod support;
use support::browser::Browser;
use support::market::Market;
use support::*;

#[test]
fn browser_the_catalogue_shows_every_product_with_its_risk_and_its_pools() {
    // Arrange
    let m = Market::start("browser-catalogue");
    let mut browser = Browser::start("catalogue");

    // Act
    browser.open(&format!("{}/", m.actions.url()));
    browser.wait_for("document.querySelectorAll('.product').length === 5");
    browser.screenshot("catalogue");

    // Assert: product 0's card names it, scores it and draws its one pool with its price and free capacity
    let card = browser.eval(
        "(() => { const c = document.querySelector('[data-product=\"0\"]'); return { \
            name: c.querySelector('h3').textContent, \
            text: c.textContent, \
            pools: c.querySelector('svg.pools').getAttribute('aria-label'), \
            bars: c.querySelectorAll('svg.pools rect.bar').length }; })()",
    );
    let name = mutual_sdk::fetch::product(&m.rpc(), 0).unwrap().terms.name;
    assert_eq!(card["name"], json!(name));
    assert!(
        card["text"]
            .as_str()
            .unwrap()
            .contains("smart-contract risk · score 14/100"),
        "{card}"
    );
    assert!(
        card["pools"]
            .as_str()
            .unwrap()
            .starts_with("pool 0: 3.00% a year, "),
        "{card}"
    );
    assert_eq!(card["bars"], 1);
    assert_eq!(
        browser.eval("document.getElementById('catalogue-status').textContent"),
        "5 products"
    );
}

#[test]
fn browser_text_from_the_chain_renders_inert() {
    // Arrange: a product whose name is markup and whose wording URI is a script
    let m = Market::start("browser-inert");
    let key = m
        .localnet
        .authority_key
        .clone()
        .expect("the authority's keypair");
    cli_as(
        &m.localnet.url(),
        key.to_str().unwrap(),
        &[
            "product",
            "create",
            "--name",
            "<img src=x onerror=pwned=1>",
            "--wording-uri",
            "javascript:pwned=2",
        ],
    );
    let mut browser = Browser::start("inert");

    // Act
    browser.open(&format!("{}/", m.actions.url()));
    browser.wait_for("document.querySelectorAll('.product').length === 6");
    browser.screenshot("inert-text");

    // Assert: the name is text, the URI is not a link, and nothing ran
    let card = browser.eval(
        "(() => { const c = document.querySelector('[data-product=\"5\"]'); return { \
            name: c.querySelector('h3').textContent, \
            images: c.querySelectorAll('img').length, \
            links: c.querySelectorAll('a').length, \
            inert: c.querySelector('.inert-uri').textContent, \
            pwned: window.pwned ?? null }; })()",
    );
    assert_eq!(card["name"], "<img src=x onerror=pwned=1>");
    assert_eq!(card["images"], 0);
    assert_eq!(card["links"], 0);
    assert_eq!(card["inert"], "javascript:pwned=2");
    assert_eq!(card["pwned"], serde_json::Value::Null);
}
