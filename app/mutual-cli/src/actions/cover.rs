//! The buy-cover action, `/api/actions/cover/{product}`. `GET` describes the product as a buyer should read it
//! before buying (its risk score and signals, each pool's price and free capacity, the join fee); `POST` builds
//! the purchase for the wallet that asks: a join first if it is not a member, the pools' expiry cranks the
//! purchase needs, and `cover_buy` with a `max_premium` at the quote plus `SLIPPAGE_BPS`.
use super::catalogue::{asset_name, base_mint, cover_assets, summary, CAPACITY_PERIOD_DAYS};
use super::spec::{
    Action, ActionLinks, ActionParameter, LinkedAction, NextActionLink, NextLinks, ParameterOption,
    TransactionResponse,
};
use super::{encode_transaction, Params, Refusal};
use crate::amounts;
use crate::output::{ui_amount_string, SOL_DECIMALS};
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::program_pack::Pack;
use anchor_spl::token::spl_token::native_mint;
use mutual::constants::DAY;
use mutual::errors::MutualError;
use mutual::instructions::CoverBuyArgs;
use mutual::state::{Asset, Member, Product};
use mutual_sdk::compute_budget::{self, Price};
use mutual_sdk::cover::{Buyer, CoverMarket, CoverQuote};
use mutual_sdk::Bps;
use mutual_sdk::{fetch, ix, pda, SdkError, Transport};

/// What a buyer allows the premium to rise between the quote and the landing: 1%.
pub const SLIPPAGE_BPS: u64 = 100;

/// The SOL a purchase in wrapped SOL leaves in the wallet for the transaction's fees, in lamports (0.01 SOL:
/// a signature's fee and a priority fee many times over), beyond what the transaction itself spends.
pub const SOL_KEPT_FOR_FEES: u64 = 10_000_000;

/// The periods offered, in days (the chain takes 28 to 365).
pub const PERIOD_DAYS: [u32; 5] = [30, 60, 90, 180, 365];

/// The period selected by default: the one the description gives free capacity for.
pub const DEFAULT_PERIOD_DAYS: u32 = CAPACITY_PERIOD_DAYS;

/// The parameters `POST` takes.
pub const PARAMETERS: [&str; 3] = ["amount", "period", "asset"];

/// The path of the action for `product`.
pub fn path(product: u32) -> String {
    format!("/api/actions/cover/{product}")
}

/// `GET`: the product as a buyer reads it, and the form to buy it.
pub fn get(chain: &impl Transport, origin: &str, product_id: u32) -> Result<Action, Refusal> {
    let p = summary(chain, product_id)?;
    let pools = if p.pools.is_empty() {
        "none lists it yet".to_string()
    } else {
        p.pools
            .iter()
            .map(|o| {
                format!(
                    "pool {} at {}.{:02}% a year, {} USDC free",
                    o.pool,
                    o.price_bps / 100,
                    o.price_bps % 100,
                    ui_amount_string(o.free, p.base_decimals)
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    let promises = match p.broken_promises {
        0 => "its admin keys can do no more than it promises".to_string(),
        n => format!("its admin keys can do more than it promises ({n}/20 of the score)"),
    };
    let description = format!(
        "Cover against {} failure. Risk score {}/100: {} audits, {} open critical and {} open high findings, \
         {} incidents; {}. Pools for {} days: {}. Wording: {}. A wallet that is not a member joins in the same \
         transaction ({} SOL once).",
        p.risk_class,
        p.score,
        p.audits,
        p.open_critical,
        p.open_high,
        p.incidents,
        promises,
        CAPACITY_PERIOD_DAYS,
        pools,
        p.wording_uri,
        ui_amount_string(p.join_fee, SOL_DECIMALS),
    );
    let unavailable = !p.on_sale();
    let base = base_mint(&p.assets)
        .map(|m| m.to_string())
        .unwrap_or_default();
    let parameters = vec![
        ActionParameter {
            kind: "number".into(),
            name: "amount".into(),
            label: "Cover amount".into(),
            required: true,
            pattern: None,
            pattern_description: Some(
                "The amount covered, in the asset chosen (e.g. 1000 or 1000.5)".into(),
            ),
            min: None,
            max: None,
            options: Vec::new(),
        },
        select(
            "period",
            "Period",
            PERIOD_DAYS
                .iter()
                .map(|d| (format!("{d} days"), d.to_string()))
                .collect(),
            &DEFAULT_PERIOD_DAYS.to_string(),
        ),
        select(
            "asset",
            "Asset",
            p.assets
                .iter()
                .map(|a| (a.name.clone(), a.mint.clone()))
                .collect(),
            &base,
        ),
    ];
    Ok(Action {
        kind: "action".into(),
        icon: format!("{origin}/icon.svg"),
        title: format!("Cover: {}", p.name),
        description,
        label: "Buy cover".into(),
        disabled: unavailable,
        links: Some(ActionLinks {
            actions: vec![LinkedAction {
                kind: "transaction".into(),
                href: format!(
                    "{}?amount={{amount}}&period={{period}}&asset={{asset}}",
                    path(product_id)
                ),
                label: "Buy cover".into(),
                parameters,
            }],
        }),
        error: unavailable.then(|| super::spec::ActionError {
            message: if p.deprecated {
                "This product is deprecated: it takes no new cover.".into()
            } else {
                "No pool has capacity for this product now.".into()
            },
        }),
    })
}

/// A required select parameter of `(label, value)` options, `selected` chosen.
fn select(
    name: &str,
    label: &str,
    values: Vec<(String, String)>,
    selected: &str,
) -> ActionParameter {
    ActionParameter {
        kind: "select".into(),
        name: name.into(),
        label: label.into(),
        required: true,
        pattern: None,
        pattern_description: None,
        min: None,
        max: None,
        options: values
            .into_iter()
            .map(|(label, value)| ParameterOption {
                selected: value == selected,
                label,
                value,
            })
            .collect(),
    }
}

/// What a `POST` asks for, checked: the asset, the amount in its base units and the period in seconds.
struct Order {
    asset: Asset,
    amount: u64,
    period: u32,
}

/// The asset `params` names (`asset`, a mint), or the base asset when it names none: one cover on `product`
/// is sold in now.
pub fn order_asset(
    chain: &impl Transport,
    product: &Product,
    params: &Params,
) -> Result<Asset, Refusal> {
    let assets = cover_assets(chain, product)?;
    match params.get("asset") {
        None => assets.into_iter().find(Asset::is_base),
        Some(mint) => {
            let mint: Pubkey = mint.parse().map_err(|_| {
                Refusal::bad_request(format!("asset {mint:?} is not a mint address"))
            })?;
            assets.into_iter().find(|a| a.mint == mint)
        }
    }
    .ok_or_else(|| Refusal::bad_request("this product offers no cover in that asset"))
}

fn order(chain: &impl Transport, product: &Product, params: &Params) -> Result<Order, Refusal> {
    let asset = order_asset(chain, product, params)?;
    let amount = amounts::parse(params.require("amount")?, asset.decimals, false)
        .map_err(|e| Refusal::bad_request(format!("amount: {e}")))?;
    if amount == 0 {
        return Err(Refusal::bad_request("amount: cover of 0 covers nothing"));
    }
    let days: u32 = match params.get("period") {
        None => DEFAULT_PERIOD_DAYS,
        Some(days) => days
            .parse()
            .map_err(|_| Refusal::bad_request("period: a whole number of days"))?,
    };
    let period = days
        .checked_mul(DAY as u32)
        .filter(|p| mutual_sdk::cover::check_period(*p).is_ok())
        .ok_or_else(|| Refusal::bad_request("period: a cover lasts 28 to 365 days"))?;
    Ok(Order {
        asset,
        amount,
        period,
    })
}

/// An order priced now: what a `POST` builds and what the page's quote shows.
pub struct Priced {
    pub product: Product,
    pub asset: Asset,
    pub amount: u64,
    pub period: u32,
    pub market: CoverMarket,
    /// The pools the purchase fills, cheapest first.
    pub pools: Vec<u32>,
    pub quote: CoverQuote,
    /// The guard the purchase carries: the quote plus `SLIPPAGE_BPS`, rounded up.
    pub max_premium: u64,
}

/// Prices the order `params` describes on product `product_id` now, with every check `cover_buy` makes: the
/// wallet's own (its balance in the asset, `wallet` being its address and membership) when one is named, the
/// market's alone otherwise. A refusal says what would pass: the largest amount that fits, the premium against
/// the balance.
pub fn priced(
    chain: &impl Transport,
    product_id: u32,
    params: &Params,
    wallet: Option<(&Pubkey, Option<&Member>)>,
) -> Result<Priced, Refusal> {
    let product = fetch::product(chain, product_id)?;
    let Order {
        asset,
        amount,
        period,
    } = order(chain, &product, params)?;
    let market = CoverMarket::load(chain, product_id, &asset.mint)?;
    let days = period / DAY as u32;
    let name = asset_name(&asset);
    let pools = market.route(period)?;
    if pools.is_empty() {
        return Err(Refusal::refused(format!(
            "no pool has capacity for a {days}-day cover on {} now",
            product.terms.name
        )));
    }
    let d = asset.decimals;
    let mut balance = None;
    let quoted = match wallet {
        Some((account, member)) => {
            let paying = pda::associated_token(account, &asset.mint, &asset.token_program);
            let mut held = fetch::token_balance(chain, &paying)?;
            if asset.mint == native_mint::ID {
                // Wrapped SOL is wrapped from the wallet's SOL in the same transaction (`post`).
                let spendable = fetch::lamports(chain, account)?
                    .saturating_sub(sol_spent_besides(chain, member, &paying)?);
                held = held.saturating_add(spendable);
            }
            balance = Some(held);
            let buyer = Buyer {
                owns: true,
                is_broker: member.is_some_and(|m| m.is_broker),
                commission_account: false,
                balance: held,
                max_premium: None,
            };
            market.quote_buy(amount, period, Bps(0), &pools, &buyer)
        }
        None => market.quote(amount, period, Bps(0), &pools),
    };
    let quote = quoted.map_err(|e| match e.custom_code() {
        Some(code) if code == u32::from(MutualError::InsufficientCapacity) => {
            let most = market.largest_fit(market.now, period, Bps(0), &pools, amount);
            Refusal::refused(format!(
                "not enough capacity: the most the pools take now for {days} days is {} {name}",
                ui_amount_string(most, d)
            ))
        }
        Some(code) if code == u32::from(MutualError::InsufficientBalance) => {
            Refusal::refused(format!(
                "the premium is {} {name} and the wallet holds {} {name}",
                ui_amount_string(
                    market
                        .quote(amount, period, Bps(0), &pools)
                        .map_or(0, |q| q.total),
                    d
                ),
                ui_amount_string(balance.unwrap_or_default(), d)
            ))
        }
        _ => Refusal::from(e),
    })?;
    let max_premium = quote
        .total
        .saturating_add((quote.total.saturating_mul(SLIPPAGE_BPS)).div_ceil(10_000));
    // Wrapped SOL is wrapped up to the guard, so the wallet must be able to spend the guard, not just the quote.
    if let Some(held) = balance.filter(|held| asset.mint == native_mint::ID && *held < max_premium)
    {
        return Err(Refusal::refused(format!(
            "the premium is {} SOL, at most {} SOL with slippage, and the wallet can spend {} SOL",
            ui_amount_string(quote.total, d),
            ui_amount_string(max_premium, d),
            ui_amount_string(held, d)
        )));
    }
    Ok(Priced {
        product,
        asset,
        amount,
        period,
        market,
        pools,
        quote,
        max_premium,
    })
}

/// The lamports a purchase in wrapped SOL spends besides the premium: the join's fee and the member account's
/// rent when the wallet is not a member, the wrapped-SOL account's rent when it has none, and
/// `SOL_KEPT_FOR_FEES`.
fn sol_spent_besides(
    chain: &impl Transport,
    member: Option<&Member>,
    paying: &Pubkey,
) -> Result<u64, Refusal> {
    let mut spent = SOL_KEPT_FOR_FEES;
    if member.is_none() {
        let join_fee = fetch::config(chain)?.params.join_fee;
        spent = spent
            .saturating_add(join_fee)
            .saturating_add(chain.minimum_balance(Member::SIZE)?);
    }
    if chain.get_account(paying)?.is_none() {
        spent =
            spent
                .saturating_add(chain.minimum_balance(
                    <anchor_spl::token::spl_token::state::Account as Pack>::LEN,
                )?);
    }
    Ok(spent)
}

/// `POST`: the purchase for `account` to sign, or why not.
pub fn post(
    chain: &impl Transport,
    origin: &str,
    product_id: u32,
    account: &Pubkey,
    params: &Params,
) -> Result<TransactionResponse, Refusal> {
    let member = fetch::member(chain, account)?;
    let Priced {
        product,
        asset,
        amount,
        market,
        pools,
        quote,
        max_premium,
        ..
    } = priced(chain, product_id, params, Some((account, member.as_ref())))?;
    let days = quote.period / DAY as u32;
    let name = asset_name(&asset);
    let d = asset.decimals;
    let paying = pda::associated_token(account, &asset.mint, &asset.token_program);
    let buy = ix::cover_buy(
        account,
        product_id,
        market.product.next_cover_seq,
        &ix::CoverAsset {
            mint: asset.mint,
            token_program: asset.token_program,
        },
        &paying,
        None,
        &pools,
        CoverBuyArgs {
            owner: *account,
            amount,
            period: quote.period,
            max_premium,
            commission_bps: Bps(0),
        },
    );
    let mut ixs = Vec::new();
    if member.is_none() {
        ixs.push(ix::member_join(account));
    }
    // In wrapped SOL: as much SOL wrapped as the guard may take, less what the wallet holds wrapped already.
    let wrap = if asset.mint == native_mint::ID {
        max_premium.saturating_sub(fetch::token_balance(chain, &paying)?)
    } else {
        0
    };
    if wrap > 0 {
        ixs.extend(mutual_sdk::spl::wrap_sol(account, wrap)?);
    }
    ixs.extend(market.cranks(&pools));
    ixs.push(buy);
    let summary = format!(
        "{} {name} of cover on {} for {days} days: premium {} {name} (at most {} {name} with 1% slippage)",
        ui_amount_string(amount, d),
        product.terms.name,
        ui_amount_string(quote.total, d),
        ui_amount_string(max_premium, d)
    );
    match compute_budget::for_wallet(chain, &ixs, account, Price::default()) {
        Ok(tx) => Ok(TransactionResponse {
            kind: "transaction".into(),
            transaction: encode_transaction(&tx)?,
            message: Some(steps(&[
                member.is_none().then(|| {
                    format!(
                        "joins the mutual (a {} SOL fee)",
                        ui_amount_string(market.config.params.join_fee, SOL_DECIMALS)
                    )
                }),
                (wrap > 0).then(|| format!("wraps {} SOL", ui_amount_string(wrap, d))),
                Some(format!("buys {summary}")),
            ])),
            links: None,
        }),
        // Joining and buying do not fit one transaction: join now, then the same action again.
        Err(SdkError::TooLarge(_)) if member.is_none() => {
            let join = compute_budget::for_wallet(
                chain,
                &[ix::member_join(account)],
                account,
                Price::default(),
            )?;
            Ok(TransactionResponse {
                kind: "transaction".into(),
                transaction: encode_transaction(&join)?,
                message: Some(format!(
                    "Joins the mutual (a {} SOL fee); the purchase comes next",
                    ui_amount_string(market.config.params.join_fee, SOL_DECIMALS)
                )),
                links: Some(NextLinks {
                    next: NextActionLink::Inline {
                        action: Box::new(get(chain, origin, product_id)?),
                    },
                }),
            })
        }
        Err(e) => Err(e.into()),
    }
}

/// What a transaction does, as one sentence: "Joins the mutual, wraps 1 SOL and buys ...".
fn steps(parts: &[Option<String>]) -> String {
    let parts: Vec<&String> = parts.iter().flatten().collect();
    let sentence = match parts.split_last() {
        None => String::new(),
        Some((last, [])) => last.to_string(),
        Some((last, rest)) => format!(
            "{} and {last}",
            rest.iter()
                .map(|p| p.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let mut chars = sentence.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => sentence,
    }
}
