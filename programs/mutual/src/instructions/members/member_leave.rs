use crate::constants::{CONFIG_SEED, LEAVE_DUST_CAP, MEMBER_SEED};
use crate::cpi_helpers::{burn_from_owner, ConfigSigner};
use crate::errors::MutualError;
use crate::events::MemberLeaveEvent;
use crate::state::{Config, Member};
use anchor_lang::prelude::*;
use anchor_spl::token_2022::spl_token_2022::extension::StateWithExtensions;
use anchor_spl::token_2022::spl_token_2022::state::Account as TokenAccountState;
use anchor_spl::token_2022::Token2022;
use anchor_spl::token_interface::Mint;

/// A member leaves: only with nothing left in the protocol. Up to `max_burn` stake units still in the account,
/// and never more than `LEAVE_DUST_CAP`, are burnt (any member can send dust to another's account, which would
/// otherwise block leaving forever); more is refused, so leaving never burns real value. The account is frozen
/// again, the `Member` account closes and its rent goes back to the wallet. A member who closed their (empty)
/// stake-token account leaves all the same: there is nothing to burn or freeze.
#[derive(Accounts)]
pub struct MemberLeave<'info> {
    #[account(mut)]
    pub wallet: Signer<'info>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump, has_one = stake_mint)]
    pub config: Box<Account<'info, Config>>,
    // Every writable account here is pinned (seeds, config.stake_mint, member.stake_account), so none can
    // stand for another: `dup` spares Anchor's duplicate check (docs/architecture.md, decision 13).
    #[account(
        mut,
        dup,
        close = wallet,
        seeds = [MEMBER_SEED, wallet.key().as_ref()],
        bump = member.bump,
        has_one = wallet @ MutualError::NotMember,
    )]
    pub member: Box<Account<'info, Member>>,
    #[account(mut, dup)]
    pub stake_mint: Box<InterfaceAccount<'info, Mint>>,
    /// CHECK: pinned to the stake-token account recorded at join, and read in `stake_holding`: its owner may
    /// have closed it (then it is a system account, perhaps with lamports someone sent, holding no tokens).
    #[account(mut, address = member.stake_account @ MutualError::WrongStakeAccount)]
    pub stake_account: UncheckedAccount<'info>,
    pub token_program: Program<'info, Token2022>,
}

/// What leaving needs of the stake-token account.
struct StakeHolding {
    amount: u64,
    frozen: bool,
}

impl MemberLeave<'_> {
    /// The stake-token account's balance and state, or `None` when its owner has closed it. A closed address
    /// is a system account with no data, whatever lamports anyone sent it since: it holds no tokens.
    fn stake_holding(&self) -> Result<Option<StakeHolding>> {
        let info = self.stake_account.to_account_info();
        if info.owner == &anchor_lang::system_program::ID && info.data_is_empty() {
            return Ok(None);
        }
        require_keys_eq!(*info.owner, Token2022::id(), MutualError::WrongStakeAccount);
        let data = info.try_borrow_data()?;
        let state = StateWithExtensions::<TokenAccountState>::unpack(&data)?;
        Ok(Some(StakeHolding {
            amount: state.base.amount,
            frozen: state.base.is_frozen(),
        }))
    }

    fn validate(&self, max_burn: u64) -> Result<()> {
        let Self { member, .. } = self;
        // member
        member.require_can_leave()?;
        // stake_account: dust only, and no more than the member allows
        if let Some(holding) = self.stake_holding()? {
            require!(
                holding.amount <= max_burn.min(LEAVE_DUST_CAP),
                MutualError::MemberHasStakeTokens
            );
        }
        Ok(())
    }

    #[access_control(ctx.accounts.validate(max_burn))]
    pub fn member_leave(ctx: Context<Self>, max_burn: u64) -> Result<()> {
        let accounts = ctx.accounts;
        let mut burnt = 0;
        if let Some(holding) = accounts.stake_holding()? {
            burnt = holding.amount;
            if burnt > 0 {
                burn_from_owner(
                    &accounts.token_program.to_account_info(),
                    &accounts.stake_mint.to_account_info(),
                    &accounts.stake_account.to_account_info(),
                    &accounts.wallet.to_account_info(),
                    burnt,
                )?;
            }
            let signer = ConfigSigner::new(&accounts.config);
            signer.freeze(
                &accounts.token_program.to_account_info(),
                &accounts.stake_account.to_account_info(),
                holding.frozen,
                &accounts.stake_mint.to_account_info(),
            )?;
        }
        crate::emit_event!(MemberLeaveEvent {
            wallet: accounts.wallet.key(),
            burnt,
            left_at: Clock::get()?.unix_timestamp,
        });
        Ok(())
    }
}
