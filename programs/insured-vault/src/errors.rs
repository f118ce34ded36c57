use anchor_lang::prelude::*;

/// The vault's own refusals, decided before it calls the mutual. The mutual's refusals reach the caller under the
/// mutual's codes (`mutual::errors::MutualError`, 6000 + index): a CPI that fails fails the whole transaction, so
/// the vault does not translate them.
#[error_code]
pub enum VaultError {
    #[msg("The product is riskier than this vault accepts, or deprecated")]
    ProductTooRisky,
    #[msg("The risk answer is about another product than the vault's")]
    WrongProduct,
    #[msg("A claim on the deposit's cover is open: withdraw once it is settled")]
    ClaimInProgress,
    #[msg("The status answer is about another cover than the deposit's")]
    WrongCover,
    #[msg("The mutual did not answer, or the answer is not the mutual's")]
    NotTheMutual,
    #[msg("The mutual's answer does not decode")]
    UnreadableAnswer,
    #[msg("A deposit of 0 insures nothing")]
    ZeroDeposit,
    #[msg("The vault's terms are out of range: a score above 100 or a commission above 100%")]
    InvalidTerms,
    #[msg("The account is already in use")]
    AlreadyInUse,
    #[msg("Arithmetic overflow")]
    Overflow,
}
