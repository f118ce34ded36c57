//! The page in a real browser (issue 28, docs/web.md): headless Chromium over the DevTools protocol against
//! `mutual serve` in front of a localnet. Each test saves a screenshot of each state under
//! `target/screenshots/`.
use serde_json::json;

mod support;
use support::browser::Browser;
use support::market::{Market, Poll};
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
    // and the page's policy keeps its scripts from reaching anything but its own server
    let page = http(m.actions.addr, "GET", "/", None);
    assert_eq!(
        page.header("content-security-policy"),
        Some(mutual_cli::actions::server::PAGE_CSP)
    );
    assert_eq!(
        browser.eval(&format!(
            "fetch({}, {{method: 'POST'}}).then(() => 'reached', () => 'blocked')",
            json!(m.localnet.url())
        )),
        "blocked"
    );
    assert_eq!(
        browser.eval("fetch('/api/cluster').then((r) => r.status)"),
        200
    );
}

/// A cover's state through the page: the quote the page showed for `amount` of product 0 over 30 days.
fn quote_of(m: &Market, amount: &str) -> serde_json::Value {
    let usdc = m.get("/api/products").json()[0]["assets"][0]["mint"]
        .as_str()
        .unwrap()
        .to_string();
    m.get(&format!(
        "/api/quote/0?amount={amount}&period=30&asset={usdc}"
    ))
    .json()
}

#[test]
fn browser_a_new_wallet_connects_sizes_quotes_and_buys_cover_which_the_chain_and_the_page_agree_on()
{
    // Arrange: a wallet with SOL and 2,000 USDC that is not a member yet
    let m = Market::start("browser-buy");
    let url = m.localnet.url();
    let (buyer, _) = funded_wallet(&url, "browser-buy-buyer", 5, 2_000);
    let address = mutual_sdk::Signer::pubkey(&buyer);
    let mut browser = Browser::start("buy");
    browser.inject_wallet(&buyer, &url, "solana:localnet");
    browser.open(&format!("{}/", m.actions.url()));

    // Act 1: the test wallet registered through the Wallet Standard; connect it
    browser.wait_for("document.querySelector('#wallets button.connect')");
    assert_eq!(
        browser.text("#wallets button.connect"),
        "Connect Test wallet"
    );
    assert_eq!(
        browser.eval("document.querySelector('li.product[data-product=\"0\"] svg.decay').getAttribute('aria-label')"),
        "pool 0: 3.00% now, 3.00% in 13 days, target 3.00%"
    );
    browser.screenshot("buy-1-wallet-found");
    browser.click("#wallets button.connect");
    browser.wait_for(&format!(
        "document.getElementById('wallet-status').dataset.address === '{address}'"
    ));
    assert_eq!(browser.eval("window.__testWallet.connects"), 1);

    // Act 2: an exposure of 5,000 USDC: the risk score (14) recommends 31.2% of it
    let form = "form.buy[data-product=\"0\"]";
    browser.eval(&format!(
        "document.querySelector('{form} details').open = true"
    ));
    browser.type_into(&format!("{form} input[name=exposure]"), "5000");
    browser.wait_for(&format!(
        "!document.querySelector('{form} .use-recommendation').disabled"
    ));
    let recommended = m.get("/api/recommend/0?exposure=5000&period=30").json();
    assert_eq!(recommended["score"], 14);
    assert_eq!(recommended["share_bps"], 3_120);
    assert_eq!(recommended["amount"]["amount"], "1560000000");
    let most = quote_of(&m, "100000")["message"].clone();
    assert_eq!(
        browser.text(&format!("{form} .recommendation")),
        format!(
            "Risk score 14/100: cover 31.2% of it, 1560 USDC, but {}",
            most.as_str().unwrap()
        )
    );
    assert_eq!(recommended["refusal"], most);
    browser.screenshot("buy-2-recommended");
    browser.click(&format!("{form} .use-recommendation"));
    assert_eq!(
        browser.eval(&format!(
            "document.querySelector('{form} input[name=amount]').value"
        )),
        "1560"
    );

    // Act 3: a quote as the amount is typed: 1,000 USDC for 30 days
    browser.type_into(&format!("{form} input[name=amount]"), "1000");
    let quote = quote_of(&m, "1000");
    let premium = quote["premium"]["amount"].as_str().unwrap().to_string();
    browser.wait_for(&format!(
        "document.querySelector('{form} .quote').dataset.premium === '{premium}' && \
         !document.querySelector('{form} .buy-button').disabled"
    ));
    assert!(
        browser
            .text(&format!("{form} .quote"))
            .starts_with(&format!(
                "Premium {} USDC for 30 days (pool 0: 1000 at 3.00%)",
                quote["premium"]["uiAmountString"].as_str().unwrap()
            )),
        "{}",
        browser.text(&format!("{form} .quote"))
    );
    browser.screenshot("buy-3-quoted");

    // Act 4: buy; the wallet signs and sends what the action built (a join and the purchase)
    browser.click(&format!("{form} .buy-button"));
    browser.wait_for(&format!(
        "document.querySelector('{form} .buy-status').dataset.done"
    ));
    let status = browser.text(&format!("{form} .buy-status"));
    browser.screenshot("buy-4-bought");

    // Assert: one transaction, and the chain holds the cover the page quoted, paid from the wallet to the unit
    assert!(
        status.starts_with(
            "Cover bought: Joins the mutual (a 0.002 SOL fee) and buys 1000 USDC of cover on"
        ),
        "{status}"
    );
    assert_eq!(browser.eval("window.__testWallet.sent.length"), 1);
    let chain = m.rpc();
    let covers = mutual_sdk::cover::covers_of(&chain, &address).unwrap();
    assert_eq!(covers.len(), 1);
    let cover = &covers[0].1;
    assert_eq!(
        (
            cover.amount,
            cover.period,
            cover.owner,
            cover.premium.to_string()
        ),
        (1_000_000_000, 30 * 86_400, address, premium.clone())
    );
    assert!(mutual_sdk::fetch::member(&chain, &address)
        .unwrap()
        .is_some());
    let usdc = mutual_sdk::fetch::config(&chain).unwrap().base_asset;
    let paying = mutual_sdk::pda::associated_token(&address, &usdc, &anchor_spl::token::ID);
    assert_eq!(
        mutual_sdk::fetch::token_balance(&chain, &paying).unwrap(),
        2_000_000_000 - cover.premium
    );

    // the purchase bumped pool 0's price: the page redraws its decay back to the target from the chain's figures
    let pool = m.get("/api/products").json()[0]["pools"][0].clone();
    let decay: Vec<u64> = serde_json::from_value(pool["decay"].clone()).unwrap();
    assert!(
        decay[0] > 300 && decay[13] < decay[0] && decay[13] >= 300,
        "{decay:?}"
    );
    let pct = |bps: u64| format!("{}.{:02}%", bps / 100, bps % 100);
    let label = format!(
        "pool 0: {} now, {} in 13 days, target 3.00%",
        pct(decay[0]),
        pct(decay[13])
    );
    browser.wait_for(&format!(
        "document.querySelector('li.product[data-product=\"0\"] svg.decay')?.getAttribute('aria-label') === {}",
        json!(label)
    ));

    // and "My covers" lists it
    browser.wait_for("document.querySelectorAll('#covers tbody tr').length === 1");
    let row = browser.text("#covers tbody tr");
    assert!(
        row.contains("#0")
            && row.contains("1000 USDC")
            && row.contains("active")
            && row.contains("no claim"),
        "{row}"
    );
    assert_eq!(browser.text("#covers-status"), "1 cover");
    browser.screenshot("buy-5-my-covers");
}

#[test]
fn browser_an_assessor_connects_and_votes_on_an_open_claim_and_the_tally_moves() {
    // Arrange: an open claim of 600 USDC; the second assessor (100 MUT) votes from the page
    let p = Poll::start("browser-vote");
    let url = p.market.localnet.url();
    let (assessor, _) = &p.assessor;
    let address = mutual_sdk::Signer::pubkey(assessor);
    let mut browser = Browser::start("vote");
    browser.inject_wallet(assessor, &url, "solana:localnet");
    browser.open_and_connect(&format!("{}/", p.market.actions.url()));
    let card = format!("li.claim[data-claim=\"{}\"]", p.claim);
    browser.wait_for(&format!(
        "document.querySelectorAll('{card} .vote-buttons button').length === 2"
    ));
    let tally = browser.eval(&format!(
        "document.querySelector('{card} svg.tally').getAttribute('aria-label')"
    ));
    assert!(
        tally
            .as_str()
            .unwrap()
            .starts_with("accept 0 MUT, deny 0 MUT, quorum "),
        "{tally}"
    );
    browser.screenshot("vote-1-open-claim");

    // Act: accept
    vote_from(&mut browser, &card);
    browser.screenshot("vote-2-voted");

    // Assert: the chain counted the assessor's weight for accept, and the page redraws the tally from it
    let status = browser.text(&format!("{card} .vote-status"));
    assert!(
        status.starts_with("Vote recorded: Votes to accept with 100 MUT"),
        "{status}"
    );
    let chain = p.market.rpc();
    let claim_address: mutual_sdk::Pubkey = p.claim.parse().unwrap();
    let vote = mutual_sdk::claims::vote(&chain, &claim_address, &address)
        .unwrap()
        .expect("the vote");
    let claim = mutual_sdk::claims::claim(&chain, &claim_address)
        .unwrap()
        .unwrap();
    assert_eq!(vote.weight, 100_000_000_000);
    assert_eq!((claim.accept, claim.deny), (vote.weight, 0));
    let tally = browser.eval(&format!(
        "document.querySelector('{card} svg.tally').getAttribute('aria-label')"
    ));
    assert!(
        tally
            .as_str()
            .unwrap()
            .starts_with("accept 100 MUT, deny 0 MUT, quorum "),
        "{tally}"
    );
}

#[test]
fn browser_an_assessor_commits_a_hidden_vote_keeps_the_salt_and_reveals_it_from_the_page() {
    // Arrange: a commit-reveal poll; the second assessor (100 MUT) votes from the page
    let p = Poll::start_commit_reveal("browser-commit-reveal");
    let url = p.market.localnet.url();
    let (assessor, key) = &p.assessor;
    let address = mutual_sdk::Signer::pubkey(assessor);
    let claim_address: mutual_sdk::Pubkey = p.claim.parse().unwrap();
    let mut browser = Browser::start("commit-reveal");
    browser.inject_wallet(assessor, &url, "solana:localnet");
    let page = format!("{}/", p.market.actions.url());
    let card = format!("li.claim[data-claim=\"{}\"]", p.claim);
    browser.open_and_connect(&page);
    browser.wait_for(&format!(
        "document.querySelectorAll('{card} .vote-buttons button').length === 2"
    ));
    assert_eq!(
        browser.eval(&format!(
            "[...document.querySelectorAll('{card} .vote-buttons button')].map((b) => b.textContent)"
        )),
        json!(["Commit accept", "Commit deny"])
    );
    assert!(browser
        .eval(&format!(
            "document.querySelector('{card} svg.tally').getAttribute('aria-label')"
        ))
        .as_str()
        .unwrap()
        .starts_with("tally hidden until the reveal; "));
    browser.screenshot("commit-reveal-1-open");

    // Act 1: commit to accept
    vote_from(&mut browser, &card);
    browser.screenshot("commit-reveal-2-committed");

    // Assert: the chain holds the commitment of the salt the page kept, and no choice
    let status = browser.text(&format!("{card} .vote-status"));
    assert!(
        status.starts_with(
            "Vote committed: Commits a hidden vote with 100 MUT; reveal it in 3d 0h 0m"
        ),
        "{status}"
    );
    let kept: serde_json::Value = serde_json::from_str(
        browser
            .eval(&format!(
                "localStorage.getItem('mutual-salt:{}:{address}')",
                p.claim
            ))
            .as_str()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(
        (
            kept["claim"].as_str().unwrap(),
            kept["voter"].clone(),
            kept["choice"].clone()
        ),
        (
            p.claim.as_str(),
            json!(address.to_string()),
            json!("accept")
        )
    );
    let salt = mutual_cli::chain::parse_hex32(kept["salt"].as_str().unwrap(), "salt").unwrap();
    let chain = p.market.rpc();
    let vote = mutual_sdk::claims::vote(&chain, &claim_address, &address)
        .unwrap()
        .expect("the vote");
    assert_eq!(
        vote.commitment,
        mutual::state::Vote::commitment(true, &salt, &address, &claim_address)
    );
    let claim = mutual_sdk::claims::claim(&chain, &claim_address)
        .unwrap()
        .unwrap();
    assert_eq!(
        (claim.committed, claim.accept, claim.deny),
        (100_000_000_000, 0, 0)
    );
    // the salt is offered for download, and no second commitment is offered
    assert_eq!(
        browser.eval(&format!(
            "document.querySelector('{card} a.salt-download').getAttribute('download')"
        )),
        format!("salt-{}.json", p.claim)
    );
    assert_eq!(
        browser.eval(&format!(
            "document.querySelectorAll('{card} .vote-buttons button').length"
        )),
        0
    );

    // Act 2: three days on, the poll reveals. In a browser that lost the salt, the page asks for the file it
    // offered; given it, the reveal comes from the kept salt
    cli_as(&url, key, &["localnet", "warp", "--days", "3"]);
    let file = std::env::temp_dir().join(format!("mutual-salt-{}.json", std::process::id()));
    std::fs::write(&file, kept.to_string()).unwrap();
    browser.eval("localStorage.clear()");
    browser.open_and_connect(&page);
    browser.wait_for(&format!(
        "document.querySelector('{card} input[type=file]')"
    ));
    assert_eq!(
        browser.eval(&format!(
            "document.querySelectorAll('{card} .vote-buttons button').length"
        )),
        0
    );
    browser.screenshot("commit-reveal-3-salt-asked");
    browser.set_file(&format!("{card} input[type=file]"), &file);
    browser.wait_for(&format!(
        "document.querySelector('{card} .vote-buttons button')?.textContent === 'Reveal my vote (accept)'"
    ));
    let _ = std::fs::remove_file(&file);
    browser.screenshot("commit-reveal-4-reveal-phase");
    vote_from(&mut browser, &card);
    browser.screenshot("commit-reveal-5-revealed");

    // Assert: the chain counted the revealed accept, and the page shows the tally
    let status = browser.text(&format!("{card} .vote-status"));
    assert_eq!(
        status,
        "Vote revealed: Reveals your vote to accept with 100 MUT: the tally becomes accept 100 MUT, deny 0 MUT"
    );
    let claim = mutual_sdk::claims::claim(&chain, &claim_address)
        .unwrap()
        .unwrap();
    assert_eq!((claim.accept, claim.deny), (100_000_000_000, 0));
    assert!(browser
        .eval(&format!(
            "document.querySelector('{card} svg.tally').getAttribute('aria-label')"
        ))
        .as_str()
        .unwrap()
        .starts_with("accept 100 MUT, deny 0 MUT, quorum "));
}

#[test]
fn browser_a_phone_user_connects_and_buys_with_the_keyboard_alone() {
    // Arrange: a phone's width, a wallet with 2,000 USDC
    let m = Market::start("browser-phone");
    let url = m.localnet.url();
    let (buyer, _) = funded_wallet(&url, "browser-phone-buyer", 5, 2_000);
    let address = mutual_sdk::Signer::pubkey(&buyer);
    let mut browser = Browser::start("phone");
    browser.phone(390, 844);
    browser.inject_wallet(&buyer, &url, "solana:localnet");
    browser.open(&format!("{}/", m.actions.url()));
    browser.wait_for("document.querySelector('#wallets button.connect') && document.querySelectorAll('.product').length === 5");

    // Assert: nothing is wider than the phone, and every field has a label and every button a name
    assert_eq!(
        browser.eval("document.documentElement.scrollWidth <= window.innerWidth"),
        true
    );
    assert_eq!(
        browser.eval(
            "[...document.querySelectorAll('input, select')].filter((f) => !f.closest('label') && !f.getAttribute('aria-label')).length"
        ),
        0
    );
    assert_eq!(
        browser.eval("[...document.querySelectorAll('button')].filter((b) => b.textContent.trim() === '').length"),
        0
    );
    browser.screenshot("phone-1-catalogue");

    // Act: Tab to "Connect", Enter; Tab to product 0's amount, type, Enter to buy
    browser.tab_to("#wallets button.connect");
    browser.press("Enter");
    browser.wait_for(&format!(
        "document.getElementById('wallet-status').dataset.address === '{address}'"
    ));
    let form = "form.buy[data-product=\"0\"]";
    browser.tab_to(&format!("{form} input[name=amount]"));
    browser.type_text("250");
    browser.wait_for(&format!(
        "!document.querySelector('{form} .buy-button').disabled"
    ));
    browser.screenshot("phone-2-quoted");
    browser.press("Enter");
    browser.wait_for(&format!(
        "document.querySelector('{form} .buy-status').dataset.done"
    ));
    browser.screenshot("phone-3-bought");

    // Assert: the cover landed, and the page still fits the phone
    assert_eq!(
        browser.eval(&format!(
            "document.querySelector('{form} .buy-status').dataset.done"
        )),
        "bought"
    );
    let covers = mutual_sdk::cover::covers_of(&m.rpc(), &address).unwrap();
    assert_eq!(covers.len(), 1);
    assert_eq!(covers[0].1.amount, 250_000_000);
    browser.wait_for("document.querySelectorAll('#covers tbody tr').length === 1");
    assert_eq!(
        browser.eval("document.documentElement.scrollWidth <= window.innerWidth"),
        true
    );
}

/// Clicks the first vote button of the claim card `card` and waits until its status says how it went.
fn vote_from(browser: &mut Browser, card: &str) {
    browser.click(&format!("{card} .vote-buttons button"));
    browser.wait_for(&format!(
        "document.querySelector('{card} .vote-status')?.dataset.done"
    ));
}
