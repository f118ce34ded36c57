// A dApp built on @solana/kit (web3.js 2.x's successor; version-0 transactions), run against `mutual localnet`.
//
//   node kit.mjs http://127.0.0.1:8899 ws://127.0.0.1:8900
//
// Every check runs (a check whose prerequisite failed fails too, naming it); one JSON object goes to stdout:
// {"ok": bool, "checks": {name: {ok, detail | error}}}. The exit code is 0 only if every check passed.
import {
  SOLANA_ERROR__JSON_RPC__SERVER_ERROR_SEND_TRANSACTION_PREFLIGHT_FAILURE,
  SOLANA_ERROR__JSON_RPC__SERVER_ERROR_UNSUPPORTED_TRANSACTION_VERSION,
  SOLANA_ERROR__INSTRUCTION_ERROR__CUSTOM,
  SOLANA_ERROR__BLOCK_HEIGHT_EXCEEDED,
  address,
  airdropFactory,
  appendTransactionMessageInstructions,
  compileTransaction,
  compressTransactionMessageUsingAddressLookupTables,
  createSolanaRpc,
  createSolanaRpcSubscriptions,
  createTransactionMessage,
  decompileTransactionMessageFetchingLookupTables,
  estimateAndSetResourceLimitsFactory,
  estimateResourceLimitsFactory,
  fetchAddressesForLookupTables,
  generateKeyPairSigner,
  getBase64Decoder,
  getBase64EncodedWireTransaction,
  getBase64Encoder,
  getCompiledTransactionMessageDecoder,
  getSignatureFromTransaction,
  getTransactionDecoder,
  isSolanaError,
  lamports,
  pipe,
  sendAndConfirmTransactionFactory,
  setTransactionMessageFeePayerSigner,
  setTransactionMessageLifetimeUsingBlockhash,
  signTransactionMessageWithSigners,
} from '@solana/kit';
import { getTransferSolInstruction } from '@solana-program/system';
import {
  estimateComputeUnitLimitFactory,
  getSetComputeUnitLimitInstruction,
  getSetComputeUnitPriceInstruction,
} from '@solana-program/compute-budget';
import {
  TOKEN_PROGRAM_ADDRESS,
  fetchMint,
  fetchToken,
  findAssociatedTokenPda,
  getCreateAssociatedTokenIdempotentInstructionAsync,
  getTransferCheckedInstruction,
} from '@solana-program/token';
import {
  fetchAddressLookupTable,
  getCreateLookupTableInstructionAsync,
  getExtendLookupTableInstruction,
} from '@solana-program/address-lookup-table';

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

const rpc = createSolanaRpc(rpcUrl);
const rpcSubscriptions = createSolanaRpcSubscriptions(wsUrl);
const airdrop = airdropFactory({ rpc, rpcSubscriptions });
const sendAndConfirm = sendAndConfirmTransactionFactory({ rpc, rpcSubscriptions });
const checks = {};
const state = {};

function assert(condition, message) {
  if (!condition) throw new Error(`assertion failed: ${message}`);
}

function need(key) {
  if (state[key] === undefined) throw new Error(`prerequisite missing: ${key} (an earlier check failed)`);
  return state[key];
}

function jsonable(value) {
  return JSON.parse(JSON.stringify(value ?? null, (_, v) => (typeof v === 'bigint' ? v.toString() : v)));
}

function describe(e) {
  const out = { name: e?.name, message: String(e?.message ?? e) };
  if (e?.context) out.context = jsonable(e.context);
  if (e?.cause) out.cause = describe(e.cause);
  return out;
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
    if (e?.cause) console.error(`  cause: ${e.cause?.stack ?? e.cause}`);
  } finally {
    clearTimeout(timer);
  }
}

/// A version-0 message from `payer` with `instructions`, against the latest blockhash.
async function message(payer, instructions) {
  const { value: latestBlockhash } = await rpc.getLatestBlockhash({ commitment: 'confirmed' }).send();
  return pipe(
    createTransactionMessage({ version: 0 }),
    (m) => setTransactionMessageFeePayerSigner(payer, m),
    (m) => setTransactionMessageLifetimeUsingBlockhash(latestBlockhash, m),
    (m) => appendTransactionMessageInstructions(instructions, m),
  );
}

async function signSendConfirm(msg) {
  const signed = await signTransactionMessageWithSigners(msg);
  await sendAndConfirm(signed, { commitment: 'confirmed' });
  return getSignatureFromTransaction(signed);
}

const payer = await generateKeyPairSigner();
const recipient = (await generateKeyPairSigner()).address;

// --- the cluster ---------------------------------------------------------------------------------------------
await check('getVersion', async () => {
  const v = await rpc.getVersion().send();
  assert(typeof v['solana-core'] === 'string', 'solana-core');
  return v;
});
await check('getGenesisHash', async () => rpc.getGenesisHash().send());
await check('getEpochInfo', async () => {
  const info = await rpc.getEpochInfo({ commitment: 'confirmed' }).send();
  assert(typeof info.absoluteSlot === 'bigint' && typeof info.blockHeight === 'bigint', 'bigint slot and height');
  assert(info.slotIndex < info.slotsInEpoch, 'slotIndex < slotsInEpoch');
  assert(info.blockHeight <= info.absoluteSlot, `blockHeight ${info.blockHeight} <= absoluteSlot ${info.absoluteSlot}`);
  return info;
});
await check('getSlot/getBlockHeight consistent', async () => {
  // Slots keep closing (every 400 ms when idle, as on a validator), so the height read between two getSlot
  // calls lies between the heights of the blocks they name.
  const config = { transactionDetails: 'none', rewards: false, maxSupportedTransactionVersion: 0 };
  const before = await rpc.getSlot({ commitment: 'confirmed' }).send();
  const height = await rpc.getBlockHeight({ commitment: 'confirmed' }).send();
  const after = await rpc.getSlot({ commitment: 'confirmed' }).send();
  const low = (await rpc.getBlock(before, config).send()).blockHeight;
  const high = (await rpc.getBlock(after, config).send()).blockHeight;
  assert(low <= height && height <= high, `getBlockHeight ${height} within [${low}, ${high}] (slots ${before}..${after})`);
  return { before, after, height, low, high };
});

// --- funding ----------------------------------------------------------------------------------------------
await check('airdropFactory', async () => {
  const signature = await airdrop({ commitment: 'confirmed', lamports: lamports(5_000_000_000n), recipientAddress: payer.address });
  const { value } = await rpc.getBalance(payer.address, { commitment: 'confirmed' }).send();
  assert(value === 5_000_000_000n, `balance ${value}`);
  state.funded = true;
  return { signature, balance: value };
});

// --- a v0 transfer with compute budget instructions -------------------------------------------------------
await check('v0 transfer with compute budget (sendAndConfirmTransactionFactory)', async () => {
  need('funded');
  const msg = await message(payer, [
    getSetComputeUnitLimitInstruction({ units: 10_000 }),
    getSetComputeUnitPriceInstruction({ microLamports: 1_000_000n }),
    getTransferSolInstruction({ source: payer, destination: recipient, amount: lamports(1_000_000n) }),
  ]);
  const signature = await signSendConfirm(msg);
  const { value } = await rpc.getBalance(recipient, { commitment: 'confirmed' }).send();
  assert(value === 1_000_000n, `recipient balance ${value}`);
  state.transferSig = signature;
  return signature;
});

await check('getSignatureStatuses', async () => {
  const sig = need('transferSig');
  const { value } = await rpc.getSignatureStatuses([sig], { searchTransactionHistory: true }).send();
  assert(value[0] && value[0].err === null, `status ${JSON.stringify(jsonable(value[0]))}`);
  assert(['confirmed', 'finalized'].includes(value[0].confirmationStatus), 'confirmationStatus');
  return value[0];
});

await check("getTransaction(json)", async () => {
  const sig = need('transferSig');
  const tx = await rpc.getTransaction(sig, { commitment: 'confirmed', maxSupportedTransactionVersion: 0, encoding: 'json' }).send();
  assert(tx !== null, 'found');
  assert(tx.version === 0, `version ${tx.version}`);
  assert(tx.transaction.signatures[0] === sig, 'signature');
  // 5,000 per signature + 10,000 units x 1 lamport (1,000,000 micro-lamports).
  assert(tx.meta.fee === 15_000n, `fee ${tx.meta.fee}`);
  assert(tx.meta.err === null, 'err null');
  assert(Array.isArray(tx.meta.loadedAddresses?.writable), 'loadedAddresses');
  assert(tx.transaction.message.accountKeys.includes(recipient), 'the recipient among the keys');
  assert(typeof tx.meta.computeUnitsConsumed === 'bigint', 'computeUnitsConsumed');
  state.transferSlot = tx.slot;
  return { slot: tx.slot, blockTime: tx.blockTime, fee: tx.meta.fee, units: tx.meta.computeUnitsConsumed };
});

await check("getTransaction(jsonParsed)", async () => {
  const sig = need('transferSig');
  const tx = await rpc.getTransaction(sig, { commitment: 'confirmed', maxSupportedTransactionVersion: 0, encoding: 'jsonParsed' }).send();
  const ixs = tx.transaction.message.instructions;
  const transfer = ixs.find((ix) => ix.program === 'system');
  assert(transfer?.parsed?.type === 'transfer', `parsed ${JSON.stringify(jsonable(ixs))}`);
  assert(transfer.parsed.info.destination === recipient && transfer.parsed.info.lamports === 1_000_000n, 'transfer info');
  const keys = tx.transaction.message.accountKeys;
  assert(keys.every((k) => typeof k.pubkey === 'string' && typeof k.signer === 'boolean' && typeof k.source === 'string'), 'parsed account keys');
  return { instructions: ixs };
});

await check("getTransaction(base64) decodes", async () => {
  const sig = need('transferSig');
  const tx = await rpc.getTransaction(sig, { commitment: 'confirmed', maxSupportedTransactionVersion: 0, encoding: 'base64' }).send();
  const [b64, encoding] = tx.transaction;
  assert(encoding === 'base64', `encoding ${encoding}`);
  const decoded = getTransactionDecoder().decode(getBase64Encoder().encode(b64));
  const compiled = getCompiledTransactionMessageDecoder().decode(decoded.messageBytes);
  assert(compiled.version === 0, `compiled version ${compiled.version}`);
  assert(Object.keys(decoded.signatures)[0] === payer.address, 'first signer');
  const decompiled = await decompileTransactionMessageFetchingLookupTables(compiled, rpc);
  assert(decompiled.instructions.length === 3, 'three instructions');
  return { version: compiled.version, staticAccounts: compiled.staticAccounts };
});

await check('simulateTransaction', async () => {
  need('funded');
  const msg = await message(payer, [getTransferSolInstruction({ source: payer, destination: recipient, amount: lamports(1n) })]);
  const signed = await signTransactionMessageWithSigners(msg);
  const { value } = await rpc
    .simulateTransaction(getBase64EncodedWireTransaction(signed), { encoding: 'base64', sigVerify: true, commitment: 'confirmed' })
    .send();
  assert(value.err === null, `err ${JSON.stringify(jsonable(value.err))}`);
  assert(typeof value.unitsConsumed === 'bigint' && value.unitsConsumed > 0n, `unitsConsumed ${value.unitsConsumed}`);
  assert(value.logs.length > 0, 'logs');
  return value;
});

await check('simulateTransaction(replaceRecentBlockhash, innerInstructions)', async () => {
  need('funded');
  const msg = await message(payer, [getTransferSolInstruction({ source: payer, destination: recipient, amount: lamports(1n) })]);
  const signed = await signTransactionMessageWithSigners(msg);
  const { value } = await rpc
    .simulateTransaction(getBase64EncodedWireTransaction(signed), { encoding: 'base64', replaceRecentBlockhash: true, innerInstructions: true })
    .send();
  assert(value.err === null, 'err');
  assert(typeof value.replacementBlockhash?.blockhash === 'string', `replacementBlockhash ${JSON.stringify(jsonable(value.replacementBlockhash))}`);
  assert(Array.isArray(value.innerInstructions), 'innerInstructions');
  return { replacementBlockhash: value.replacementBlockhash, innerInstructions: value.innerInstructions };
});

await check('estimateComputeUnitLimitFactory / estimateAndSetResourceLimitsFactory', async () => {
  need('funded');
  const msg = await message(payer, [getTransferSolInstruction({ source: payer, destination: recipient, amount: lamports(1n) })]);
  const units = await estimateComputeUnitLimitFactory({ rpc })(msg);
  assert(units > 0, `units ${units}`);
  const estimated = await estimateAndSetResourceLimitsFactory(estimateResourceLimitsFactory({ rpc }))(msg);
  const signature = await signSendConfirm(estimated);
  return { units, signature };
});

await check('getFeeForMessage(v0)', async () => {
  need('funded');
  const msg = await message(payer, [getTransferSolInstruction({ source: payer, destination: recipient, amount: lamports(1n) })]);
  const bytes = compileTransaction(msg).messageBytes;
  const { value } = await rpc.getFeeForMessage(getBase64Decoder().decode(bytes), { commitment: 'confirmed' }).send();
  assert(value === 5000n, `fee ${value}`);
  return value;
});

// --- an address lookup table --------------------------------------------------------------------------------
await check('createLookupTable', async () => {
  need('funded');
  const recentSlot = await rpc.getSlot({ commitment: 'finalized' }).send();
  const ix = await getCreateLookupTableInstructionAsync({ authority: payer, payer, recentSlot });
  const signature = await signSendConfirm(await message(payer, [ix]));
  state.table = ix.accounts[0].address;
  return { recentSlot, table: state.table, signature };
});

const tableAddresses = [recipient, (await generateKeyPairSigner()).address, (await generateKeyPairSigner()).address];
await check('extendLookupTable', async () => {
  const table = need('table');
  const ix = getExtendLookupTableInstruction({ address: table, authority: payer, payer, addresses: tableAddresses });
  const signature = await signSendConfirm(await message(payer, [ix]));
  const { slot } = await rpc.getTransaction(signature, { commitment: 'confirmed', maxSupportedTransactionVersion: 0 }).send();
  state.extendSlot = slot;
  return { signature, slot };
});

await check('fetchAddressLookupTable', async () => {
  const table = need('table');
  need('extendSlot');
  const account = await fetchAddressLookupTable(rpc, table, { commitment: 'confirmed' });
  assert(JSON.stringify(account.data.addresses) === JSON.stringify(tableAddresses), `addresses ${JSON.stringify(account.data.addresses)}`);
  assert(account.data.authority?.__option === 'Some' ? account.data.authority.value === payer.address : account.data.authority === payer.address, 'authority');
  // A table extended in slot N serves from slot N + 1: wait for it, as dApps do.
  for (let i = 0; i < 20 && (await rpc.getSlot({ commitment: 'confirmed' }).send()) <= state.extendSlot; i++) {
    await new Promise((r) => setTimeout(r, 250));
  }
  state.tableReady = true;
  return account.data;
});

await check('v0 transfer compressed with the table', async () => {
  const table = need('table');
  need('tableReady');
  const addressesByLookupTableAddress = await fetchAddressesForLookupTables([table], rpc, { commitment: 'confirmed' });
  const msg = compressTransactionMessageUsingAddressLookupTables(
    await message(payer, [getTransferSolInstruction({ source: payer, destination: recipient, amount: lamports(2_000_000n) })]),
    addressesByLookupTableAddress,
  );
  const compiled = getCompiledTransactionMessageDecoder().decode(compileTransaction(msg).messageBytes);
  assert(compiled.addressTableLookups?.length === 1, `lookups ${JSON.stringify(compiled.addressTableLookups)}`);
  const signature = await signSendConfirm(msg);
  const { value } = await rpc.getBalance(recipient, { commitment: 'confirmed' }).send();
  assert(value === 1_000_000n + 2n + 1n + 2_000_000n || value >= 3_000_000n, `recipient balance ${value}`);
  state.v0Sig = signature;
  return { signature, addressTableLookups: compiled.addressTableLookups };
});

await check('getTransaction(v0 with lookups, json)', async () => {
  const sig = need('v0Sig');
  const tx = await rpc.getTransaction(sig, { commitment: 'confirmed', maxSupportedTransactionVersion: 0, encoding: 'json' }).send();
  assert(tx.version === 0, `version ${tx.version}`);
  assert(tx.meta.loadedAddresses.writable.includes(recipient), `loadedAddresses ${JSON.stringify(tx.meta.loadedAddresses)}`);
  assert(tx.transaction.message.addressTableLookups?.[0]?.accountKey === state.table, 'addressTableLookups');
  state.v0Slot = tx.slot;
  return { slot: tx.slot, loadedAddresses: tx.meta.loadedAddresses, addressTableLookups: tx.transaction.message.addressTableLookups };
});

await check('getTransaction(v0 with lookups, jsonParsed)', async () => {
  const sig = need('v0Sig');
  const tx = await rpc.getTransaction(sig, { commitment: 'confirmed', maxSupportedTransactionVersion: 0, encoding: 'jsonParsed' }).send();
  const key = tx.transaction.message.accountKeys.find((k) => k.pubkey === recipient);
  assert(key?.source === 'lookupTable' && key.writable === true, `recipient key ${JSON.stringify(key)}`);
  return { accountKeys: tx.transaction.message.accountKeys };
});

await check('getTransaction(v0 with lookups, base64) decompiles', async () => {
  const sig = need('v0Sig');
  const tx = await rpc.getTransaction(sig, { commitment: 'confirmed', maxSupportedTransactionVersion: 0, encoding: 'base64' }).send();
  const decoded = getTransactionDecoder().decode(getBase64Encoder().encode(tx.transaction[0]));
  const compiled = getCompiledTransactionMessageDecoder().decode(decoded.messageBytes);
  const decompiled = await decompileTransactionMessageFetchingLookupTables(compiled, rpc);
  const transfer = decompiled.instructions[0];
  assert(transfer.accounts[1].address === recipient, 'the recipient resolves from the table');
  return { addressTableLookups: compiled.addressTableLookups };
});

await check('getTransaction(v0) without maxSupportedTransactionVersion is -32015', async () => {
  const sig = need('v0Sig');
  try {
    await rpc.getTransaction(sig, { commitment: 'confirmed', encoding: 'json' }).send();
  } catch (e) {
    assert(isSolanaError(e, SOLANA_ERROR__JSON_RPC__SERVER_ERROR_UNSUPPORTED_TRANSACTION_VERSION), `error ${e.message}`);
    return e.message;
  }
  throw new Error('answered');
});

// --- blocks -----------------------------------------------------------------------------------------------
await check('getBlock', async () => {
  const slot = need('v0Slot');
  const sig = need('v0Sig');
  const block = await rpc.getBlock(slot, { commitment: 'confirmed', maxSupportedTransactionVersion: 0 }).send();
  assert(block !== null, 'found');
  const sigs = block.transactions.map((t) => t.transaction.signatures[0]);
  assert(sigs.includes(sig), `signatures ${JSON.stringify(sigs)}`);
  assert(block.parentSlot < slot, 'parentSlot');
  assert(typeof block.blockTime === 'bigint' && typeof block.blockHeight === 'bigint', 'blockTime and blockHeight');
  return { slot, blockhash: block.blockhash, previousBlockhash: block.previousBlockhash, parentSlot: block.parentSlot, blockHeight: block.blockHeight, signatures: sigs };
});

await check('getBlock(signatures, base64)', async () => {
  const slot = need('transferSlot');
  const block = await rpc.getBlock(slot, { commitment: 'confirmed', maxSupportedTransactionVersion: 0, transactionDetails: 'signatures', rewards: false }).send();
  assert(block.signatures.includes(state.transferSig), 'signature');
  const full = await rpc.getBlock(slot, { commitment: 'confirmed', maxSupportedTransactionVersion: 0, encoding: 'base64' }).send();
  getTransactionDecoder().decode(getBase64Encoder().encode(full.transactions[0].transaction[0]));
  return { signatures: block.signatures };
});

await check('getBlockTime', async () => {
  const slot = need('v0Slot');
  const time = await rpc.getBlockTime(slot).send();
  assert(typeof time === 'bigint' && Math.abs(Number(time) - Date.now() / 1000) < 3600, `time ${time}`);
  return time;
});

await check('getBlocks / getBlocksWithLimit', async () => {
  const from = need('transferSlot');
  const to = need('v0Slot');
  const slots = await rpc.getBlocks(from, to, { commitment: 'confirmed' }).send();
  assert(slots[0] === from && slots.at(-1) === to, `slots ${slots}`);
  const limited = await rpc.getBlocksWithLimit(from, 2n, { commitment: 'confirmed' }).send();
  assert(limited.length === 2 && limited[0] === from, `limited ${limited}`);
  return slots;
});

await check('getLatestBlockhash', async () => {
  const { context, value } = await rpc.getLatestBlockhash({ commitment: 'confirmed' }).send();
  const height = await rpc.getBlockHeight({ commitment: 'confirmed' }).send();
  assert(value.lastValidBlockHeight > height, 'lastValidBlockHeight ahead');
  const { value: valid } = await rpc.isBlockhashValid(value.blockhash, { commitment: 'confirmed' }).send();
  assert(valid === true, 'isBlockhashValid');
  return { context, value };
});

await check('getBalance', async () => {
  need('funded');
  const { value } = await rpc.getBalance(payer.address, { commitment: 'confirmed' }).send();
  assert(typeof value === 'bigint' && value > 0n && value < 5_000_000_000n, `balance ${value}`);
  return value;
});

await check('getRecentPrioritizationFees', async () => {
  const all = await rpc.getRecentPrioritizationFees().send();
  assert(all.length > 0 && all.every((f) => typeof f.slot === 'bigint' && typeof f.prioritizationFee === 'bigint'), 'shape');
  const mine = await rpc.getRecentPrioritizationFees([payer.address]).send();
  const atSlot = mine.find((f) => f.slot === state.transferSlot);
  assert(atSlot?.prioritizationFee === 1_000_000n, `at the transfer's slot ${JSON.stringify(jsonable(atSlot))}`);
  return { entries: all.length, atSlot };
});

await check('getSignaturesForAddress', async () => {
  need('funded');
  const list = await rpc.getSignaturesForAddress(payer.address, { commitment: 'confirmed' }).send();
  const sigs = list.map((s) => s.signature);
  for (const s of [state.transferSig, state.v0Sig]) assert(!s || sigs.includes(s), `${s} listed`);
  return { count: list.length, newest: list[0] };
});

// --- a failing transaction with preflight -----------------------------------------------------------------
await check('preflight failure is SEND_TRANSACTION_PREFLIGHT_FAILURE with logs', async () => {
  need('funded');
  const { value: balance } = await rpc.getBalance(payer.address, { commitment: 'confirmed' }).send();
  const msg = await message(payer, [
    getTransferSolInstruction({ source: payer, destination: recipient, amount: lamports(balance + 1_000_000_000n) }),
  ]);
  try {
    await signSendConfirm(msg);
  } catch (e) {
    assert(isSolanaError(e, SOLANA_ERROR__JSON_RPC__SERVER_ERROR_SEND_TRANSACTION_PREFLIGHT_FAILURE), `error ${e.message}`);
    assert(e.context.logs?.some((l) => /insufficient lamports/.test(l)), `logs ${JSON.stringify(e.context.logs)}`);
    assert(typeof e.context.unitsConsumed === 'bigint', `unitsConsumed ${e.context.unitsConsumed}`);
    assert(e.cause && isSolanaError(e.cause), `cause ${e.cause}`);
    return { message: e.message, cause: e.cause.message, logs: e.context.logs };
  }
  throw new Error('the failing transfer was accepted');
});

await check('simulateTransaction(fee payer does not exist)', async () => {
  const ghost = await generateKeyPairSigner();
  const msg = await message(ghost, [getTransferSolInstruction({ source: ghost, destination: recipient, amount: lamports(1n) })]);
  const signed = await signTransactionMessageWithSigners(msg);
  const { value } = await rpc.simulateTransaction(getBase64EncodedWireTransaction(signed), { encoding: 'base64' }).send();
  assert(value.err !== null, 'an error');
  assert(typeof value.unitsConsumed === 'bigint', `unitsConsumed ${value.unitsConsumed}`);
  return value;
});

// --- subscriptions ----------------------------------------------------------------------------------------
await check('accountNotifications + logsNotifications + slotNotifications', async () => {
  need('funded');
  const watched = (await generateKeyPairSigner()).address;
  const abort = new AbortController();
  const accounts = await rpcSubscriptions.accountNotifications(watched, { commitment: 'confirmed', encoding: 'base64' }).subscribe({ abortSignal: abort.signal });
  const logs = await rpcSubscriptions.logsNotifications({ mentions: [watched] }, { commitment: 'confirmed' }).subscribe({ abortSignal: abort.signal });
  const slots = await rpcSubscriptions.slotNotifications().subscribe({ abortSignal: abort.signal });
  const first = (it) => it[Symbol.asyncIterator]().next().then((r) => r.value);
  const gotAccount = first(accounts);
  const gotLogs = first(logs);
  const gotSlot = first(slots);
  const signature = await signSendConfirm(
    await message(payer, [getTransferSolInstruction({ source: payer, destination: watched, amount: lamports(5_000_000n) })]),
  );
  const [account, log, slot] = await Promise.all([gotAccount, gotLogs, gotSlot]);
  abort.abort();
  assert(account.value.lamports === 5_000_000n, `lamports ${account.value.lamports}`);
  assert(log.value.signature === signature && log.value.err === null, 'logs notification');
  assert(typeof slot.slot === 'bigint' && typeof slot.root === 'bigint' && slot.root <= slot.slot, `slot ${JSON.stringify(jsonable(slot))}`);
  return { account: account.value, log: log.value, slot };
});

// --- more of what dApps do ----------------------------------------------------------------------------------
await check('getFeeForMessage(with a compute-unit price)', async () => {
  need('funded');
  const msg = await message(payer, [
    getSetComputeUnitLimitInstruction({ units: 10_000 }),
    getSetComputeUnitPriceInstruction({ microLamports: 1_000_000n }),
    getTransferSolInstruction({ source: payer, destination: recipient, amount: lamports(1n) }),
  ]);
  const { value } = await rpc.getFeeForMessage(getBase64Decoder().decode(compileTransaction(msg).messageBytes)).send();
  assert(value === 15_000n, `fee ${value}`);
  return value;
});

await check('simulateTransaction(accounts) then send the same transaction', async () => {
  need('funded');
  const target = (await generateKeyPairSigner()).address;
  const signed = await signTransactionMessageWithSigners(
    await message(payer, [getTransferSolInstruction({ source: payer, destination: target, amount: lamports(7_000_000n) })]),
  );
  const { value } = await rpc
    .simulateTransaction(getBase64EncodedWireTransaction(signed), {
      encoding: 'base64',
      accounts: { addresses: [target], encoding: 'base64' },
    })
    .send();
  assert(value.err === null, 'err');
  assert(value.accounts?.[0]?.lamports === 7_000_000n, `accounts ${JSON.stringify(jsonable(value.accounts))}`);
  const { value: before } = await rpc.getBalance(target).send();
  assert(before === 0n, 'the simulation committed nothing');
  await sendAndConfirm(signed, { commitment: 'confirmed' });
  const { value: after } = await rpc.getBalance(target).send();
  assert(after === 7_000_000n, 'sent after simulating');
  return { simulated: value.accounts[0] };
});

await check('skipPreflight failure: sendAndConfirm throws the transaction error', async () => {
  need('funded');
  const { value: balance } = await rpc.getBalance(payer.address, { commitment: 'confirmed' }).send();
  const signed = await signTransactionMessageWithSigners(
    await message(payer, [getTransferSolInstruction({ source: payer, destination: recipient, amount: lamports(balance + 1_000_000_000n) })]),
  );
  const signature = getSignatureFromTransaction(signed);
  try {
    await sendAndConfirm(signed, { commitment: 'confirmed', skipPreflight: true });
  } catch (e) {
    assert(isSolanaError(e, SOLANA_ERROR__INSTRUCTION_ERROR__CUSTOM), `error ${e.message}`);
    const tx = await rpc.getTransaction(signature, { commitment: 'confirmed', maxSupportedTransactionVersion: 0 }).send();
    assert(tx.meta.err?.InstructionError?.[1]?.Custom === 1n || tx.meta.err?.InstructionError?.[1]?.Custom === 1, `meta.err ${JSON.stringify(jsonable(tx.meta.err))}`);
    const { value: after } = await rpc.getBalance(payer.address).send();
    assert(after === balance - 5000n, 'the fee is charged');
    return { error: e.message, metaErr: tx.meta.err };
  }
  throw new Error('the failing transfer confirmed');
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

await check('test USDC: transferChecked to a new associated account', async () => {
  need('funded');
  const source = address(await rawRpc('mutual_faucet', [payer.address, 0, 25_000_000]));
  const token = await fetchToken(rpc, source, { commitment: 'confirmed' });
  assert(token.data.amount === 25_000_000n && token.data.owner === payer.address, `token ${JSON.stringify(jsonable(token.data))}`);
  const mint = token.data.mint;
  const { data: mintData } = await fetchMint(rpc, mint);
  const [destination] = await findAssociatedTokenPda({ owner: recipient, mint, tokenProgram: TOKEN_PROGRAM_ADDRESS });
  const signature = await signSendConfirm(
    await message(payer, [
      await getCreateAssociatedTokenIdempotentInstructionAsync({ payer, owner: recipient, mint }),
      getTransferCheckedInstruction({ source, mint, destination, authority: payer, amount: 1_500_000n, decimals: mintData.decimals }),
    ]),
  );
  const { value: balance } = await rpc.getTokenAccountBalance(destination, { commitment: 'confirmed' }).send();
  assert(balance.amount === '1500000' && balance.decimals === 6 && balance.uiAmountString === '1.5', `balance ${JSON.stringify(jsonable(balance))}`);
  const tx = await rpc.getTransaction(signature, { commitment: 'confirmed', maxSupportedTransactionVersion: 0, encoding: 'jsonParsed' }).send();
  const post = tx.meta.postTokenBalances.find((b) => b.owner === recipient);
  assert(post?.uiTokenAmount.amount === '1500000' && post.mint === mint, `postTokenBalances ${JSON.stringify(jsonable(tx.meta.postTokenBalances))}`);
  const pre = tx.meta.preTokenBalances.find((b) => b.owner === payer.address);
  assert(pre?.uiTokenAmount.amount === '25000000', `preTokenBalances ${JSON.stringify(jsonable(tx.meta.preTokenBalances))}`);
  const { value: accounts } = await rpc.getTokenAccountsByOwner(recipient, { mint }, { encoding: 'jsonParsed', commitment: 'confirmed' }).send();
  assert(accounts.length === 1 && accounts[0].account.data.parsed.info.tokenAmount.amount === '1500000', 'getTokenAccountsByOwner(jsonParsed)');
  state.usdcMint = mint;
  state.tokenSig = signature;
  return { signature, mint, balance, postTokenBalances: tx.meta.postTokenBalances };
});

// Creating the associated account invokes the system and token programs: a validator records those inner
// instructions, and dApps read CPIs from meta.innerInstructions.
await check('getTransaction meta.innerInstructions (CPI)', async () => {
  const sig = need('tokenSig');
  const tx = await rpc.getTransaction(sig, { commitment: 'confirmed', maxSupportedTransactionVersion: 0, encoding: 'jsonParsed' }).send();
  const inner = tx.meta.innerInstructions;
  assert(Array.isArray(inner) && inner.length > 0, `innerInstructions ${JSON.stringify(jsonable(inner))}`);
  return inner;
});

await check('getTokenSupply', async () => {
  const mint = need('usdcMint');
  const { value } = await rpc.getTokenSupply(mint).send();
  assert(value.decimals === 6, `supply ${JSON.stringify(jsonable(value))}`);
  return value;
});

// In a browser, kit's POST (content-type: application/json, solana-client: js/...) is preflighted: the
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
    headers: { origin, 'content-type': 'application/json; charset=utf-8', 'solana-client': 'js/8.4.0' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'getHealth' }),
  });
  const allowPost = post.headers.get('access-control-allow-origin');
  const seen = { preflightStatus: preflight.status, preflightAllowOrigin: allowPreflight, postAllowOrigin: allowPost };
  assert(preflight.ok && (allowPreflight === '*' || allowPreflight === origin), `preflight ${JSON.stringify(seen)}`);
  assert(allowPost === '*' || allowPost === origin, `POST ${JSON.stringify(seen)}`);
  return seen;
});

// A transaction the cluster drops (here: its fee payer does not exist, sent without preflight) never lands;
// sendAndConfirmTransactionFactory then rejects with BLOCK_HEIGHT_EXCEEDED once the block height (tracked by
// slotNotifications from getEpochInfo's slot/height difference) passes lastValidBlockHeight: 150 blocks,
// about a minute on a validator. Last, as it is the slowest check.
await check('a dropped transaction expires (BLOCK_HEIGHT_EXCEEDED)', async () => {
  const ghost = await generateKeyPairSigner();
  const signed = await signTransactionMessageWithSigners(
    await message(ghost, [getTransferSolInstruction({ source: ghost, destination: recipient, amount: lamports(1n) })]),
  );
  try {
    await sendAndConfirm(signed, { commitment: 'confirmed', skipPreflight: true });
  } catch (e) {
    assert(isSolanaError(e, SOLANA_ERROR__BLOCK_HEIGHT_EXCEEDED), `error ${e.message}`);
    return { message: e.message, context: e.context };
  }
  throw new Error('the dropped transaction confirmed');
}, EXPIRY_TIMEOUT_MS);

const ok = Object.values(checks).every((c) => c.ok);
const failed = Object.entries(checks).filter(([, c]) => !c.ok).map(([name]) => name);
console.log(JSON.stringify({ ok, library: '@solana/kit', rpc: rpcUrl, ws: wsUrl, failed, checks }, null, 2));
process.exit(ok ? 0 : 1);
