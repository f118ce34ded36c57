// Wallets through the Wallet Standard, without a library: the page announces itself
// (`wallet-standard:app-ready`) and takes the wallets that register (`wallet-standard:register-wallet`), as
// @wallet-standard/app's getWallets does, so Phantom, Solflare, Backpack and any other standard wallet appear.
// A transaction comes from the server's action unsigned; the wallet signs and sends it
// (`solana:signAndSendTransaction`), and the page follows its signature.

const registered = new Set();
const listeners = new Set();

function changed() {
  for (const listener of listeners) {
    try {
      listener([...registered]);
    } catch (e) {
      console.error('a wallet listener failed', e);
    }
  }
}

const api = Object.freeze({
  register(...wallets) {
    for (const wallet of wallets) if (wallet && typeof wallet === 'object') registered.add(wallet);
    changed();
    return () => {
      for (const wallet of wallets) registered.delete(wallet);
      changed();
    };
  },
  get() {
    return [...registered];
  },
  on(event, listener) {
    if (event !== 'register' && event !== 'unregister') return () => {};
    const wrapped = () => listener();
    listeners.add(wrapped);
    return () => listeners.delete(wrapped);
  },
});

window.addEventListener('wallet-standard:register-wallet', (event) => {
  if (typeof event.detail === 'function') event.detail(api);
});
window.dispatchEvent(new CustomEvent('wallet-standard:app-ready', { detail: api }));

/** Calls `listener(wallets)` with the wallets that can connect and sign and send on `chain`, now and on each change. */
export function watchWallets(chain, listener) {
  // A wallet whose properties throw or lie is left out; it cannot hide the others.
  const fits = (w) => {
    try {
      return Boolean(
        typeof w.name === 'string' &&
          w.features?.['standard:connect'] &&
          w.features?.['solana:signAndSendTransaction'] &&
          Array.isArray(w.chains) &&
          w.chains.includes(chain),
      );
    } catch {
      return false;
    }
  };
  const usable = () => [...registered].filter(fits);
  const call = () => listener(usable());
  listeners.add(call);
  call();
}

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

/** Bytes as base58 (addresses and signatures). */
export function base58(bytes) {
  const digits = [];
  for (const byte of bytes) {
    let carry = byte;
    for (let i = 0; i < digits.length; i++) {
      carry += digits[i] << 8;
      digits[i] = carry % 58;
      carry = (carry / 58) | 0;
    }
    while (carry > 0) {
      digits.push(carry % 58);
      carry = (carry / 58) | 0;
    }
  }
  let text = '';
  for (const byte of bytes) {
    if (byte !== 0) break;
    text += '1';
  }
  return text + digits.reverse().map((d) => ALPHABET[d]).join('');
}

/** Base58 as bytes; throws on a character outside the alphabet. */
export function fromBase58(text) {
  const bytes = [];
  for (const char of text) {
    let carry = ALPHABET.indexOf(char);
    if (carry < 0) throw new Error(`not base58: ${text}`);
    for (let i = 0; i < bytes.length; i++) {
      carry += bytes[i] * 58;
      bytes[i] = carry & 0xff;
      carry >>= 8;
    }
    while (carry > 0) {
      bytes.push(carry & 0xff);
      carry >>= 8;
    }
  }
  for (const char of text) {
    if (char !== '1') break;
    bytes.push(0);
  }
  return new Uint8Array(bytes.reverse());
}

/** Base64 as bytes. */
export function fromBase64(text) {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

/** Asks `wallet` to connect; returns its first account. */
export async function connect(wallet) {
  const { accounts } = await wallet.features['standard:connect'].connect();
  if (!accounts?.length) throw new Error(`${wallet.name} shared no account`);
  return accounts[0];
}

/** Has `wallet` sign and send the unsigned transaction `base64` as `account` on `chain`; returns its signature. */
export async function signAndSend(wallet, account, chain, base64) {
  const feature = wallet.features['solana:signAndSendTransaction'];
  const [output] = await feature.signAndSendTransaction({
    account,
    chain,
    transaction: fromBase64(base64),
    options: { preflightCommitment: 'confirmed' },
  });
  return base58(output.signature);
}
