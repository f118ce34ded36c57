// A wallet / dApp built on @solana/web3.js 1.x, run against `mutual localnet`.
//
//   node web3.mjs http://127.0.0.1:8899 [ws://127.0.0.1:8900]
//
// Every check runs (a check whose prerequisite failed fails too, naming it); one JSON object goes to stdout:
// {"ok": bool, "checks": {name: {ok, detail | error}}}. The exit code is 0 only if every check passed.
import {
  AddressLookupTableProgram,
  ComputeBudgetProgram,
  Connection,
  Keypair,
  LAMPORTS_PER_SOL,
  PublicKey,
  SendTransactionError,
  SystemProgram,
  Transaction,
  TransactionExpiredBlockheightExceededError,
  TransactionMessage,
  VersionedTransaction,
  sendAndConfirmTransaction,
} from '@solana/web3.js';

const rpcUrl = process.argv[2] ?? 'http://127.0.0.1:8899';
const wsUrl = process.argv[3] ?? (() => {
  const u = new URL(rpcUrl);
  u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
  u.port = String(Number(u.port || (u.protocol === 'wss:' ? 443 : 80)) + 1);
  return u.toString().replace(/\/$/, '');
})();

/// A harness guard, not a retry: a check that hangs (a confirmation that never comes) fails after this.
const CHECK_TIMEOUT_MS = 60_000;
/// Blockhash expiry takes 150 blocks: about a minute on a validator (400 ms slots).
const EXPIRY_TIMEOUT_MS = 150_000;

const connection = new Connection(rpcUrl, { commitment: 'confirmed', wsEndpoint: wsUrl });
const checks = {};
const state = {};

function assert(condition, message) {
  if (!condition) throw new Error(`assertion failed: ${message}`);
}

function need(key) {
  if (state[key] === undefined) throw new Error(`prerequisite missing: ${key} (an earlier check failed)`);
  return state[key];
}

function describe(e) {
  const out = { name: e?.name, message: String(e?.message ?? e) };
  if (e instanceof SendTransactionError) {
    out.logs = e.logs;
    out.transactionError = e.transactionError;
  }
  if (e?.code !== undefined) out.code = e.code;
  if (e?.cause) out.cause = String(e.cause?.message ?? e.cause);
  return out;
}

function jsonable(value) {
  return JSON.parse(
    JSON.stringify(value ?? null, (_, v) => {
      if (typeof v === 'bigint') return v.toString();
      if (v instanceof PublicKey) return v.toBase58();
      return v;
    }),
  );
}

async function check(name, fn, timeoutMs = CHECK_TIMEOUT_MS) {
  let timer;
  try {
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
    });
    const detail = await Promise.race([fn(), timeout]);
    checks[name] = { ok: true, detail: jsonable(detail) };
  } catch (e) {
    checks[name] = { ok: false, error: describe(e) };
    console.error(`check ${name} FAILED: ${e?.stack ?? e}`);
  } finally {
    clearTimeout(timer);
  }
}

/// The {signature, blockhash, lastValidBlockHeight} strategy, as wallets confirm.
async function confirm(signature, latest) {
  const { value } = await connection.confirmTransaction({ signature, ...latest }, 'confirmed');
  if (value.err) throw new Error(`transaction ${signature} failed: ${JSON.stringify(value.err)}`);
  return signature;
}

const payer = Keypair.generate();
const recipient = Keypair.generate().publicKey;

// --- the cluster ---------------------------------------------------------------------------------------------
await check('getVersion', async () => {
  const v = await connection.getVersion();
  assert(typeof v['solana-core'] === 'string', 'solana-core is a string');
  return v;
});
await check('getGenesisHash', async () => {
  const h = await connection.getGenesisHash();
  assert(typeof h === 'string' && new PublicKey(h).toBytes().length === 32, 'a base58 32-byte hash');
  return h;
});
await check('getSlot', async () => {
  const slot = await connection.getSlot();
  assert(Number.isInteger(slot) && slot >= 0, 'an integer slot');
  return slot;
});
await check('getBlockHeight', async () => {
  const height = await connection.getBlockHeight();
  assert(Number.isInteger(height) && height >= 0, 'an integer height');
  return height;
});
await check('getEpochInfo', async () => {
  const info = await connection.getEpochInfo();
  assert(info.slotIndex < info.slotsInEpoch, 'slotIndex < slotsInEpoch');
  // A block's height counts its ancestors: it never exceeds its slot.
  assert(info.blockHeight <= info.absoluteSlot, `blockHeight ${info.blockHeight} <= absoluteSlot ${info.absoluteSlot}`);
  return info;
});

// --- funding ----------------------------------------------------------------------------------------------
await check('requestAirdrop+confirmTransaction', async () => {
  const latest = await connection.getLatestBlockhash();
  const signature = await connection.requestAirdrop(payer.publicKey, 5 * LAMPORTS_PER_SOL);
  await confirm(signature, latest);
  const balance = await connection.getBalance(payer.publicKey);
  assert(balance === 5 * LAMPORTS_PER_SOL, `balance ${balance} is 5 SOL`);
  state.funded = true;
  return { signature, balance };
});

// --- a legacy transfer ------------------------------------------------------------------------------------
await check('sendAndConfirmTransaction(legacy transfer)', async () => {
  need('funded');
  const tx = new Transaction().add(
    SystemProgram.transfer({ fromPubkey: payer.publicKey, toPubkey: recipient, lamports: 1_000_000 }),
  );
  const signature = await sendAndConfirmTransaction(connection, tx, [payer]);
  const balance = await connection.getBalance(recipient);
  assert(balance === 1_000_000, `recipient balance ${balance}`);
  state.legacySig = signature;
  return signature;
});

await check('getTransaction(legacy, default encoding json)', async () => {
  const sig = need('legacySig');
  const tx = await connection.getTransaction(sig);
  assert(tx !== null, 'found');
  assert(tx.transaction.signatures[0] === sig, 'its signature');
  assert(tx.meta.err === null, 'meta.err null');
  assert(tx.meta.fee === 5000, `fee ${tx.meta.fee}`);
  const keys = tx.transaction.message.accountKeys.map((k) => k.toBase58());
  assert(keys.includes(recipient.toBase58()), 'the recipient among the account keys');
  state.legacySlot = tx.slot;
  return { slot: tx.slot, blockTime: tx.blockTime, fee: tx.meta.fee, logs: tx.meta.logMessages };
});

await check('getParsedTransaction(legacy, maxSupportedTransactionVersion 0)', async () => {
  const sig = need('legacySig');
  const tx = await connection.getParsedTransaction(sig, { maxSupportedTransactionVersion: 0 });
  assert(tx !== null, 'found');
  assert(tx.version === 'legacy', `version ${tx.version}`);
  const ix = tx.transaction.message.instructions[0];
  assert(ix.program === 'system' && ix.parsed?.type === 'transfer', `parsed ${JSON.stringify(ix)}`);
  assert(ix.parsed.info.lamports === 1_000_000, 'lamports parsed');
  return { version: tx.version, instruction: ix };
});

// --- an address lookup table and a version-0 transaction --------------------------------------------------
await check('createLookupTable', async () => {
  need('funded');
  const recentSlot = await connection.getSlot();
  const [ix, table] = AddressLookupTableProgram.createLookupTable({
    authority: payer.publicKey,
    payer: payer.publicKey,
    recentSlot,
  });
  const signature = await sendAndConfirmTransaction(connection, new Transaction().add(ix), [payer]);
  state.table = table;
  state.createTableSig = signature;
  return { recentSlot, table: table.toBase58(), signature };
});

const tableAddresses = [recipient, Keypair.generate().publicKey, Keypair.generate().publicKey];
await check('extendLookupTable', async () => {
  const table = need('table');
  const ix = AddressLookupTableProgram.extendLookupTable({
    payer: payer.publicKey,
    authority: payer.publicKey,
    lookupTable: table,
    addresses: tableAddresses,
  });
  const signature = await sendAndConfirmTransaction(connection, new Transaction().add(ix), [payer]);
  const { slot } = await connection.getTransaction(signature, { maxSupportedTransactionVersion: 0 });
  state.extendSlot = slot;
  return { signature, slot };
});

// createLookupTable invokes the system program (transfer, allocate, assign): a validator records those inner
// instructions, and explorers and dApps read CPIs from meta.innerInstructions.
await check('getParsedTransaction meta.innerInstructions (CPI)', async () => {
  const sig = need('createTableSig');
  const tx = await connection.getParsedTransaction(sig, { maxSupportedTransactionVersion: 0 });
  const inner = tx.meta.innerInstructions;
  assert(Array.isArray(inner) && inner.length > 0, `innerInstructions ${JSON.stringify(inner)}`);
  return inner;
});

await check('getAddressLookupTable', async () => {
  const table = need('table');
  need('extendSlot');
  const { value } = await connection.getAddressLookupTable(table);
  assert(value !== null, 'the table exists');
  assert(value.isActive(), 'active');
  const got = value.state.addresses.map((a) => a.toBase58());
  assert(
    JSON.stringify(got) === JSON.stringify(tableAddresses.map((a) => a.toBase58())),
    `addresses ${JSON.stringify(got)}`,
  );
  assert(value.state.authority?.equals(payer.publicKey), 'authority');
  // A table extended in slot N serves from slot N + 1: wait for it, as dApps do.
  for (let i = 0; i < 20 && (await connection.getSlot()) <= state.extendSlot; i++) {
    await new Promise((r) => setTimeout(r, 250));
  }
  state.tableAccount = value;
  return { addresses: got, lastExtendedSlot: value.state.lastExtendedSlot, deactivationSlot: String(value.state.deactivationSlot) };
});

await check('v0 transfer via the table (sendTransaction + confirm)', async () => {
  const tableAccount = need('tableAccount');
  const latest = await connection.getLatestBlockhash();
  const message = new TransactionMessage({
    payerKey: payer.publicKey,
    recentBlockhash: latest.blockhash,
    instructions: [SystemProgram.transfer({ fromPubkey: payer.publicKey, toPubkey: recipient, lamports: 2_000_000 })],
  }).compileToV0Message([tableAccount]);
  assert(message.addressTableLookups.length === 1, 'the message uses the table');
  const tx = new VersionedTransaction(message);
  tx.sign([payer]);
  const signature = await connection.sendTransaction(tx);
  await confirm(signature, latest);
  const balance = await connection.getBalance(recipient);
  assert(balance === 3_000_000, `recipient balance ${balance}`);
  state.v0Sig = signature;
  return signature;
});

await check('getTransaction(v0, maxSupportedTransactionVersion 0)', async () => {
  const sig = need('v0Sig');
  const tx = await connection.getTransaction(sig, { maxSupportedTransactionVersion: 0 });
  assert(tx !== null, 'found');
  assert(tx.version === 0, `version ${tx.version}`);
  const loaded = tx.meta.loadedAddresses;
  assert(loaded, 'meta.loadedAddresses present');
  assert(
    loaded.writable.map((k) => k.toBase58()).includes(recipient.toBase58()),
    `loadedAddresses.writable ${JSON.stringify(loaded.writable)}`,
  );
  const keys = tx.transaction.message.getAccountKeys({ accountKeysFromLookups: loaded });
  assert(keys.get(keys.length - 1).equals(recipient), 'the recipient resolves from the lookups');
  state.v0Slot = tx.slot;
  return { slot: tx.slot, version: tx.version, loadedAddresses: loaded };
});

await check('getParsedTransaction(v0)', async () => {
  const sig = need('v0Sig');
  const tx = await connection.getParsedTransaction(sig, { maxSupportedTransactionVersion: 0 });
  assert(tx.version === 0, `version ${tx.version}`);
  const ix = tx.transaction.message.instructions[0];
  assert(ix.parsed?.info?.destination === recipient.toBase58(), `parsed ${JSON.stringify(ix)}`);
  const source = tx.transaction.message.accountKeys.find((k) => k.pubkey.equals(recipient));
  assert(source?.source === 'lookupTable', `account key source ${JSON.stringify(source)}`);
  return { instruction: ix };
});

await check('getTransaction(v0) without maxSupportedTransactionVersion is refused', async () => {
  const sig = need('v0Sig');
  try {
    await connection.getTransaction(sig);
  } catch (e) {
    assert(/version|-32015/i.test(String(e.message)), `error ${e.message}`);
    return e.message;
  }
  throw new Error('getTransaction of a v0 transaction without maxSupportedTransactionVersion answered');
});

await check('simulateTransaction(v0)', async () => {
  const tableAccount = need('tableAccount');
  const { blockhash } = await connection.getLatestBlockhash();
  const message = new TransactionMessage({
    payerKey: payer.publicKey,
    recentBlockhash: blockhash,
    instructions: [SystemProgram.transfer({ fromPubkey: payer.publicKey, toPubkey: recipient, lamports: 1 })],
  }).compileToV0Message([tableAccount]);
  const tx = new VersionedTransaction(message);
  tx.sign([payer]);
  const { value } = await connection.simulateTransaction(tx, { sigVerify: true });
  assert(value.err === null, `err ${JSON.stringify(value.err)}`);
  assert(typeof value.unitsConsumed === 'number' && value.unitsConsumed > 0, `unitsConsumed ${value.unitsConsumed}`);
  assert(value.logs?.length > 0, 'logs');
  return value;
});

await check('simulateTransaction(fee payer does not exist)', async () => {
  const ghost = Keypair.generate();
  const { blockhash } = await connection.getLatestBlockhash();
  const message = new TransactionMessage({
    payerKey: ghost.publicKey,
    recentBlockhash: blockhash,
    instructions: [SystemProgram.transfer({ fromPubkey: ghost.publicKey, toPubkey: recipient, lamports: 1 })],
  }).compileToV0Message();
  const tx = new VersionedTransaction(message);
  tx.sign([ghost]);
  const { value } = await connection.simulateTransaction(tx);
  assert(value.err !== null, 'an error');
  assert(typeof value.unitsConsumed === 'number', `unitsConsumed ${value.unitsConsumed}`);
  return value;
});

await check('getFeeForMessage(v0)', async () => {
  const tableAccount = need('tableAccount');
  const { blockhash } = await connection.getLatestBlockhash();
  const message = new TransactionMessage({
    payerKey: payer.publicKey,
    recentBlockhash: blockhash,
    instructions: [SystemProgram.transfer({ fromPubkey: payer.publicKey, toPubkey: recipient, lamports: 1 })],
  }).compileToV0Message([tableAccount]);
  const { value } = await connection.getFeeForMessage(message);
  assert(value === 5000, `fee ${value}`);
  return value;
});

// --- blocks -----------------------------------------------------------------------------------------------
await check('getBlockTime', async () => {
  const slot = need('v0Slot');
  const time = await connection.getBlockTime(slot);
  assert(Number.isInteger(time) && Math.abs(time - Date.now() / 1000) < 3600, `time ${time}`);
  return { slot, time };
});

await check('getBlock(maxSupportedTransactionVersion 0)', async () => {
  const slot = need('v0Slot');
  const sig = need('v0Sig');
  const block = await connection.getBlock(slot, { maxSupportedTransactionVersion: 0 });
  assert(block !== null, 'found');
  const sigs = block.transactions.map((t) => t.transaction.signatures[0]);
  assert(sigs.includes(sig), `signatures ${JSON.stringify(sigs)}`);
  const t = block.transactions.find((x) => x.transaction.signatures[0] === sig);
  assert(t.version === 0, `version ${t.version}`);
  assert(block.parentSlot < slot, 'parentSlot < slot');
  return { slot, blockhash: block.blockhash, parentSlot: block.parentSlot, blockHeight: block.blockHeight, blockTime: block.blockTime, signatures: sigs };
});

await check('getBlockSignatures(legacy slot)', async () => {
  const slot = need('legacySlot');
  const block = await connection.getBlockSignatures(slot);
  assert(block.signatures.includes(state.legacySig), `signatures ${JSON.stringify(block.signatures)}`);
  return { signatures: block.signatures };
});

await check('getBlock(transactionDetails accounts)', async () => {
  const slot = need('legacySlot');
  const block = await connection.getBlock(slot, { maxSupportedTransactionVersion: 0, transactionDetails: 'accounts', rewards: false });
  const keys = block.transactions[0].transaction.accountKeys.map((k) => k.pubkey.toBase58());
  assert(keys.includes(recipient.toBase58()), `account keys ${JSON.stringify(keys)}`);
  return { accountKeys: keys };
});

await check('getBlocks', async () => {
  const slot = need('legacySlot');
  const last = need('v0Slot');
  const slots = await connection.getBlocks(slot, last);
  assert(slots[0] === slot && slots.at(-1) === last, `slots ${JSON.stringify(slots)}`);
  return slots;
});

await check('getParsedBlock', async () => {
  const slot = need('v0Slot');
  const block = await connection.getParsedBlock(slot, { maxSupportedTransactionVersion: 0 });
  assert(block.transactions[0].transaction.message.instructions[0].parsed?.type === 'transfer', 'a parsed transfer');
  return { transactions: block.transactions.length };
});

// --- fees, history, compute budget ------------------------------------------------------------------------
await check('setComputeUnitLimit+setComputeUnitPrice transfer', async () => {
  need('funded');
  const tx = new Transaction().add(
    ComputeBudgetProgram.setComputeUnitLimit({ units: 10_000 }),
    ComputeBudgetProgram.setComputeUnitPrice({ microLamports: 1_000_000 }),
    SystemProgram.transfer({ fromPubkey: payer.publicKey, toPubkey: recipient, lamports: 1_000 }),
  );
  const signature = await sendAndConfirmTransaction(connection, tx, [payer]);
  const got = await connection.getTransaction(signature, { maxSupportedTransactionVersion: 0 });
  // 5,000 per signature + 10,000 units x 1 lamport (1,000,000 micro-lamports).
  assert(got.meta.fee === 15_000, `fee ${got.meta.fee}`);
  state.prioritySlot = got.slot;
  return { signature, fee: got.meta.fee, unitsConsumed: got.meta.computeUnitsConsumed };
});

await check('getRecentPrioritizationFees', async () => {
  const fees = await connection.getRecentPrioritizationFees();
  assert(Array.isArray(fees) && fees.length > 0, 'a non-empty list');
  assert(fees.every((f) => Number.isInteger(f.slot) && Number.isInteger(f.prioritizationFee)), 'shape');
  const mine = await connection.getRecentPrioritizationFees({ lockedWritableAccounts: [payer.publicKey] });
  const atSlot = mine.find((f) => f.slot === state.prioritySlot);
  assert(atSlot?.prioritizationFee === 1_000_000, `fee at the priority slot ${JSON.stringify(atSlot)}`);
  return { entries: fees.length, atPrioritySlot: atSlot };
});

await check('getSignaturesForAddress', async () => {
  need('funded');
  const list = await connection.getSignaturesForAddress(payer.publicKey);
  const sigs = list.map((s) => s.signature);
  for (const s of [state.legacySig, state.v0Sig]) assert(!s || sigs.includes(s), `${s} listed`);
  assert(list.every((s, i) => i === 0 || list[i - 1].slot >= s.slot), 'newest first');
  const limited = await connection.getSignaturesForAddress(payer.publicKey, { limit: 1 });
  assert(limited.length === 1 && limited[0].signature === sigs[0], 'limit 1');
  return { count: list.length, newest: list[0] };
});

// --- a failing transaction with preflight -----------------------------------------------------------------
await check('preflight failure throws SendTransactionError with logs', async () => {
  need('funded');
  const balance = await connection.getBalance(payer.publicKey);
  const tx = new Transaction().add(
    SystemProgram.transfer({ fromPubkey: payer.publicKey, toPubkey: recipient, lamports: balance + LAMPORTS_PER_SOL }),
  );
  try {
    await sendAndConfirmTransaction(connection, tx, [payer]);
  } catch (e) {
    assert(e instanceof SendTransactionError, `a SendTransactionError, got ${e?.constructor?.name}: ${e?.message}`);
    const logs = await e.getLogs(connection);
    assert(Array.isArray(logs) && logs.some((l) => /insufficient lamports/.test(l)), `logs ${JSON.stringify(logs)}`);
    assert(/custom program error: 0x1|simulation failed/i.test(e.message), `message ${e.message}`);
    const after = await connection.getBalance(payer.publicKey);
    assert(after === balance, 'nothing committed');
    return { message: e.message, logs };
  }
  throw new Error('the failing transfer was accepted');
});

// --- subscriptions (wallets watch balances and signatures) -----------------------------------------------
await check('onAccountChange + onSignature', async () => {
  need('funded');
  const watched = Keypair.generate().publicKey;
  let accountSub;
  const changed = new Promise((resolve) => {
    accountSub = connection.onAccountChange(watched, (info, ctx) => resolve({ lamports: info.lamports, slot: ctx.slot }), { commitment: 'confirmed' });
  });
  // Let the subscription reach the server before the transfer.
  await new Promise((r) => setTimeout(r, 500));
  const tx = new Transaction().add(SystemProgram.transfer({ fromPubkey: payer.publicKey, toPubkey: watched, lamports: 5_000_000 }));
  const latest = await connection.getLatestBlockhash();
  tx.recentBlockhash = latest.blockhash;
  tx.feePayer = payer.publicKey;
  tx.sign(payer);
  const signature = await connection.sendRawTransaction(tx.serialize());
  const sigResult = await new Promise((resolve) => connection.onSignature(signature, (result, ctx) => resolve({ err: result.err, slot: ctx.slot }), 'confirmed'));
  const account = await changed;
  await connection.removeAccountChangeListener(accountSub);
  assert(sigResult.err === null, 'signature ok');
  assert(account.lamports === 5_000_000, `lamports ${account.lamports}`);
  return { sigResult, account };
});

// --- more of what wallets and dApps do ---------------------------------------------------------------------
await check('getFeeForMessage(with a compute-unit price)', async () => {
  need('funded');
  const { blockhash } = await connection.getLatestBlockhash();
  const message = new TransactionMessage({
    payerKey: payer.publicKey,
    recentBlockhash: blockhash,
    instructions: [
      ComputeBudgetProgram.setComputeUnitLimit({ units: 10_000 }),
      ComputeBudgetProgram.setComputeUnitPrice({ microLamports: 1_000_000 }),
      SystemProgram.transfer({ fromPubkey: payer.publicKey, toPubkey: recipient, lamports: 1 }),
    ],
  }).compileToLegacyMessage();
  const { value } = await connection.getFeeForMessage(message);
  assert(value === 15_000, `fee ${value}`);
  return value;
});

await check('simulateTransaction(v0, accounts) then send the same transaction', async () => {
  need('funded');
  const latest = await connection.getLatestBlockhash();
  const target = Keypair.generate().publicKey;
  const message = new TransactionMessage({
    payerKey: payer.publicKey,
    recentBlockhash: latest.blockhash,
    instructions: [SystemProgram.transfer({ fromPubkey: payer.publicKey, toPubkey: target, lamports: 7_000_000 })],
  }).compileToV0Message();
  const tx = new VersionedTransaction(message);
  tx.sign([payer]);
  const { value } = await connection.simulateTransaction(tx, {
    accounts: { encoding: 'base64', addresses: [target.toBase58()] },
  });
  assert(value.err === null, `err ${JSON.stringify(value.err)}`);
  assert(value.accounts?.[0]?.lamports === 7_000_000, `accounts ${JSON.stringify(value.accounts)}`);
  assert((await connection.getBalance(target)) === 0, 'the simulation committed nothing');
  const signature = await connection.sendTransaction(tx);
  await confirm(signature, latest);
  assert((await connection.getBalance(target)) === 7_000_000, 'sent after simulating');
  return { simulated: value.accounts[0], signature };
});

await check('skipPreflight failure lands with its error', async () => {
  need('funded');
  const balance = await connection.getBalance(payer.publicKey);
  const latest = await connection.getLatestBlockhash();
  const tx = new Transaction({ feePayer: payer.publicKey, ...latest }).add(
    SystemProgram.transfer({ fromPubkey: payer.publicKey, toPubkey: recipient, lamports: balance + LAMPORTS_PER_SOL }),
  );
  tx.sign(payer);
  const signature = await connection.sendRawTransaction(tx.serialize(), { skipPreflight: true });
  // web3.js 1.x reports a failed transaction two ways, by which of its two sources answers first: the
  // signature notification resolves with `value.err`; the status poll it runs once subscribed rejects with the
  // bare error object. A dApp sees either; both carry the same error.
  const value = await connection.confirmTransaction({ signature, ...latest }, 'confirmed').then(
    ({ value }) => value,
    (e) => {
      if (e instanceof Error) throw e;
      return { err: e };
    },
  );
  assert(JSON.stringify(value.err) === JSON.stringify({ InstructionError: [0, { Custom: 1 }] }), `err ${JSON.stringify(value.err)}`);
  const got = await connection.getTransaction(signature, { maxSupportedTransactionVersion: 0 });
  assert(got.meta.err !== null && got.meta.fee === 5000, `meta ${JSON.stringify(got.meta)}`);
  assert((await connection.getBalance(payer.publicKey)) === balance - 5000, 'the fee is charged');
  return { err: value.err };
});

// Test USDC from the localnet's own faucet (a non-standard method: a test dApp's "faucet" button calls it).
async function rawRpc(method, params) {
  const res = await fetch(rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const body = await res.json();
  if (body.error) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
  return body.result;
}

await check('test USDC: token accounts, balance, mint', async () => {
  need('funded');
  const ata = new PublicKey(await rawRpc('mutual_faucet', [payer.publicKey.toBase58(), 0, 25_000_000]));
  const { value: accounts } = await connection.getParsedTokenAccountsByOwner(payer.publicKey, {
    programId: new PublicKey('TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA'),
  });
  const account = accounts.find((a) => a.pubkey.equals(ata));
  assert(account, `the faucet's account among ${JSON.stringify(accounts.map((a) => a.pubkey.toBase58()))}`);
  const info = account.account.data.parsed.info;
  assert(info.tokenAmount.amount === '25000000' && info.tokenAmount.decimals === 6, `token amount ${JSON.stringify(info.tokenAmount)}`);
  const mint = new PublicKey(info.mint);
  const { value: balance } = await connection.getTokenAccountBalance(ata);
  assert(balance.uiAmount === 25 && balance.amount === '25000000', `balance ${JSON.stringify(balance)}`);
  const { value: mintInfo } = await connection.getParsedAccountInfo(mint);
  assert(mintInfo.data.parsed.type === 'mint' && mintInfo.data.parsed.info.decimals === 6, 'the mint parses');
  const byMint = await connection.getTokenAccountsByOwner(payer.publicKey, { mint });
  assert(byMint.value.length === 1 && byMint.value[0].account.data.length === 165, 'by mint, base64');
  state.usdcMint = mint;
  return { ata: ata.toBase58(), mint: mint.toBase58(), balance };
});

await check('getTokenSupply', async () => {
  const mint = need('usdcMint');
  const { value } = await connection.getTokenSupply(mint);
  assert(value.decimals === 6 && BigInt(value.amount) >= 25_000_000n, `supply ${JSON.stringify(value)}`);
  return value;
});

await check('getTokenLargestAccounts', async () => {
  const mint = need('usdcMint');
  const { value } = await connection.getTokenLargestAccounts(mint);
  assert(value.length > 0, 'some accounts');
  return value.slice(0, 3);
});

await check('getMinimumBalanceForRentExemption + getMultipleAccountsInfo', async () => {
  need('funded');
  const rent = await connection.getMinimumBalanceForRentExemption(165);
  assert(rent === 2_039_280, `rent ${rent}`);
  const infos = await connection.getMultipleAccountsInfo([payer.publicKey, Keypair.generate().publicKey]);
  assert(infos[0]?.owner.equals(SystemProgram.programId) && infos[1] === null, 'payer and a missing account');
  return { rent };
});

await check('getEpochSchedule', async () => {
  const schedule = await connection.getEpochSchedule();
  assert(schedule.slotsPerEpoch > 0, 'slotsPerEpoch');
  return schedule;
});

await check('getRecentPerformanceSamples', async () => {
  const samples = await connection.getRecentPerformanceSamples(5);
  assert(Array.isArray(samples), 'a list');
  return samples;
});

await check('getSupply', async () => {
  const { value } = await connection.getSupply({ excludeNonCirculatingAccountsList: true });
  assert(value.total > 0, 'total');
  return { total: value.total, circulating: value.circulating };
});

// In a browser, web3.js's POST (content-type: application/json, solana-client: js/...) is preflighted: the
// localnet must answer the preflight and allow the page's origin, as a validator does (agave's rpc_service
// serves CORS for any origin).
await check('browser CORS (preflight and POST from a dApp page)', async () => {
  const origin = 'http://localhost:3000';
  const preflight = await fetch(rpcUrl, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,solana-client' },
  });
  const allowPreflight = preflight.headers.get('access-control-allow-origin');
  const post = await fetch(rpcUrl, {
    method: 'POST',
    headers: { origin, 'content-type': 'application/json', 'solana-client': 'js/1.99.0' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'getHealth' }),
  });
  const allowPost = post.headers.get('access-control-allow-origin');
  const seen = { preflightStatus: preflight.status, preflightAllowOrigin: allowPreflight, postAllowOrigin: allowPost };
  assert(preflight.ok && (allowPreflight === '*' || allowPreflight === origin), `preflight ${JSON.stringify(seen)}`);
  assert(allowPost === '*' || allowPost === origin, `POST ${JSON.stringify(seen)}`);
  return seen;
});

// A transaction the cluster drops (here: its fee payer does not exist, sent without preflight) never lands; the
// {blockhash, lastValidBlockHeight} strategy then rejects once the block height passes lastValidBlockHeight
// (150 blocks, about a minute on a validator). Last, as it is the slowest check.
await check('a dropped transaction expires (TransactionExpiredBlockheightExceededError)', async () => {
  const ghost = Keypair.generate();
  const latest = await connection.getLatestBlockhash();
  const tx = new Transaction({ feePayer: ghost.publicKey, ...latest }).add(
    SystemProgram.transfer({ fromPubkey: ghost.publicKey, toPubkey: recipient, lamports: 1 }),
  );
  tx.sign(ghost);
  const signature = await connection.sendRawTransaction(tx.serialize(), { skipPreflight: true });
  try {
    await connection.confirmTransaction({ signature, ...latest }, 'confirmed');
  } catch (e) {
    assert(e instanceof TransactionExpiredBlockheightExceededError, `error ${e?.name}: ${e?.message}`);
    return { message: e.message };
  }
  throw new Error('the dropped transaction confirmed');
}, EXPIRY_TIMEOUT_MS);

const ok = Object.values(checks).every((c) => c.ok);
const failed = Object.entries(checks).filter(([, c]) => !c.ok).map(([name]) => name);
console.log(JSON.stringify({ ok, library: '@solana/web3.js 1.x', rpc: rpcUrl, ws: wsUrl, failed, checks }, null, 2));
process.exit(ok ? 0 : 1);
