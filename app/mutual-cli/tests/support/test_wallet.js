// A wallet for the browser tests, registered through the Wallet Standard before the page's own scripts run, as an
// extension's content script registers. It holds one test keypair (its 32-byte seed), signs with WebCrypto's
// Ed25519 and sends through the localnet's RPC, as a wallet sends through its own. `window.__testWallet` records
// what it was asked to do. The harness fills SEED, PUBLIC_KEY, ADDRESS, RPC and CHAIN.
(() => {
  const SEED = __SEED__;
  const PUBLIC_KEY = new Uint8Array(__PUBLIC_KEY__);
  const ADDRESS = __ADDRESS__;
  const RPC = __RPC__;
  const CHAIN = __CHAIN__;
  // PKCS#8 for an Ed25519 private key: this fixed prefix, then the seed.
  const pkcs8 = new Uint8Array([0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20, ...SEED]);
  const key = crypto.subtle.importKey('pkcs8', pkcs8, { name: 'Ed25519' }, false, ['sign']);
  const record = { connects: 0, sent: [], refused: [] };
  window.__testWallet = record;

  /** A compact-u16 at `at`: [value, bytes read]. */
  function shortVec(bytes, at) {
    let value = 0;
    for (let i = 0; i < 3; i++) {
      const byte = bytes[at + i];
      value |= (byte & 0x7f) << (7 * i);
      if ((byte & 0x80) === 0) return [value, i + 1];
    }
    throw new Error('bad compact-u16');
  }

  /** Signs the wire transaction in its slot for our key and sends it; returns the signature. */
  async function signAndSend({ transaction, account, chain }) {
    if (account.address !== ADDRESS) throw new Error(`not this wallet's account: ${account.address}`);
    if (chain !== CHAIN) throw new Error(`this wallet is on ${CHAIN}, not ${chain}`);
    const [signatures, width] = shortVec(transaction, 0);
    const message = transaction.slice(width + 64 * signatures);
    // A version-0 message starts with 0x80; the header (3 bytes) follows, then the account keys.
    const header = message[0] & 0x80 ? 1 : 0;
    const [keys, keysWidth] = shortVec(message, header + 3);
    const first = header + 3 + keysWidth;
    let slot = -1;
    for (let i = 0; i < Math.min(keys, signatures); i++) {
      const candidate = message.slice(first + 32 * i, first + 32 * (i + 1));
      if (candidate.every((b, j) => b === PUBLIC_KEY[j])) slot = i;
    }
    if (slot < 0) throw new Error('the transaction does not ask this wallet to sign');
    const signature = new Uint8Array(await crypto.subtle.sign('Ed25519', await key, message));
    const signed = transaction.slice();
    signed.set(signature, width + 64 * slot);
    const response = await fetch(RPC, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'sendTransaction',
        params: [btoa(String.fromCharCode(...signed)), { encoding: 'base64', preflightCommitment: 'confirmed' }],
      }),
    });
    const body = await response.json();
    if (body.error) {
      record.refused.push(body.error.message);
      throw new Error(body.error.message);
    }
    record.sent.push(body.result);
    return { signature };
  }

  const account = Object.freeze({
    address: ADDRESS,
    publicKey: PUBLIC_KEY,
    chains: [CHAIN],
    features: ['solana:signAndSendTransaction'],
  });
  const wallet = {
    version: '1.0.0',
    name: 'Test wallet',
    icon: 'data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciLz4=',
    chains: [CHAIN],
    accounts: [],
    features: {
      'standard:connect': {
        version: '1.0.0',
        async connect() {
          record.connects += 1;
          wallet.accounts = [account];
          return { accounts: wallet.accounts };
        },
      },
      'standard:events': { version: '1.0.0', on: () => () => {} },
      'solana:signAndSendTransaction': {
        version: '1.0.0',
        supportedTransactionVersions: ['legacy', 0],
        signAndSendTransaction: (...inputs) => Promise.all(inputs.map(signAndSend)),
      },
    },
  };
  // Both halves of the Wallet Standard's handshake: announce now, and answer an app that becomes ready later.
  const callback = ({ register }) => register(wallet);
  window.dispatchEvent(new CustomEvent('wallet-standard:register-wallet', { detail: callback }));
  window.addEventListener('wallet-standard:app-ready', ({ detail }) => callback(detail));
})();
