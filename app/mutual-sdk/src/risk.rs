//! Product risk, read two ways that must agree: computed here from the fetched signals with the program's own
//! `RiskSignals::view` (and so `math::risk::risk_score`), or asked of the chain through `product_risk`'s return
//! data, as an integrator program would by CPI.
use crate::{fetch, ix, Result, SdkError, Transport};
use anchor_lang::AnchorDeserialize;
use mutual::state::{Product, ProductRisk, RiskSignals};
use solana_keypair::Keypair;

/// A product with its signals and their view at the chain's clock.
#[derive(Clone, Debug)]
pub struct ProductReport {
    pub product: Product,
    pub signals: RiskSignals,
    pub risk: ProductRisk,
}

pub fn product_report(chain: &impl Transport, product_id: u32) -> Result<ProductReport> {
    let product = fetch::product(chain, product_id)?;
    let signals = fetch::risk_signals(chain, product_id)?;
    let now = chain.unix_timestamp()?;
    let risk = signals.view(
        product.id,
        product.terms.risk_class,
        product.terms.deprecated,
        now,
    );
    Ok(ProductReport {
        product,
        signals,
        risk,
    })
}

/// Simulates `product_risk` with `payer` as fee payer and decodes its return data.
pub fn product_risk_on_chain(
    chain: &impl Transport,
    payer: &Keypair,
    product_id: u32,
) -> Result<ProductRisk> {
    let receipt = chain.simulate(&[ix::product_risk(product_id)], payer, &[])?;
    let data = receipt
        .return_data
        .ok_or_else(|| SdkError::Decode(mutual::ID, "product_risk returned no data".into()))?;
    ProductRisk::try_from_slice(&data).map_err(|e| SdkError::Decode(mutual::ID, e.to_string()))
}

/// The cover `math::risk::recommended_cover` advises for `exposure` to a product of risk `score`, as the chain's
/// own function computes it.
pub fn recommended_cover(exposure: u64, score: u8) -> Result<u64> {
    mutual::math::risk::recommended_cover(exposure, score).map_err(SdkError::refused)
}
