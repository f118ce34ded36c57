//! An integrator's program, written as a protocol would: it reads a product's risk (`product_risk`) and a cover's
//! status (`cover_status`) from the mutual by CPI, checks that the answer came from the mutual, and acts on it.
//! It runs natively next to either build of the mutual, so on the SBF build the CPI reaches the real binary.
use anchor_lang::prelude::{AccountInfo, AccountMeta, ProgramError, Pubkey};
use anchor_lang::solana_program::entrypoint::ProgramResult;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::solana_program::program::invoke;
use anchor_lang::{AnchorDeserialize, InstructionData};
use mutual::state::{CoverStatus, ProductRisk};
use mutual_sdk::pda;
use mutual_tests::*;
use solana_program_test::{processor, EbpfVm, InvokeContext};

const INTEGRATOR: Pubkey = Pubkey::new_from_array([7; 32]);
/// The integrator's own errors.
const TOO_RISKY: u32 = 1;
const NOT_COVERED: u32 = 2;
const NOT_THE_MUTUAL: u32 = 3;
/// Instruction tags: `[RISK_GATE, max_score]` with (mutual, product, risk signals); `[COVER_GATE]` with
/// (mutual, cover).
const RISK_GATE: u8 = 0;
const COVER_GATE: u8 = 1;

fn integrator(_program_id: &Pubkey, accounts: &[AccountInfo], data: &[u8]) -> ProgramResult {
    // An integrator pins the program it calls: any other program could set return data of the same shape.
    let (mutual_program, views) = accounts
        .split_first()
        .ok_or(ProgramError::NotEnoughAccountKeys)?;
    if *mutual_program.key != mutual::ID {
        return Err(ProgramError::Custom(NOT_THE_MUTUAL));
    }
    match data {
        [RISK_GATE, max_score] => {
            let risk: ProductRisk =
                call(mutual_program, views, &mutual::instruction::ProductRisk {})?;
            if risk.deprecated || risk.score > *max_score {
                return Err(ProgramError::Custom(TOO_RISKY));
            }
            set_return_data(&[risk.score]);
        }
        [COVER_GATE] => {
            let status: CoverStatus =
                call(mutual_program, views, &mutual::instruction::CoverStatus {})?;
            if !status.active {
                return Err(ProgramError::Custom(NOT_COVERED));
            }
            set_return_data(&status.amount.to_le_bytes());
        }
        _ => return Err(ProgramError::InvalidInstructionData),
    }
    Ok(())
}

/// Invokes a read-only view of the mutual on `views` and decodes its return data, which must be the mutual's.
fn call<'info, T: AnchorDeserialize>(
    mutual_program: &AccountInfo<'info>,
    views: &[AccountInfo<'info>],
    instruction: &impl InstructionData,
) -> Result<T, ProgramError> {
    let ix = Instruction {
        program_id: mutual::ID,
        accounts: views
            .iter()
            .map(|a| AccountMeta::new_readonly(*a.key, false))
            .collect(),
        data: instruction.data(),
    };
    let mut infos = views.to_vec();
    infos.push(mutual_program.clone());
    invoke(&ix, &infos)?;
    match get_return_data() {
        Some((program, bytes)) if program == mutual::ID => {
            T::try_from_slice(&bytes).map_err(|_| ProgramError::InvalidAccountData)
        }
        _ => Err(ProgramError::Custom(NOT_THE_MUTUAL)),
    }
}

/// `solana_program_runtime::invoke_context::BuiltinFunctionWithContext`, which program-test does not re-export.
type Builtin = fn(*mut EbpfVm<InvokeContext<'static, 'static>>, u64, u64, u64, u64, u64);

/// Return data, as `solana_cpi::{get_return_data, set_return_data}` reach it on chain. Natively those two are
/// no-ops (docs/architecture.md, decision 16), so this native program goes through program-test's syscall stubs,
/// which answer from the same runtime state as the SBF syscalls.
fn get_return_data() -> Option<(Pubkey, Vec<u8>)> {
    solana_sysvar::program_stubs::sol_get_return_data()
}

fn set_return_data(data: &[u8]) {
    solana_sysvar::program_stubs::sol_set_return_data(data)
}

fn with_integrator() -> TestFixture {
    let mut f = TestFixture::new_with(|program_test| {
        // A builtin in both builds (`add_program` would look for an integrator.so when the mutual runs as SBF).
        let entry: Option<Builtin> = processor!(integrator);
        program_test.add_builtin_program("integrator", INTEGRATOR, entry.expect("a builtin"));
    });
    f.bootstrap();
    f
}

fn gate(data: Vec<u8>, accounts: &[Pubkey]) -> Instruction {
    let mut metas = vec![AccountMeta::new_readonly(mutual::ID, false)];
    metas.extend(
        accounts
            .iter()
            .map(|a| AccountMeta::new_readonly(*a, false)),
    );
    Instruction {
        program_id: INTEGRATOR,
        accounts: metas,
        data,
    }
}

#[test]
fn an_integrator_reads_the_risk_score_by_cpi_and_gates_on_it() {
    // Arrange: a product with no risk signals yet scores 30 (no audit at all).
    let f = with_integrator();
    let id = f.with_product("Lending");
    let product = pda::product(id).0;
    let views = [product, pda::risk_signals(&product).0];
    let caller = f.new_wallet(1);

    // Act + Assert: within the integrator's limit, its own return data carries the mutual's score.
    let receipt = f.send_ok(&[gate(vec![RISK_GATE, 30], &views)], &[&caller]);
    assert_eq!(receipt.return_data, Some(vec![30]));
    if let Some(units) = receipt.compute_units {
        println!("product_risk through CPI (the mutual's side; the caller is native): {units} CU");
    }
    // Above it, the integrator refuses.
    f.send_err_code(&[gate(vec![RISK_GATE, 29], &views)], &[&caller], TOO_RISKY);
}

#[test]
fn an_integrator_checks_a_cover_by_cpi_until_it_ends() {
    // Arrange
    let f = with_integrator();
    let market = f.with_cover_market("Lending", &[(100, 300, 10)]);
    let buyer = f.with_funded_member(10_000 * USDC);
    let cover = f.buy_cover(&buyer, market.product, 10 * USDC, 30 * DAY, &market.pools);
    let caller = f.new_wallet(1);

    // Act + Assert: active cover passes with its amount...
    let receipt = f.send_ok(&[gate(vec![COVER_GATE], &[cover])], &[&caller]);
    assert_eq!(
        receipt.return_data,
        Some((10 * USDC).to_le_bytes().to_vec())
    );
    if let Some(units) = receipt.compute_units {
        println!("cover_status through CPI (the mutual's side; the caller is native): {units} CU");
    }
    // ...and after its end it no longer does.
    f.warp_seconds(30 * DAY);
    f.send_err_code(&[gate(vec![COVER_GATE], &[cover])], &[&caller], NOT_COVERED);
}

#[test]
fn an_integrator_refuses_an_answer_from_another_program() {
    // A program posing as the mutual (here the system program) never reaches the gate's logic.
    let f = with_integrator();
    let id = f.with_product("Lending");
    let product = pda::product(id).0;
    let caller = f.new_wallet(1);
    let mut ix = gate(
        vec![RISK_GATE, 100],
        &[product, pda::risk_signals(&product).0],
    );
    ix.accounts[0].pubkey = anchor_lang::system_program::ID;
    f.send_err_code(&[ix], &[&caller], NOT_THE_MUTUAL);
}
