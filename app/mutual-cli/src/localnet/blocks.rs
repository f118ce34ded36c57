//! Slots, blocks and the clock, as a validator produces them.
//!
//! Every transaction the localnet processes gets a slot of its own: it runs in the working slot, which then
//! closes as a block (its blockhash, parent, height, time and transactions) and the next slot opens. So a
//! purchase and a claim are never in the same slot, an address lookup table created at `getSlot` finds that
//! slot in SlotHashes, and a table extended in one transaction is usable in the next. A warp closes the working
//! slot too, and opens the next one later by the warp's length.
//!
//! The clock follows the wall clock by default (`ClockMode::Wall`), as a validator's does: a slot opens at the
//! later of the last slot's time and the wall time (plus every warp so far), and the working slot catches up
//! before each request, so time passes between two commands as it does on a cluster. Slots go on while the
//! chain is idle too, one per 400 ms of wall time (at most 150 at a time, when a request comes), so a
//! blockhash expires, and a client waiting on a dropped transaction gives up, as on a cluster.
//! `ClockMode::Manual` moves the clock only by warps and the slots only by transactions, for runs that must
//! repeat to the second.
use super::params::{custom, Reply};
use crate::Result;
use mutual_sdk::EmbeddedChain;
use serde::{Deserialize, Serialize};
use serde_json::json;
use solana_rpc_client_api::custom_error::RpcCustomError;
use std::collections::BTreeMap;

/// How the localnet's clock moves.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ClockMode {
    /// With the wall clock, and by warps.
    #[default]
    Wall,
    /// Only by warps (`localnet warp`): the same commands give the same times.
    Manual,
}

/// How many recent blocks getRecentPrioritizationFees looks at, as a validator's cache.
pub const PRIORITIZATION_FEE_SLOTS: usize = 150;

/// A validator's slot time: the localnet opens an empty slot per this much idle wall time (wall mode).
pub const SLOT_MS: i64 = 400;

/// The most empty slots one request closes: an idle hour is not replayed slot by slot.
pub const MAX_IDLE_SLOTS: i64 = 150;

/// Blocks kept beyond those that hold transactions: enough for the recent blockhashes and prioritization fees.
pub const RECENT_BLOCKS: usize = 300;

/// The most accounts getRecentPrioritizationFees takes, as a validator (a transaction's account-lock limit).
pub const MAX_PRIORITIZATION_FEE_ACCOUNTS: usize = 128;

/// One slot the localnet produced, as getBlock describes it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Block {
    pub slot: u64,
    pub parent_slot: u64,
    pub blockhash: String,
    pub previous_blockhash: String,
    pub block_height: u64,
    pub block_time: i64,
    /// The transactions processed in it, in order.
    pub signatures: Vec<String>,
    /// Per transaction: the compute-unit price it paid and the accounts it wrote.
    pub fees: Vec<PriorityFee>,
}

/// A transaction's compute-unit price (micro-lamports) and the accounts it write-locked.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct PriorityFee {
    pub price: u64,
    pub writable: Vec<String>,
}

/// What a ledger keeps of the blocks and the clock.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct SavedBlocks {
    pub blocks: Vec<Block>,
    /// The chain's time in milliseconds (the Clock sysvar holds whole seconds).
    pub clock_ms: i64,
    /// The hash of the first genesis: a restart keeps reporting it.
    pub genesis_hash: String,
}

pub struct Blocks {
    mode: ClockMode,
    blocks: BTreeMap<u64, Block>,
    clock_ms: i64,
    /// Chain time minus wall time, in milliseconds (wall mode).
    offset_ms: i64,
    /// The transactions of the working slot, until it closes.
    pending: Vec<(String, PriorityFee)>,
    /// The wall time the working slot opened at (ms).
    opened_ms: i64,
    pub genesis_hash: String,
}

fn wall_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or_default()
}

impl Blocks {
    /// A new chain's blocks: the slot it is in closes as the first block.
    pub fn start(mode: ClockMode, chain: &EmbeddedChain) -> Result<Self> {
        let clock_ms = chain.clock()?.unix_timestamp.saturating_mul(1_000);
        let mut blocks = Blocks {
            mode,
            blocks: BTreeMap::new(),
            clock_ms,
            offset_ms: clock_ms - wall_ms(),
            pending: Vec::new(),
            opened_ms: wall_ms(),
            genesis_hash: chain.genesis_hash().to_string(),
        };
        blocks.close_slot(chain)?;
        Ok(blocks)
    }

    /// A restored chain continues after the saved blocks, at the saved time.
    pub fn restore(mode: ClockMode, chain: &EmbeddedChain, saved: SavedBlocks) -> Result<Self> {
        let blocks: BTreeMap<u64, Block> = saved.blocks.into_iter().map(|b| (b.slot, b)).collect();
        let next = blocks.keys().next_back().map_or(0, |s| s + 1);
        let seconds = saved.clock_ms.div_euclid(1_000);
        if next > chain.clock()?.slot {
            chain.warp_to_slot_at(next, seconds)?;
        } else {
            chain.set_time(seconds)?;
        }
        Ok(Blocks {
            mode,
            blocks,
            clock_ms: saved.clock_ms,
            offset_ms: saved.clock_ms - wall_ms(),
            pending: Vec::new(),
            opened_ms: wall_ms(),
            genesis_hash: saved.genesis_hash,
        })
    }

    pub fn saved(&self) -> SavedBlocks {
        SavedBlocks {
            blocks: self.blocks.values().cloned().collect(),
            clock_ms: self.clock_ms,
            genesis_hash: self.genesis_hash.clone(),
        }
    }

    /// In wall mode, closes the empty slots the idle wall time since the working slot opened holds (one per
    /// 400 ms, at most 150), then brings the working slot's clock up to the wall time; returns the slots closed
    /// (with their parents). Nothing in manual mode.
    pub fn catch_up(&mut self, chain: &EmbeddedChain) -> Result<Vec<(u64, u64)>> {
        if self.mode == ClockMode::Manual {
            return Ok(Vec::new());
        }
        let idle = ((wall_ms() - self.opened_ms) / SLOT_MS).clamp(0, MAX_IDLE_SLOTS);
        let closed = (0..idle)
            .map(|_| self.close_slot(chain))
            .collect::<Result<Vec<_>>>()?;
        let wall = wall_ms() + self.offset_ms;
        if wall.div_euclid(1_000) > self.clock_ms.div_euclid(1_000) {
            self.clock_ms = wall;
            chain.set_time(self.clock_ms.div_euclid(1_000))?;
        }
        Ok(closed)
    }

    /// Adds a transaction processed in the working slot.
    pub fn add(&mut self, signature: String, fee: PriorityFee) {
        self.pending.push((signature, fee));
    }

    /// Closes the working slot as a block and opens the next one; returns the closed slot and its parent.
    pub fn close_slot(&mut self, chain: &EmbeddedChain) -> Result<(u64, u64)> {
        let clock = chain.clock()?;
        let block_height = chain.block_height()?;
        if self.mode == ClockMode::Wall {
            self.clock_ms = self.clock_ms.max(wall_ms() + self.offset_ms);
        }
        chain.start_slot_at(self.clock_ms.div_euclid(1_000))?;
        self.opened_ms = wall_ms();
        let (signatures, fees) = std::mem::take(&mut self.pending).into_iter().unzip();
        let previous = self.blocks.values().next_back();
        let block = Block {
            slot: clock.slot,
            parent_slot: previous.map_or(clock.slot.saturating_sub(1), |b| b.slot),
            // The working bank's last blockhash is the closed slot's: it was registered as the slot ended.
            blockhash: chain.latest_blockhash()?.to_string(),
            previous_blockhash: previous.map_or_else(
                || solana_hash::Hash::default().to_string(),
                |b| b.blockhash.clone(),
            ),
            block_height,
            block_time: clock.unix_timestamp,
            signatures,
            fees,
        };
        let closed = (block.slot, block.parent_slot);
        self.blocks.insert(block.slot, block);
        self.prune();
        Ok(closed)
    }

    /// Keeps every block that holds transactions and the newest `RECENT_BLOCKS`; an older empty slot reads as
    /// skipped, as a validator's long-term storage answers.
    fn prune(&mut self) {
        if self.blocks.len() <= RECENT_BLOCKS {
            return;
        }
        let newest: Vec<u64> = self
            .blocks
            .keys()
            .rev()
            .take(RECENT_BLOCKS)
            .copied()
            .collect();
        let oldest_kept = newest.last().copied().unwrap_or_default();
        self.blocks
            .retain(|slot, block| *slot >= oldest_kept || !block.signatures.is_empty());
    }

    /// Moves the clock `seconds` on: the working slot closes, and the next opens that much later.
    pub fn warp(&mut self, chain: &EmbeddedChain, seconds: i64) -> Result<(u64, u64)> {
        let ms = seconds.saturating_mul(1_000);
        self.clock_ms = self.clock_ms.saturating_add(ms);
        self.offset_ms = self.offset_ms.saturating_add(ms);
        self.close_slot(chain)
    }

    /// The newest block's slot: what getSlot answers (the working slot is still empty).
    pub fn slot(&self) -> u64 {
        self.blocks.keys().next_back().copied().unwrap_or_default()
    }

    /// The newest block's height: what getBlockHeight answers, beside getSlot's slot.
    pub fn block_height(&self) -> u64 {
        self.blocks
            .values()
            .next_back()
            .map_or(0, |b| b.block_height)
    }

    pub fn block(
        &self,
        slot: u64,
    ) -> std::result::Result<&Block, jsonrpsee::types::ErrorObjectOwned> {
        self.blocks.get(&slot).ok_or_else(|| {
            if slot > self.slot() {
                custom(RpcCustomError::BlockNotAvailable { slot })
            } else {
                custom(RpcCustomError::SlotSkipped { slot })
            }
        })
    }

    pub fn block_time(&self, slot: u64) -> Reply {
        let block = self
            .blocks
            .get(&slot)
            .ok_or_else(|| custom(RpcCustomError::BlockNotAvailable { slot }))?;
        Ok(json!(block.block_time))
    }

    /// The slots of the blocks from `start` to `end` (both included), at most `limit`.
    pub fn slots(&self, start: u64, end: u64, limit: usize) -> Vec<u64> {
        self.blocks
            .range(start..=end)
            .map(|(slot, _)| *slot)
            .take(limit)
            .collect()
    }

    /// The newest recent block's hash that is not `own`: a valid blockhash other than a transaction's.
    pub fn recent_blockhash_other_than(&self, own: &str) -> Option<solana_hash::Hash> {
        self.blocks
            .values()
            .rev()
            .take(PRIORITIZATION_FEE_SLOTS / 2)
            .find(|b| b.blockhash != own)
            .and_then(|b| b.blockhash.parse().ok())
    }

    /// Every block kept, newest first.
    pub fn newest_first(&self) -> impl Iterator<Item = &Block> {
        self.blocks.values().rev()
    }

    pub fn first_slot(&self) -> u64 {
        self.blocks.keys().next().copied().unwrap_or_default()
    }

    /// getRecentPrioritizationFees over the last 150 blocks, as a validator's cache answers it: per block, the
    /// lowest compute-unit price paid by any of its transactions, raised to the lowest paid by those that wrote
    /// each of `accounts` (0 where there is none).
    pub fn prioritization_fees(&self, accounts: &[String]) -> Vec<(u64, u64)> {
        self.blocks
            .values()
            .rev()
            .take(PRIORITIZATION_FEE_SLOTS)
            .map(|block| {
                let lowest = |fees: &mut dyn Iterator<Item = &PriorityFee>| {
                    fees.map(|f| f.price).min().unwrap_or_default()
                };
                let overall = lowest(&mut block.fees.iter());
                let per_account = accounts
                    .iter()
                    .map(|a| lowest(&mut block.fees.iter().filter(|f| f.writable.contains(a))))
                    .max()
                    .unwrap_or_default();
                (block.slot, overall.max(per_account))
            })
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(slot: u64, fees: &[(u64, &str)]) -> Block {
        Block {
            slot,
            parent_slot: slot.saturating_sub(1),
            blockhash: String::new(),
            previous_blockhash: String::new(),
            block_height: slot,
            block_time: 0,
            signatures: Vec::new(),
            fees: fees
                .iter()
                .map(|(price, account)| PriorityFee {
                    price: *price,
                    writable: vec![account.to_string()],
                })
                .collect(),
        }
    }

    #[test]
    fn prioritization_fees_are_the_lowest_per_block_raised_by_the_accounts_asked_for() {
        let blocks = Blocks {
            mode: ClockMode::Manual,
            blocks: [
                block(1, &[]),
                block(2, &[(50, "a"), (7, "b")]),
                block(3, &[(9, "a")]),
            ]
            .into_iter()
            .map(|b| (b.slot, b))
            .collect(),
            clock_ms: 0,
            offset_ms: 0,
            pending: Vec::new(),
            opened_ms: 0,
            genesis_hash: String::new(),
        };
        assert_eq!(
            blocks.prioritization_fees(&[]),
            vec![(1, 0), (2, 7), (3, 9)]
        );
        assert_eq!(
            blocks.prioritization_fees(&["a".into()]),
            vec![(1, 0), (2, 50), (3, 9)]
        );
        assert_eq!(
            blocks.prioritization_fees(&["c".into()]),
            vec![(1, 0), (2, 7), (3, 9)]
        );
        assert_eq!(blocks.slots(2, 10, 5), vec![2, 3]);
        assert_eq!(blocks.slots(1, 3, 2), vec![1, 2]);
    }
}
