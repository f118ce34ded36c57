//! What a client asks of the cluster rather than of an account: supply, epochs, leaders, votes, inflation,
//! nodes, performance. The localnet is one node that is its own leader, with no votes and no inflation, and
//! answers in the standard shapes with those facts.
use super::node::Node;
use super::params::{custom, internal, invalid_params, param, u64_param, Reply};
use mutual_sdk::{Signer, Transport};
use serde_json::{json, Value};
use solana_rpc_client_api::custom_error::RpcCustomError;
use solana_rpc_client_api::response::{
    RpcAccountBalance, RpcBlockProduction, RpcBlockProductionRange, RpcPerfSample, RpcSupply,
};
use std::collections::HashMap;

/// A performance sample's window, as a validator's.
const SAMPLE_PERIOD_SECS: i64 = 60;
/// The most samples getRecentPerformanceSamples returns, as a validator.
const MAX_SAMPLES: u64 = 720;
/// getLargestAccounts' length, as a validator.
const LARGEST: usize = 20;
/// getSlotLeaders answers at most this many, as a validator.
const MAX_SLOT_LEADERS: u64 = 5_000;

fn to_value(value: impl serde::Serialize) -> Reply {
    serde_json::to_value(value).map_err(|e| internal(&e.to_string()))
}

impl Node {
    fn identity(&self) -> String {
        self.chain.deployer().pubkey().to_string()
    }

    pub fn get_epoch_schedule(&self) -> Reply {
        let s = self.chain.epoch_schedule().map_err(Self::sdk)?;
        Ok(json!({
            "slotsPerEpoch": s.slots_per_epoch,
            "leaderScheduleSlotOffset": s.leader_schedule_slot_offset,
            "warmup": s.warmup,
            "firstNormalEpoch": s.first_normal_epoch,
            "firstNormalSlot": s.first_normal_slot,
        }))
    }

    /// Every lamport the localnet knows of: the accounts transactions named, which hold the faucet's supply.
    pub fn get_supply(&self) -> Reply {
        let total = self.known_balances()?.iter().map(|b| b.lamports).sum();
        let supply = RpcSupply {
            total,
            circulating: total,
            non_circulating: 0,
            non_circulating_accounts: Vec::new(),
        };
        Ok(self.context(to_value(supply)?))
    }

    /// The 20 largest balances among the accounts the localnet knows.
    pub fn get_largest_accounts(&self) -> Reply {
        let mut balances = self.known_balances()?;
        balances.sort_by_key(|b| std::cmp::Reverse(b.lamports));
        balances.truncate(LARGEST);
        Ok(self.context(to_value(balances)?))
    }

    fn known_balances(
        &self,
    ) -> std::result::Result<Vec<RpcAccountBalance>, jsonrpsee::types::ErrorObjectOwned> {
        let addresses = self.chain.touched_addresses().map_err(Self::sdk)?;
        let accounts = self
            .chain
            .get_multiple_accounts(&addresses)
            .map_err(Self::sdk)?;
        Ok(addresses
            .iter()
            .zip(accounts)
            .filter_map(|(address, account)| {
                Some(RpcAccountBalance {
                    address: address.to_string(),
                    lamports: account?.lamports,
                })
            })
            .collect())
    }

    /// Transactions per minute of block time, newest first.
    pub fn get_recent_performance_samples(&self, params: &Value) -> Reply {
        let limit = param(params, 0)
            .and_then(Value::as_u64)
            .unwrap_or(MAX_SAMPLES);
        if limit > MAX_SAMPLES {
            return Err(invalid_params(format!("Invalid limit; max {MAX_SAMPLES}")));
        }
        let mut windows: Vec<(i64, RpcPerfSample)> = Vec::new();
        for block in self.blocks.newest_first() {
            let window = block.block_time.div_euclid(SAMPLE_PERIOD_SECS);
            let transactions = block.signatures.len() as u64;
            match windows.last_mut() {
                Some((w, sample)) if *w == window => {
                    sample.num_transactions += transactions;
                    sample.num_non_vote_transactions = Some(sample.num_transactions);
                    sample.num_slots += 1;
                }
                _ => windows.push((
                    window,
                    RpcPerfSample {
                        slot: block.slot,
                        num_transactions: transactions,
                        num_non_vote_transactions: Some(transactions),
                        num_slots: 1,
                        sample_period_secs: SAMPLE_PERIOD_SECS as u16,
                    },
                )),
            }
        }
        let samples: Vec<RpcPerfSample> = windows
            .into_iter()
            .map(|(_, sample)| sample)
            .take(usize::try_from(limit).unwrap_or(usize::MAX))
            .collect();
        to_value(samples)
    }

    /// The localnet leads every slot it produced.
    pub fn get_block_production(&self) -> Reply {
        let first = self.blocks.first_slot();
        let last = self.blocks.slot();
        let produced = self.blocks.slots(first, last, usize::MAX).len();
        let production = RpcBlockProduction {
            by_identity: HashMap::from([(self.identity(), (produced, produced))]),
            range: RpcBlockProductionRange {
                first_slot: first,
                last_slot: last,
            },
        };
        Ok(self.context(to_value(production)?))
    }

    /// The epoch's slots the localnet led: those of its blocks, as offsets from the epoch's first slot.
    pub fn get_leader_schedule(&self, params: &Value) -> Reply {
        let schedule = self.chain.epoch_schedule().map_err(Self::sdk)?;
        let slot = param(params, 0)
            .and_then(Value::as_u64)
            .unwrap_or_else(|| self.blocks.slot());
        let epoch = schedule.get_epoch(slot);
        let first = schedule.get_first_slot_in_epoch(epoch);
        let last = schedule.get_last_slot_in_epoch(epoch);
        let led: Vec<u64> = self
            .blocks
            .slots(first, last, usize::MAX)
            .into_iter()
            .map(|s| s - first)
            .collect();
        Ok(json!({ self.identity(): led }))
    }

    pub fn get_slot_leaders(&self, params: &Value) -> Reply {
        let _start = u64_param(params, 0, "a start slot")?;
        let limit = u64_param(params, 1, "a limit")?;
        if limit > MAX_SLOT_LEADERS {
            return Err(invalid_params(format!(
                "Invalid limit; max {MAX_SLOT_LEADERS}"
            )));
        }
        Ok(json!(vec![
            self.identity();
            usize::try_from(limit).unwrap_or(0)
        ]))
    }

    pub fn get_cluster_nodes(&self) -> Reply {
        Ok(json!([{
            "pubkey": self.identity(),
            "gossip": null, "tvu": null, "tpu": null, "tpuQuic": null, "tpuForwards": null,
            "tpuForwardsQuic": null, "tpuVote": null, "serveRepair": null, "rpc": null, "pubsub": null,
            "version": "3.1.12", "featureSet": 0, "shredVersion": 0,
        }]))
    }

    pub fn handle_cluster(&self, method: &str, params: &Value) -> Option<Reply> {
        Some(match method {
            "getEpochSchedule" => self.get_epoch_schedule(),
            "getSupply" => self.get_supply(),
            "getLargestAccounts" => self.get_largest_accounts(),
            "getRecentPerformanceSamples" => self.get_recent_performance_samples(params),
            "getBlockProduction" => self.get_block_production(),
            "getLeaderSchedule" => self.get_leader_schedule(params),
            "getSlotLeaders" => self.get_slot_leaders(params),
            "getClusterNodes" => self.get_cluster_nodes(),
            // No votes, no stake, no inflation on a one-node localnet.
            "getVoteAccounts" => Ok(json!({ "current": [], "delinquent": [] })),
            "getBlockCommitment" => Ok(json!({ "commitment": null, "totalStake": 0 })),
            "getStakeMinimumDelegation" => {
                Ok(self.context(json!(mutual::constants::LAMPORTS_PER_SOL)))
            }
            "getInflationGovernor" => Ok(json!({
                "initial": 0.0, "terminal": 0.0, "taper": 0.0, "foundation": 0.0, "foundationTerm": 0.0
            })),
            "getInflationRate" => {
                let epoch = self.chain.clock().map_err(Self::sdk).map(|c| c.epoch);
                epoch.map(|epoch| {
                    json!({ "total": 0.0, "validator": 0.0, "foundation": 0.0, "epoch": epoch })
                })
            }
            "getInflationReward" => {
                let addresses = param(params, 0)
                    .and_then(Value::as_array)
                    .map_or(0, Vec::len);
                Ok(json!(vec![Value::Null; addresses]))
            }
            "getMaxRetransmitSlot" | "getMaxShredInsertSlot" => Ok(json!(self.blocks.slot())),
            "getHighestSnapshotSlot" => Err(custom(RpcCustomError::NoSnapshot)),
            _ => return None,
        })
    }
}
