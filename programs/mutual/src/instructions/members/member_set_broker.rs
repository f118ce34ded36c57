use crate::constants::{CONFIG_SEED, MEMBER_SEED};
use crate::errors::MutualError;
use crate::events::MemberSetBrokerEvent;
use crate::state::{Config, Member};
use anchor_lang::prelude::*;

/// Grants or revokes broker status: brokers may buy cover for owners who are not members.
#[derive(Accounts)]
pub struct MemberSetBroker<'info> {
    pub authority: Signer<'info>,
    #[account(
        seeds = [CONFIG_SEED],
        bump = config.bump,
        has_one = authority @ MutualError::NotAuthority,
    )]
    pub config: Box<Account<'info, Config>>,
    #[account(mut, dup, seeds = [MEMBER_SEED, member.wallet.as_ref()], bump = member.bump)]
    pub member: Box<Account<'info, Member>>,
}

impl MemberSetBroker<'_> {
    pub fn member_set_broker(ctx: Context<Self>, is_broker: bool) -> Result<()> {
        let member = &mut ctx.accounts.member;
        member.set_broker(is_broker);
        crate::emit_event!(MemberSetBrokerEvent {
            wallet: member.wallet,
            is_broker,
        });
        Ok(())
    }
}
