//! Where transactions go. The SDK, the bootstrap, the CLI and the tests are written against [`Transport`], so
//! the same code drives the embedded in-process chain and a real cluster over JSON-RPC.
#[cfg(feature = "embedded")]
pub mod embedded;
#[cfg(feature = "embedded")]
pub mod program_build;
pub mod rpc;

use crate::events::{parse_logs, LogSource, MutualEvent};
use crate::Result;
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use solana_account::Account;
use solana_keypair::Keypair;

/// What a processed (or simulated) transaction left behind.
#[derive(Clone, Debug, Default)]
pub struct Receipt {
    pub signature: String,
    pub logs: Vec<String>,
    pub events: Vec<MutualEvent>,
    pub return_data: Option<Vec<u8>>,
    /// Compute units the whole transaction consumed, when the transport reports them. Only meaningful on the
    /// SBF build: natively the program itself is charged about 1 CU per instruction.
    pub compute_units: Option<u64>,
    /// The transaction as it went over the wire.
    pub size: TxSize,
}

/// The most bytes a transaction may take on the wire (a packet's payload).
pub const PACKET_DATA_SIZE: usize = 1_232;

/// A transaction's wire size (the packet limit is 1,232 bytes) and how many distinct accounts it locks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TxSize {
    pub bytes: usize,
    pub accounts: usize,
}

impl TxSize {
    /// The size `ixs` paid by `payer` take once signed, with the compute budget the CLI puts in front.
    pub fn budgeted(ixs: &[Instruction], payer: &Pubkey) -> Self {
        let all = crate::compute_budget::with_budget(0, 0, ixs);
        Self::of(&solana_transaction::Transaction::new_with_payer(
            &all,
            Some(payer),
        ))
    }

    pub fn fits(&self) -> bool {
        self.bytes <= PACKET_DATA_SIZE
    }

    pub fn of(tx: &solana_transaction::Transaction) -> Self {
        let signatures = tx.signatures.len();
        TxSize {
            bytes: short_vec_len(signatures) + 64 * signatures + tx.message_data().len(),
            accounts: tx.message.account_keys.len(),
        }
    }
}

/// Bytes of a compact-u16 length prefix.
fn short_vec_len(n: usize) -> usize {
    match n {
        0..=0x7f => 1,
        0x80..=0x3fff => 2,
        _ => 3,
    }
}

impl Receipt {
    pub fn new(
        tx: &solana_transaction::Transaction,
        source: LogSource,
        logs: Vec<String>,
        return_data: Option<Vec<u8>>,
        compute_units: Option<u64>,
    ) -> Self {
        let events = parse_logs(&logs, source);
        Receipt {
            signature: tx.signatures[0].to_string(),
            logs,
            events,
            return_data,
            compute_units,
            size: TxSize::of(tx),
        }
    }
}

/// A filter of `Transport::program_accounts`, as getProgramAccounts takes them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AccountFilter {
    /// The account's data is exactly this long.
    DataSize(u64),
    /// The account's data holds `bytes` at `offset`.
    Memcmp { offset: usize, bytes: Vec<u8> },
}

impl AccountFilter {
    /// Accounts of one type: its discriminator and size.
    pub fn of_type<T: anchor_lang::Discriminator>(size: usize) -> [AccountFilter; 2] {
        [
            AccountFilter::DataSize(size as u64),
            AccountFilter::Memcmp {
                offset: 0,
                bytes: T::DISCRIMINATOR.to_vec(),
            },
        ]
    }

    pub fn matches(&self, data: &[u8]) -> bool {
        match self {
            AccountFilter::DataSize(size) => data.len() as u64 == *size,
            AccountFilter::Memcmp { offset, bytes } => data
                .get(*offset..offset.saturating_add(bytes.len()))
                .is_some_and(|window| window == bytes.as_slice()),
        }
    }
}

pub trait Transport {
    fn get_account(&self, address: &Pubkey) -> Result<Option<Account>>;

    /// Several accounts at once, in order (`None` where one does not exist). A cluster answers in one request.
    fn get_multiple_accounts(&self, addresses: &[Pubkey]) -> Result<Vec<Option<Account>>> {
        addresses.iter().map(|a| self.get_account(a)).collect()
    }

    /// Every account of the mutual program that passes all `filters`, sorted by address.
    fn program_accounts(&self, filters: &[AccountFilter]) -> Result<Vec<(Pubkey, Account)>>;

    /// Signs with `payer` (fee payer) and `signers`, sends, and waits until processed.
    fn send(&self, ixs: &[Instruction], payer: &Keypair, signers: &[&Keypair]) -> Result<Receipt>;

    /// Runs the transaction without committing it.
    fn simulate(
        &self,
        ixs: &[Instruction],
        payer: &Keypair,
        signers: &[&Keypair],
    ) -> Result<Receipt>;

    /// The latest blockhash: what a transaction that a wallet signs later is built against.
    fn latest_blockhash(&self) -> Result<solana_hash::Hash>;

    /// Runs `tx` without committing it and without checking its signatures: a transaction built for a wallet to
    /// sign (a Solana Action's), whose compute units, or refusal, are known before anyone signs it.
    fn simulate_unsigned(&self, tx: &solana_transaction::Transaction) -> Result<Receipt>;

    /// The cluster's clock, unix seconds.
    fn unix_timestamp(&self) -> Result<i64>;

    fn minimum_balance(&self, data_len: usize) -> Result<u64>;

    /// Gives `to` lamports: an airdrop on a test cluster, a transfer from the faucet on the embedded chain.
    fn airdrop(&self, to: &Pubkey, lamports: u64) -> Result<()>;

    /// What recent blocks' transactions paid per compute unit (micro-lamports) to write `accounts`, one entry
    /// per block; none where there is no fee market (the embedded chain).
    fn recent_prioritization_fees(&self, _accounts: &[Pubkey]) -> Result<Vec<u64>> {
        Ok(Vec::new())
    }
}

/// A transport over another one that changes only how it sends: the CLI's compute budget, over the embedded
/// chain or a cluster. Everything it leaves alone goes to [`Layer::inner`] through the impl below, so a layer
/// forwards nothing by hand.
pub trait Layer {
    /// Where the reads, the clock, the rent, the airdrops and (by default) the transactions go.
    fn inner(&self) -> &dyn Transport;

    /// `Transport::send` of the layer (named apart, so that `send` stays unambiguous where both are in scope).
    fn layer_send(
        &self,
        ixs: &[Instruction],
        payer: &Keypair,
        signers: &[&Keypair],
    ) -> Result<Receipt> {
        self.inner().send(ixs, payer, signers)
    }

    /// `Transport::simulate` of the layer.
    fn layer_simulate(
        &self,
        ixs: &[Instruction],
        payer: &Keypair,
        signers: &[&Keypair],
    ) -> Result<Receipt> {
        self.inner().simulate(ixs, payer, signers)
    }
}

impl<L: Layer> Transport for L {
    fn get_account(&self, address: &Pubkey) -> Result<Option<Account>> {
        self.inner().get_account(address)
    }

    fn get_multiple_accounts(&self, addresses: &[Pubkey]) -> Result<Vec<Option<Account>>> {
        self.inner().get_multiple_accounts(addresses)
    }

    fn program_accounts(&self, filters: &[AccountFilter]) -> Result<Vec<(Pubkey, Account)>> {
        self.inner().program_accounts(filters)
    }

    fn send(&self, ixs: &[Instruction], payer: &Keypair, signers: &[&Keypair]) -> Result<Receipt> {
        self.layer_send(ixs, payer, signers)
    }

    fn simulate(
        &self,
        ixs: &[Instruction],
        payer: &Keypair,
        signers: &[&Keypair],
    ) -> Result<Receipt> {
        self.layer_simulate(ixs, payer, signers)
    }

    fn latest_blockhash(&self) -> Result<solana_hash::Hash> {
        self.inner().latest_blockhash()
    }

    fn simulate_unsigned(&self, tx: &solana_transaction::Transaction) -> Result<Receipt> {
        self.inner().simulate_unsigned(tx)
    }

    fn unix_timestamp(&self) -> Result<i64> {
        self.inner().unix_timestamp()
    }

    fn minimum_balance(&self, data_len: usize) -> Result<u64> {
        self.inner().minimum_balance(data_len)
    }

    fn airdrop(&self, to: &Pubkey, lamports: u64) -> Result<()> {
        self.inner().airdrop(to, lamports)
    }

    fn recent_prioritization_fees(&self, accounts: &[Pubkey]) -> Result<Vec<u64>> {
        self.inner().recent_prioritization_fees(accounts)
    }
}

/// Signs a transaction with the payer first and every other distinct signer after it.
pub(crate) fn sign(
    ixs: &[Instruction],
    payer: &Keypair,
    signers: &[&Keypair],
    blockhash: solana_hash::Hash,
) -> solana_transaction::Transaction {
    use solana_signer::Signer;
    let mut all: Vec<&Keypair> = vec![payer];
    for s in signers {
        if !all.iter().any(|k| k.pubkey() == s.pubkey()) {
            all.push(s);
        }
    }
    solana_transaction::Transaction::new_signed_with_payer(
        ixs,
        Some(&payer.pubkey()),
        &all,
        blockhash,
    )
}
