//! Decodes the program's events from transaction logs.
//!
//! On chain, `emit!` writes `Program data: <base64>`; natively (the embedded chain and the tests) the program
//! writes `Program log: EVENT <base64>`. Both carry the event's discriminator followed by its borsh body.
//!
//! Any program can write either line, so a line counts only inside the mutual program's own invoke frame (the
//! runtime's `Program <id> invoke [n]` … `Program <id> success|failed` lines), and the `EVENT` form only from
//! the native build on the embedded chain, the one build that needs it. A forged event from another program in the same
//! transaction (one the user's wallet was tricked into, or a CPI of ours) is ignored.
use anchor_lang::{AnchorDeserialize, Discriminator};
use base64::Engine;

macro_rules! events {
    ($($name:ident),* $(,)?) => {
        /// Every event the program emits.
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub enum MutualEvent {
            $($name(mutual::events::$name),)*
        }

        const EVENT_NAMES: &[&str] = &[$(stringify!($name)),*];

        fn decode(data: &[u8]) -> Option<MutualEvent> {
            $(
                let disc = <mutual::events::$name as Discriminator>::DISCRIMINATOR;
                if data.starts_with(disc) {
                    return mutual::events::$name::try_from_slice(&data[disc.len()..])
                        .ok()
                        .map(MutualEvent::$name);
                }
            )*
            None
        }
    };
}

events!(
    ConfigInitEvent,
    ParamsProposeEvent,
    ParamsExecuteEvent,
    ParamsCancelEvent,
    AuthorityProposeEvent,
    AuthorityAcceptEvent,
    GuardianSetEvent,
    ProtocolPauseEvent,
    ProtocolUnpauseEvent,
    AssetRegisterEvent,
    AssetUpdateEvent,
    CapitalSnapshotRefreshEvent,
    TreasurySweepEvent,
    MemberJoinEvent,
    MemberLeaveEvent,
    MemberThawEvent,
    MemberSetBrokerEvent,
    TokenBuyEvent,
    TokenSellEvent,
    ProductCreateEvent,
    ProductUpdateEvent,
    CuratorAddEvent,
    CuratorRemoveEvent,
    RiskSignalsUpdateEvent,
    PoolCreateEvent,
    PoolSetProductsEvent,
    PoolSetManagerEvent,
    PoolSetFeeEvent,
    PoolProcessEvent,
    StakeDepositEvent,
    StakeExtendEvent,
    StakeWithdrawEvent,
    StakePositionTransferEvent,
    PoolFeeWithdrawEvent,
    CoverBuyEvent,
    CoverEditEvent,
    CoverRenewEvent,
    CoverAutoRenewEvent,
    CoverTransferEvent,
    CoverExpireEvent,
    AssessorStakeEvent,
    AssessorUnstakeEvent,
    AssessorFlagFraudEvent,
    ClaimSubmitEvent,
    ClaimVoteEvent,
    ClaimVoteCommitEvent,
    ClaimVoteRevealEvent,
    ClaimRedeemPayoutEvent,
    ClaimCloseEvent,
    ClaimFraudUndoVotesEvent,
    VoteRewardClaimEvent,
);

const NATIVE_PREFIX: &str = "Program log: EVENT ";
const ONCHAIN_PREFIX: &str = "Program data: ";

/// Which build of the program wrote the logs, which decides the event forms accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogSource {
    /// The native build on the embedded chain: `Program log: EVENT` (and `Program data:`).
    Native,
    /// The SBF build, on a cluster or on the embedded chain: only `Program data:`.
    Sbf,
}

/// The program whose frame a log line is in: a stack over the runtime's invoke / success / failed lines.
#[derive(Default)]
struct Frames(Vec<String>);

impl Frames {
    /// Follows `line`; returns whether it is a frame line (and so not a program's own output). Only the
    /// runtime writes `Program <id> invoke [n]` / `success` / `failed: …`: a program's own lines start with
    /// `Program log:`, `Program data:` or `Program return:`, none of which is a program id.
    fn follow(&mut self, line: &str) -> bool {
        let Some(rest) = line.strip_prefix("Program ") else {
            return false;
        };
        let mut words = rest.split_whitespace();
        let (Some(id), Some(verb)) = (words.next(), words.next()) else {
            return false;
        };
        if id.parse::<anchor_lang::prelude::Pubkey>().is_err() {
            return false;
        }
        match verb {
            "invoke" if words.next().is_some_and(|n| n.starts_with('[')) => {
                self.0.push(id.to_string())
            }
            "success" | "failed:" if self.0.last().map(String::as_str) == Some(id) => {
                self.0.pop();
            }
            _ => return false,
        }
        true
    }

    fn in_mutual(&self) -> bool {
        self.0.last().map(String::as_str) == Some(MUTUAL_ID.as_str())
    }
}

static MUTUAL_ID: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| mutual::ID.to_string());

/// All events the mutual program itself logged, in order. Lines that are not events, and event lines of any
/// other program's frame, are skipped.
pub fn parse_logs(logs: &[String], source: LogSource) -> Vec<MutualEvent> {
    let mut frames = Frames::default();
    logs.iter()
        .filter(|line| !frames.follow(line) && frames.in_mutual())
        .filter_map(|line| match source {
            LogSource::Native => line
                .strip_prefix(NATIVE_PREFIX)
                .or_else(|| line.strip_prefix(ONCHAIN_PREFIX)),
            LogSource::Sbf => line.strip_prefix(ONCHAIN_PREFIX),
        })
        .filter_map(|b64| {
            base64::engine::general_purpose::STANDARD
                .decode(b64.trim())
                .ok()
        })
        .filter_map(|data| decode(&data))
        .collect()
}

/// The names of every event this module decodes, for checking against the IDL.
pub fn known_event_names() -> &'static [&'static str] {
    EVENT_NAMES
}

#[cfg(test)]
mod tests {
    use super::*;
    use anchor_lang::prelude::Pubkey;
    use anchor_lang::Event;

    fn event() -> (mutual::events::MemberSetBrokerEvent, String) {
        let event = mutual::events::MemberSetBrokerEvent {
            wallet: Pubkey::new_unique(),
            is_broker: true,
        };
        let b64 = base64::engine::general_purpose::STANDARD.encode(event.data());
        (event, b64)
    }

    fn framed(program: &str, body: &[String]) -> Vec<String> {
        let mut logs = vec![format!("Program {program} invoke [1]")];
        logs.extend_from_slice(body);
        logs.push(format!("Program {program} success"));
        logs
    }

    #[test]
    fn both_log_forms_decode_inside_the_mutual_frame_from_the_native_build() {
        let (event, b64) = event();
        let logs = framed(
            &mutual::ID.to_string(),
            &[
                format!("Program log: EVENT {b64}"),
                "Program log: something else".to_string(),
                format!("Program data: {b64}"),
            ],
        );
        let expected = MutualEvent::MemberSetBrokerEvent(event);
        assert_eq!(
            parse_logs(&logs, LogSource::Native),
            vec![expected.clone(), expected.clone()]
        );
        // The SBF build (a cluster, or the embedded chain with MUTUAL_SBF_SO) takes only the on-chain form.
        assert_eq!(parse_logs(&logs, LogSource::Sbf), vec![expected]);
    }

    #[test]
    fn forged_events_in_another_programs_frame_are_ignored() {
        let (event, b64) = event();
        let forger = Pubkey::new_unique().to_string();
        let mutual = mutual::ID.to_string();
        let token = anchor_spl::token::ID.to_string();
        let mut logs = framed(
            &forger,
            &[
                format!("Program data: {b64}"),
                format!("Program log: EVENT {b64}"),
            ],
        );
        // Our own frame, with a CPI into the token program that logs a forged line, then our event.
        logs.extend([
            format!("Program {mutual} invoke [1]"),
            format!("Program {token} invoke [2]"),
            format!("Program data: {b64}"),
            format!("Program {token} success"),
            format!("Program data: {b64}"),
            format!("Program {mutual} success"),
            // Outside every frame.
            format!("Program data: {b64}"),
        ]);
        for source in [LogSource::Native, LogSource::Sbf] {
            assert_eq!(
                parse_logs(&logs, source),
                vec![MutualEvent::MemberSetBrokerEvent(event.clone())],
                "{source:?}"
            );
        }
    }

    #[test]
    fn an_event_of_ours_called_by_another_program_counts() {
        let (event, b64) = event();
        let integrator = Pubkey::new_unique().to_string();
        let mutual = mutual::ID.to_string();
        let logs = framed(
            &integrator,
            &[
                format!("Program {mutual} invoke [2]"),
                format!("Program data: {b64}"),
                format!("Program {mutual} success"),
            ],
        );
        assert_eq!(
            parse_logs(&logs, LogSource::Sbf),
            vec![MutualEvent::MemberSetBrokerEvent(event)]
        );
    }

    #[test]
    fn native_doubled_frames_failed_cpis_and_look_alike_logs_keep_the_frames_right() {
        let (event, b64) = event();
        let mutual = mutual::ID.to_string();
        let token = anchor_spl::token::ID.to_string();
        let logs = vec![
            // The native build logs its own frame twice.
            format!("Program {mutual} invoke [1]"),
            format!("Program {mutual} invoke [1]"),
            // A program's own line that looks like a frame line is not one.
            "Program log: invoke [2]".to_string(),
            format!("Program {token} invoke [2]"),
            "Program log: Error: insufficient funds".to_string(),
            format!("Program {token} failed: custom program error: 0x1"),
            format!("Program data: {b64}"),
            "Program log: success".to_string(),
            format!("Program {mutual} success"),
            format!("Program {mutual} success"),
        ];
        assert_eq!(
            parse_logs(&logs, LogSource::Native),
            vec![MutualEvent::MemberSetBrokerEvent(event)]
        );
    }
}
