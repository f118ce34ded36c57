//! Decodes the program's events from transaction logs.
//!
//! On chain, `emit!` writes `Program data: <base64>`; natively (the embedded chain and the tests) the program
//! writes `Program log: EVENT <base64>`. Both carry the event's discriminator followed by its borsh body.
use anchor_lang::{AnchorDeserialize, Discriminator};
use base64::Engine;

macro_rules! events {
    ($($name:ident),* $(,)?) => {
        /// Every event the program emits.
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub enum MutualEvent {
            $($name(mutual::events::$name),)*
        }

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
    ConfigUpdateParamsEvent,
    AuthorityProposeEvent,
    AuthorityAcceptEvent,
    GuardianSetEvent,
    ProtocolPauseEvent,
    ProtocolUnpauseEvent,
    AssetRegisterEvent,
    AssetUpdateEvent,
    MemberJoinEvent,
    MemberLeaveEvent,
    MemberThawEvent,
    MemberSetBrokerEvent,
    TokenBuyEvent,
    TokenSellEvent,
);

const NATIVE_PREFIX: &str = "Program log: EVENT ";
const ONCHAIN_PREFIX: &str = "Program data: ";

/// All events found in the logs, in order. Lines that are not events are skipped.
pub fn parse_logs(logs: &[String]) -> Vec<MutualEvent> {
    logs.iter()
        .filter_map(|line| {
            line.strip_prefix(NATIVE_PREFIX)
                .or_else(|| line.strip_prefix(ONCHAIN_PREFIX))
        })
        .filter_map(|b64| {
            base64::engine::general_purpose::STANDARD
                .decode(b64.trim())
                .ok()
        })
        .filter_map(|data| decode(&data))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use anchor_lang::prelude::Pubkey;
    use anchor_lang::Event;

    #[test]
    fn both_log_forms_decode() {
        let event = mutual::events::MemberSetBrokerEvent {
            wallet: Pubkey::new_unique(),
            is_broker: true,
        };
        let b64 = base64::engine::general_purpose::STANDARD.encode(event.data());
        let logs = vec![
            format!("Program log: EVENT {b64}"),
            "Program log: something else".to_string(),
            format!("Program data: {b64}"),
        ];
        let expected = MutualEvent::MemberSetBrokerEvent(event);
        assert_eq!(parse_logs(&logs), vec![expected.clone(), expected]);
    }
}
